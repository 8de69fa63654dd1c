package io.topowatch.alert;

/**
 * Every parameter of the transition detector and the steering, with documented defaults
 * ({@link #defaults()}, tuned with {@code topowatch detect-eval}; see docs/MODEL.md, "Transition detection").
 *
 * <p><b>Hysteresis.</b> A point counts as topological when p − z·σ &gt; ½ + h, as trivial when
 * p + z·σ &lt; ½ − h, and as neither otherwise (σ its MC-dropout uncertainty). A transition needs the old
 * phase before the change and {@code confirmPoints} points of the new phase after it, so a wide σ keeps a
 * point out of both phases and suppresses alerts.
 *
 * <p><b>Change point.</b> The probabilities p_i of the points since the last transition, weighted by
 * w_i = 1/(σ_i² + σ_0²), are fitted by one constant (no change) and by a two-segment step function; the split
 * maximising the likelihood ratio is the candidate (see {@link ChangePoint}).
 *
 * <p><b>Classifier calibration.</b> The step in P(topological) is where the <i>classifier</i> changes its mind,
 * which need not be where the band inverts. {@code classifierOffset} is where the classifier's step lies
 * relative to the true critical value, in setpoint spacings (so it holds for field and strain), positive on the
 * topological side (a classifier that needs a well-inverted band: late going trivial→topological), negative on
 * the trivial side (early). It is a property of the model and is <i>measured</i>, not guessed:
 * {@code topowatch detect-eval} prints the median signed offset of the model's 0.5 crossing from the true
 * critical value over its sweeps ({@link DetectionEvaluation#medianCrossingOffset}); the estimate moves back by
 * it. The two widenings extend the change point's interval on either side to cover the spread of that offset
 * from material to material; they are tuned for interval coverage with {@code detect-eval}. The defaults are
 * for the bundled {@code topownet-0.3.1}; another model needs them re-measured (0, 0, 0 turns the calibration
 * off).
 *
 * @param hysteresis        h: half-width of the band around ½ in which a point belongs to neither phase
 * @param uncertaintyZ      z: how many σ a point must clear the band by
 * @param uncertaintyFloor  σ_0: added in quadrature to each point's σ in the weights (the classifier's
 *                          scatter that MC dropout does not see: a saturated sigmoid gives σ ≈ 0 even for a
 *                          wrong point, and without a floor one such point outweighs the rest)
 * @param minSegment        points on each side of a candidate split
 * @param confirmPoints     points after the split that must lie in the new phase
 * @param minStep           least |mean after − mean before| of P(topological) for an alert
 * @param minConfidence     least change-point confidence for an alert
 * @param confidenceMethod  which confidence gates alerts and is reported ({@link ConfidenceMethod})
 * @param permutations      permutations of the permutation test (resolution 1/(permutations + 1))
 * @param intervalMass      posterior mass of the split location covered by the critical interval
 * @param classifierOffset  signed offset of the classifier's step from the true critical value, in setpoint
 *                          spacings, positive toward the topological side; the critical estimate moves back by
 *                          it (classifier calibration, see above)
 * @param trivialSideWidening     the critical interval extends this many spacings further on the trivial side
 * @param topologicalSideWidening ... and this many on the topological side
 * @param steerConfidence   least change-point confidence before steering bisects a candidate interval
 * @param steerResolution   steering stops bisecting once the widest unmeasured gap in the interval is at most
 *                          this fraction of the sweep's setpoint spacing
 * @param controlVariable   the swept control key, or null to take the one whose values vary most
 */
public record DetectorSettings(double hysteresis, double uncertaintyZ, double uncertaintyFloor, int minSegment,
        int confirmPoints, double minStep, double minConfidence, ConfidenceMethod confidenceMethod, int permutations,
        double intervalMass, double classifierOffset, double trivialSideWidening, double topologicalSideWidening,
        double steerConfidence, double steerResolution, String controlVariable) {

    /** See {@link ChangePoint}. */
    public enum ConfidenceMethod { LIKELIHOOD_RATIO, PERMUTATION }

    public DetectorSettings {
        if (confidenceMethod == null) {
            throw new IllegalArgumentException("confidenceMethod is required");
        }
        require(hysteresis >= 0 && hysteresis < 0.5, "hysteresis must be in [0, 0.5)", hysteresis);
        require(uncertaintyZ >= 0 && Double.isFinite(uncertaintyZ), "uncertaintyZ must be >= 0", uncertaintyZ);
        require(uncertaintyFloor > 0 && Double.isFinite(uncertaintyFloor), "uncertaintyFloor must be > 0",
                uncertaintyFloor);
        require(minSegment >= 1, "minSegment must be >= 1", minSegment);
        require(confirmPoints >= 1 && confirmPoints <= minSegment, "confirmPoints must be in [1, minSegment]",
                confirmPoints);
        require(minStep >= 0 && minStep <= 1, "minStep must be in [0, 1]", minStep);
        require(minConfidence >= 0 && minConfidence < 1, "minConfidence must be in [0, 1)", minConfidence);
        require(permutations >= 19, "permutations must be >= 19", permutations);
        require(intervalMass > 0 && intervalMass <= 1, "intervalMass must be in (0, 1]", intervalMass);
        require(Double.isFinite(classifierOffset), "classifierOffset must be finite", classifierOffset);
        require(trivialSideWidening >= 0 && Double.isFinite(trivialSideWidening),
                "trivialSideWidening must be >= 0", trivialSideWidening);
        require(topologicalSideWidening >= 0 && Double.isFinite(topologicalSideWidening),
                "topologicalSideWidening must be >= 0", topologicalSideWidening);
        require(steerConfidence >= 0 && steerConfidence <= 1, "steerConfidence must be in [0, 1]", steerConfidence);
        require(steerResolution > 0 && Double.isFinite(steerResolution), "steerResolution must be > 0",
                steerResolution);
    }

    /** Median signed offset of {@code topownet-0.3.1}'s 0.5 crossing from the true critical value, in setpoint
     * spacings (+ toward the topological side), over the 165 crossing sweeps of detect-eval seeds 1000 and 2000
     * whose P crosses ½ in the true direction ({@link DetectionEvaluation#medianCrossingOffset}): −0.169. */
    public static final double TOPOWNET_0_3_1_CLASSIFIER_OFFSET = -0.17;

    /**
     * The defaults: h 0.15, z 1.5, σ_0 0.1, 2 points a side, 1 confirming, step 0.3, likelihood-ratio
     * confidence 0.95 (199 permutations when that method is chosen), 90 % posterior interval; calibration for
     * {@code topownet-0.3.1}: classifier offset {@value #TOPOWNET_0_3_1_CLASSIFIER_OFFSET} spacings (measured),
     * interval widened 1 spacing on the trivial side and 1.5 on the topological side (the narrowest widening whose
     * coverage on the tuning sweeps stays ≥ 80 % less one binomial standard error); steering from confidence 0.5
     * down to a quarter spacing. Tuned on 400 simulated sweeps (seeds 1000 and 2000); see docs/MODEL.md.
     */
    public static DetectorSettings defaults() {
        return new DetectorSettings(0.15, 1.5, 0.1, 2, 1, 0.3, 0.95, ConfidenceMethod.LIKELIHOOD_RATIO, 199, 0.9,
                TOPOWNET_0_3_1_CLASSIFIER_OFFSET, 1.0, 1.5, 0.5, 0.25, null);
    }

    /** These settings without the classifier calibration: the interval is the change point's own. */
    public DetectorSettings uncalibrated() {
        return withCalibration(0, 0, 0);
    }

    /** The classifier offset (spacings, + toward the topological side) and the two interval widenings. */
    public DetectorSettings withCalibration(double offset, double trivialWidening, double topologicalWidening) {
        return withClassifierOffset(offset).withTrivialSideWidening(trivialWidening)
                .withTopologicalSideWidening(topologicalWidening);
    }

    /** Both segment counts at once (confirmPoints must not exceed minSegment). */
    public DetectorSettings withSegments(int segment, int confirm) {
        return new DetectorSettings(hysteresis, uncertaintyZ, uncertaintyFloor, segment, confirm, minStep,
                minConfidence, confidenceMethod, permutations, intervalMass, classifierOffset, trivialSideWidening,
                topologicalSideWidening, steerConfidence, steerResolution, controlVariable);
    }

    public DetectorSettings withHysteresis(double value) {
        return new DetectorSettings(value, uncertaintyZ, uncertaintyFloor, minSegment, confirmPoints, minStep,
                minConfidence, confidenceMethod, permutations, intervalMass, classifierOffset, trivialSideWidening,
                topologicalSideWidening, steerConfidence, steerResolution, controlVariable);
    }

    public DetectorSettings withUncertaintyZ(double value) {
        return new DetectorSettings(hysteresis, value, uncertaintyFloor, minSegment, confirmPoints, minStep,
                minConfidence, confidenceMethod, permutations, intervalMass, classifierOffset, trivialSideWidening,
                topologicalSideWidening, steerConfidence, steerResolution, controlVariable);
    }

    public DetectorSettings withUncertaintyFloor(double value) {
        return new DetectorSettings(hysteresis, uncertaintyZ, value, minSegment, confirmPoints, minStep,
                minConfidence, confidenceMethod, permutations, intervalMass, classifierOffset, trivialSideWidening,
                topologicalSideWidening, steerConfidence, steerResolution, controlVariable);
    }

    public DetectorSettings withMinSegment(int value) {
        return new DetectorSettings(hysteresis, uncertaintyZ, uncertaintyFloor, value, confirmPoints, minStep,
                minConfidence, confidenceMethod, permutations, intervalMass, classifierOffset, trivialSideWidening,
                topologicalSideWidening, steerConfidence, steerResolution, controlVariable);
    }

    public DetectorSettings withConfirmPoints(int value) {
        return new DetectorSettings(hysteresis, uncertaintyZ, uncertaintyFloor, minSegment, value, minStep,
                minConfidence, confidenceMethod, permutations, intervalMass, classifierOffset, trivialSideWidening,
                topologicalSideWidening, steerConfidence, steerResolution, controlVariable);
    }

    public DetectorSettings withMinStep(double value) {
        return new DetectorSettings(hysteresis, uncertaintyZ, uncertaintyFloor, minSegment, confirmPoints, value,
                minConfidence, confidenceMethod, permutations, intervalMass, classifierOffset, trivialSideWidening,
                topologicalSideWidening, steerConfidence, steerResolution, controlVariable);
    }

    public DetectorSettings withMinConfidence(double value) {
        return new DetectorSettings(hysteresis, uncertaintyZ, uncertaintyFloor, minSegment, confirmPoints, minStep,
                value, confidenceMethod, permutations, intervalMass, classifierOffset, trivialSideWidening,
                topologicalSideWidening, steerConfidence, steerResolution, controlVariable);
    }

    public DetectorSettings withConfidenceMethod(ConfidenceMethod value) {
        return new DetectorSettings(hysteresis, uncertaintyZ, uncertaintyFloor, minSegment, confirmPoints, minStep,
                minConfidence, value, permutations, intervalMass, classifierOffset, trivialSideWidening,
                topologicalSideWidening, steerConfidence, steerResolution, controlVariable);
    }

    public DetectorSettings withPermutations(int value) {
        return new DetectorSettings(hysteresis, uncertaintyZ, uncertaintyFloor, minSegment, confirmPoints, minStep,
                minConfidence, confidenceMethod, value, intervalMass, classifierOffset, trivialSideWidening,
                topologicalSideWidening, steerConfidence, steerResolution, controlVariable);
    }

    public DetectorSettings withIntervalMass(double value) {
        return new DetectorSettings(hysteresis, uncertaintyZ, uncertaintyFloor, minSegment, confirmPoints, minStep,
                minConfidence, confidenceMethod, permutations, value, classifierOffset, trivialSideWidening,
                topologicalSideWidening, steerConfidence, steerResolution, controlVariable);
    }

    public DetectorSettings withClassifierOffset(double value) {
        return new DetectorSettings(hysteresis, uncertaintyZ, uncertaintyFloor, minSegment, confirmPoints, minStep,
                minConfidence, confidenceMethod, permutations, intervalMass, value, trivialSideWidening,
                topologicalSideWidening, steerConfidence, steerResolution, controlVariable);
    }

    public DetectorSettings withTrivialSideWidening(double value) {
        return new DetectorSettings(hysteresis, uncertaintyZ, uncertaintyFloor, minSegment, confirmPoints, minStep,
                minConfidence, confidenceMethod, permutations, intervalMass, classifierOffset, value,
                topologicalSideWidening, steerConfidence, steerResolution, controlVariable);
    }

    public DetectorSettings withTopologicalSideWidening(double value) {
        return new DetectorSettings(hysteresis, uncertaintyZ, uncertaintyFloor, minSegment, confirmPoints, minStep,
                minConfidence, confidenceMethod, permutations, intervalMass, classifierOffset, trivialSideWidening,
                value, steerConfidence, steerResolution, controlVariable);
    }

    public DetectorSettings withSteerConfidence(double value) {
        return new DetectorSettings(hysteresis, uncertaintyZ, uncertaintyFloor, minSegment, confirmPoints, minStep,
                minConfidence, confidenceMethod, permutations, intervalMass, classifierOffset, trivialSideWidening,
                topologicalSideWidening, value, steerResolution, controlVariable);
    }

    public DetectorSettings withSteerResolution(double value) {
        return new DetectorSettings(hysteresis, uncertaintyZ, uncertaintyFloor, minSegment, confirmPoints, minStep,
                minConfidence, confidenceMethod, permutations, intervalMass, classifierOffset, trivialSideWidening,
                topologicalSideWidening, steerConfidence, value, controlVariable);
    }

    public DetectorSettings withControlVariable(String value) {
        return new DetectorSettings(hysteresis, uncertaintyZ, uncertaintyFloor, minSegment, confirmPoints, minStep,
                minConfidence, confidenceMethod, permutations, intervalMass, classifierOffset, trivialSideWidening,
                topologicalSideWidening, steerConfidence, steerResolution, value);
    }

    /** The confidence of a fit by {@link #confidenceMethod()}. */
    public double confidence(ChangePoint.Fit fit) {
        return confidenceMethod == ConfidenceMethod.PERMUTATION ? fit.permutationConfidence() : fit.lrConfidence();
    }

    /** The permutations a fit must run: {@link #permutations()} when they gate alerts, else none. */
    int permutationsNeeded() {
        return confidenceMethod == ConfidenceMethod.PERMUTATION ? permutations : 0;
    }

    /** Which side of the hysteresis band a point lies on: +1 topological, −1 trivial, 0 neither. */
    public int side(double probability, double uncertainty) {
        if (probability - uncertaintyZ * uncertainty > 0.5 + hysteresis) {
            return 1;
        }
        if (probability + uncertaintyZ * uncertainty < 0.5 - hysteresis) {
            return -1;
        }
        return 0;
    }

    /** The weight 1/(σ² + σ_0²) of a point in the change-point fit. */
    public double weight(double uncertainty) {
        return 1.0 / (uncertainty * uncertainty + uncertaintyFloor * uncertaintyFloor);
    }

    private static void require(boolean ok, String message, double value) {
        if (!ok) {
            throw new IllegalArgumentException(message + ", got " + value);
        }
    }
}
