package io.topowatch.dashboard;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * One validated trajectory point: the JSON value of the trajectories topic, kept both as the text we received
 * (pushed to browsers unchanged) and parsed (for {@code /api/trajectories}).
 *
 * <p>Only what the dashboard relies on is checked: a JSON object, {@code type} absent or {@code "trajectory"},
 * non-blank string {@code experiment} and {@code sample}, and a finite {@code probability} in [0, 1]. Other
 * fields pass through untouched so producers may add some.
 */
record TrajectoryPoint(String experiment, String sample, JsonObject json, String text) {

    /**
     * @throws IllegalArgumentException when {@code text} is not a trajectory point as described above
     */
    static TrajectoryPoint parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("null body");
        }
        JsonObject json;
        try {
            json = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
        }
        Object type = json.getValue("type");
        if (type != null && !"trajectory".equals(type)) {
            throw new IllegalArgumentException("type is " + type + ", expected \"trajectory\"");
        }
        String experiment = requireText(json, "experiment");
        String sample = requireText(json, "sample");
        if (!(json.getValue("probability") instanceof Number p)
                || !Double.isFinite(p.doubleValue()) || p.doubleValue() < 0.0 || p.doubleValue() > 1.0) {
            throw new IllegalArgumentException("probability must be a number in [0, 1], got "
                    + json.getValue("probability"));
        }
        return new TrajectoryPoint(experiment, sample, json, text);
    }

    private static String requireText(JsonObject json, String field) {
        if (json.getValue(field) instanceof String s && !s.isBlank()) {
            return s;
        }
        throw new IllegalArgumentException(field + " must be a non-blank string, got " + json.getValue(field));
    }
}
