package io.topowatch.alert;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which way a sample's topology changed, in sweep (setpoint) order; written as in the alert schema. */
public enum Direction {
    TRIVIAL_TO_TOPOLOGICAL("trivial->topological"),
    TOPOLOGICAL_TO_TRIVIAL("topological->trivial");

    private final String label;

    Direction(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    public Direction reversed() {
        return this == TRIVIAL_TO_TOPOLOGICAL ? TOPOLOGICAL_TO_TRIVIAL : TRIVIAL_TO_TOPOLOGICAL;
    }

    /** The direction of a step in P(topological): up is trivial → topological. */
    public static Direction ofStep(double step) {
        return step > 0 ? TRIVIAL_TO_TOPOLOGICAL : TOPOLOGICAL_TO_TRIVIAL;
    }

    @JsonCreator
    public static Direction fromLabel(String label) {
        for (Direction d : values()) {
            if (d.label.equals(label) || d.name().equals(label)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown direction: " + label);
    }

    @Override
    public String toString() {
        return label;
    }
}
