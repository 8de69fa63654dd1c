package io.topowatch.alert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Someone's wish to hear about phase-transition alarms: which experiments (a {@link Glob}), which transitions,
 * from which confidence, and how to deliver them. Kept on the compacted topic {@code topowatch.subscriptions}
 * (value: {@link #toJson(boolean)} with the secret), schema in {@code topics/topowatch.subscriptions.json}.
 *
 * @param transitions the directions wanted; empty means both
 */
public record Subscription(String id, Glob experimentPattern, Set<String> transitions, double minConfidence,
                           Delivery delivery, String createdAt) {

    public static final Set<String> DIRECTIONS = Set.of("trivial->topological", "topological->trivial");
    private static final String ID_SYNTAX = "[A-Za-z0-9._-]{1,64}";
    private static final String TOPIC_SYNTAX = "[A-Za-z0-9._-]{1,249}";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How a matching alarm leaves TopoWatch. */
    public enum DeliveryType { WEBSOCKET, WEBHOOK, KAFKA }

    /**
     * @param url    webhook only: http or https URL
     * @param secret webhook only: HMAC-SHA256 key of the {@code X-TopoWatch-Signature} header
     * @param topic  kafka only
     */
    public record Delivery(DeliveryType type, String url, String secret, String topic) {

        public Delivery {
            Objects.requireNonNull(type, "delivery.type");
        }

        JsonObject toJson(boolean withSecret) {
            JsonObject j = new JsonObject().put("type", type.name().toLowerCase(Locale.ROOT));
            if (url != null) {
                j.put("url", url);
            }
            if (secret != null) {
                if (withSecret) {
                    j.put("secret", secret);
                } else {
                    j.put("hasSecret", true);
                }
            }
            if (topic != null) {
                j.put("topic", topic);
            }
            return j;
        }
    }

    public Subscription {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(experimentPattern, "experimentPattern");
        Objects.requireNonNull(delivery, "delivery");
        transitions = Set.copyOf(transitions);
    }

    /** Whether an alarm (alert JSON with experiment, direction, confidence) is one this subscription wants. */
    public boolean wants(JsonObject alarm) {
        Object confidence = alarm.getValue("confidence");
        double c = confidence instanceof Number n ? n.doubleValue() : 0.0;
        return experimentPattern.matches(alarm.getString("experiment"))
                && (transitions.isEmpty() || transitions.contains(alarm.getString("direction")))
                && c >= minConfidence;
    }

    /** The JSON form; without the secret ({@code delivery.hasSecret:true} instead) unless asked. */
    public JsonObject toJson(boolean withSecret) {
        JsonObject j = new JsonObject()
                .put("id", id)
                .put("experimentPattern", experimentPattern.text())
                .put("transitions", new JsonArray(transitions.stream().sorted().toList()))
                .put("minConfidence", minConfidence)
                .put("delivery", delivery.toJson(withSecret));
        if (createdAt != null) {
            j.put("createdAt", createdAt);
        }
        return j;
    }

    /**
     * Validates a request body or a stored record. A missing id and a missing webhook secret are generated
     * when {@code fillIn} is set (new subscriptions); a stored record must carry both.
     *
     * @throws IllegalArgumentException naming the field at fault
     */
    public static Subscription fromJson(JsonObject json, boolean fillIn, String now) {
        if (json == null) {
            throw new IllegalArgumentException("body must be a JSON object");
        }
        String id = optionalString(json, "id");
        if (id == null && fillIn) {
            id = "sub-" + randomToken(9);
        }
        if (id == null || !id.matches(ID_SYNTAX)) {
            throw new IllegalArgumentException("id must match " + ID_SYNTAX + ", got " + id);
        }
        String pattern = optionalString(json, "experimentPattern");
        if (pattern == null) {
            throw new IllegalArgumentException("experimentPattern is required (a glob, e.g. \"exp-1*\")");
        }
        Glob glob = Glob.of(pattern);

        Set<String> transitions = new LinkedHashSet<>();
        Object t = json.getValue("transitions");
        if (t != null) {
            if (!(t instanceof JsonArray array)) {
                throw new IllegalArgumentException("transitions must be an array of " + DIRECTIONS);
            }
            for (Object d : array) {
                if (!(d instanceof String s) || !DIRECTIONS.contains(s)) {
                    throw new IllegalArgumentException("transitions: unknown direction " + d + ", expected one of "
                            + DIRECTIONS);
                }
                transitions.add(s);
            }
        }

        Object mc = json.getValue("minConfidence", 0.0);
        if (!(mc instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0
                || n.doubleValue() > 1) {
            throw new IllegalArgumentException("minConfidence must be a number in [0, 1], got " + mc);
        }

        if (!(json.getValue("delivery") instanceof JsonObject d)) {
            throw new IllegalArgumentException("delivery must be an object {type: websocket|webhook|kafka, ...}");
        }
        Delivery delivery = delivery(d, fillIn);
        String createdAt = optionalString(json, "createdAt");
        return new Subscription(id, glob, transitions, n.doubleValue(), delivery, createdAt == null ? now : createdAt);
    }

    private static Delivery delivery(JsonObject d, boolean fillIn) {
        String type = optionalString(d, "type");
        DeliveryType kind;
        try {
            kind = DeliveryType.valueOf(String.valueOf(type).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("delivery.type must be websocket, webhook or kafka, got " + type);
        }
        switch (kind) {
            case WEBHOOK -> {
                String url = optionalString(d, "url");
                URI uri;
                try {
                    uri = URI.create(String.valueOf(url));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("delivery.url is not a URL: " + url);
                }
                if (url == null || uri.getHost() == null
                        || !List.of("http", "https").contains(String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("delivery.url must be an http or https URL, got " + url);
                }
                String secret = optionalString(d, "secret");
                if (secret == null && fillIn) {
                    secret = randomToken(24);
                }
                if (secret == null || secret.length() < 8) {
                    throw new IllegalArgumentException("delivery.secret must have at least 8 characters");
                }
                return new Delivery(kind, url, secret, null);
            }
            case KAFKA -> {
                String topic = optionalString(d, "topic");
                if (topic == null || !topic.matches(TOPIC_SYNTAX) || topic.startsWith("__")
                        || topic.startsWith("topowatch.")) {
                    throw new IllegalArgumentException("delivery.topic must be a Kafka topic name outside "
                            + "TopoWatch's own (not topowatch.* or __*), got " + topic);
                }
                return new Delivery(kind, null, null, topic);
            }
            default -> {
                return new Delivery(kind, null, null, null);
            }
        }
    }

    private static String optionalString(JsonObject json, String field) {
        Object v = json.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException(field + " must be a non-blank string, got " + v);
        }
        return s;
    }

    private static String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Keeps the secret out of logs. */
    @Override
    public String toString() {
        return "Subscription" + toJson(false).encode();
    }
}
