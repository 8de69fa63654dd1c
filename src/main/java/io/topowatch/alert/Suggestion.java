package io.topowatch.alert;

import java.time.Instant;
import java.util.List;

/**
 * Where to measure next, the value of {@code topowatch.suggestions} (schema
 * {@code topics/topowatch.suggestions.json}).
 *
 * @param nextValue         suggested control value of the next setpoint
 * @param criticalEstimate  the current estimate of the critical value, or null before any evidence
 * @param criticalInterval  [lo, hi] around it, or null
 * @param reason            {@link #CONTINUE} (no candidate transition: carry on with the sweep's spacing),
 *                          {@link #BISECT} (bisect the widest unmeasured gap of a candidate's interval) or
 *                          {@link #REFINE} (bisect the interval of the last alert)
 * @param afterSetpoint     the setpoint whose arrival produced it
 */
public record Suggestion(String type, String experiment, String sample, String controlVariable, double nextValue,
        Double criticalEstimate, List<Double> criticalInterval, String reason, String modelVersion,
        Instant suggestedAt, int afterSetpoint) {

    public static final String TYPE = "suggestion";
    public static final String CONTINUE = "continue-sweep";
    public static final String BISECT = "bisect-candidate";
    public static final String REFINE = "refine-alert";
}
