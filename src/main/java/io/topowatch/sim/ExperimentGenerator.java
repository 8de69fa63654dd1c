package io.topowatch.sim;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random experiments on real labelled materials: a material drawn from the tqc labels (its composition and
 * space group), a zero-field mass consistent with its label, and a field sweep 0 → 9 T or a strain sweep
 * −1 % → +1 %. A chosen fraction of experiments crosses the Γ gap closing (m = 2) exactly once, at a
 * critical value B_c or ε_c in the inner 80 % of the sweep; the others stay in their phase throughout.
 * Neither kind reaches the m = 0 closing. The seed fixes everything.
 */
public final class ExperimentGenerator {

    /**
     * @param setpoints        setpoints per sweep (at least 2)
     * @param crossingFraction share of experiments driven through a transition, 0..1
     * @param strainFraction   share of strain sweeps (the rest sweep the field), 0..1
     * @param coupling         every absorber's coupling to the topological bands, or null to draw 0.5..1
     * @param beamline         how the scans are measured
     */
    public record Options(int setpoints, double crossingFraction, double strainFraction, Double coupling,
            Beamline beamline) {

        public Options {
            if (setpoints < 2) {
                throw new IllegalArgumentException("setpoints must be at least 2, got " + setpoints);
            }
            if (!(crossingFraction >= 0 && crossingFraction <= 1) || !(strainFraction >= 0 && strainFraction <= 1)) {
                throw new IllegalArgumentException("fractions must be in [0, 1], got " + crossingFraction + ", "
                        + strainFraction);
            }
            if (coupling != null && !(coupling >= 0 && coupling <= 1)) {
                throw new IllegalArgumentException("coupling must be in [0, 1], got " + coupling);
            }
        }

        public static Options defaults() {
            return new Options(19, 0.5, 0.3, null, Beamline.REALISTIC);
        }

        public Options withCrossingFraction(double fraction) {
            return new Options(setpoints, fraction, strainFraction, coupling, beamline);
        }

        public Options withBeamline(Beamline b) {
            return new Options(setpoints, crossingFraction, strainFraction, coupling, b);
        }

        public Options withSetpoints(int n) {
            return new Options(n, crossingFraction, strainFraction, coupling, beamline);
        }

        public Options withStrainFraction(double fraction) {
            return new Options(setpoints, crossingFraction, fraction, coupling, beamline);
        }

        public Options withCoupling(Double c) {
            return new Options(setpoints, crossingFraction, strainFraction, c, beamline);
        }
    }

    public static final double MAX_FIELD_T = 9.0;
    public static final double MAX_STRAIN_PCT = 1.0;
    public static final double TEMPERATURE_K = 10.0;
    /** The mass stays at least this far from the m = 0 closing. */
    private static final double MASS_FLOOR = 0.15;
    /** Non-crossing sweeps keep at least this distance from the critical mass. */
    private static final double PHASE_MARGIN = 0.1;

    private ExperimentGenerator() {}

    /** Experiment {@code id} from {@code seed}: the same pair gives the same material, sweep and scans. */
    public static Experiment generate(String id, long seed, Options options) {
        return generate(id, seed, options, Labels.ALL);
    }

    static Experiment generate(String id, long seed, Options options, List<Material> materials) {
        SplittableRandom random = new SplittableRandom(seed);
        Material material = materials.get(random.nextInt(materials.size()));
        boolean strain = random.nextDouble() < options.strainFraction();
        boolean crossing = random.nextDouble() < options.crossingFraction();
        Sweep sweep = strain
                ? Sweep.strain(-MAX_STRAIN_PCT, MAX_STRAIN_PCT, options.setpoints())
                : Sweep.field(0, MAX_FIELD_T, options.setpoints());
        double from = sweep.values().get(0);
        double to = sweep.values().get(sweep.setpoints() - 1);
        double m0 = 0;
        double slope = Double.NaN;
        for (int attempt = 0; attempt < 1000 && Double.isNaN(slope); attempt++) {
            m0 = material.topological() ? random.nextDouble(0.3, 1.9) : random.nextDouble(2.1, 4.0);
            slope = crossing ? crossingSlope(m0, from, to, sweep.setpoints(), random) : stayingSlope(m0, material.topological(), from, to,
                    random);
        }
        if (Double.isNaN(slope)) {
            throw new IllegalStateException("no sweep found for " + material.formula());
        }
        SampleState state = strain ? new SampleState(m0, 0, slope) : new SampleState(m0, -slope, 0);
        Map<String, Double> shifts = new HashMap<>();
        Map<String, Double> coupling = new HashMap<>();
        for (String e : material.elements()) {
            shifts.put(e, random.nextDouble(-2.0, 2.0));
            double c = random.nextDouble(TrainingData.MIN_COUPLING, TrainingData.MAX_COUPLING);
            coupling.put(e, options.coupling() != null ? options.coupling() : c);
        }
        String name = material.formula() + "-" + Long.toHexString(seed & 0xffffL);
        SimulatedSample sample = new SimulatedSample(name, material, state, Map.copyOf(shifts), Map.copyOf(coupling));
        return new Experiment(id, List.of(sample), sweep, TEMPERATURE_K, seed, options.beamline());
    }

    /**
     * dm/dx putting the single m = 2 crossing at a critical x_c in the inner 80 % of [from, to], away from
     * x = 0, with m ≥ MASS_FLOOR at both ends; NaN when this m0 allows none (the caller redraws m0).
     */
    private static double crossingSlope(double m0, double from, double to, int setpoints, SplittableRandom random) {
        double span = to - from;
        double xc = random.nextDouble(from + 0.1 * span, to - 0.1 * span);
        if (Math.abs(xc) < 0.1 * span || nearSetpoint(xc, from, to, setpoints)) {
            return Double.NaN;
        }
        double slope = (SampleState.CRITICAL_MASS - m0) / xc;
        double lowest = Math.min(m0 + slope * from, m0 + slope * to);
        return lowest >= MASS_FLOOR ? slope : Double.NaN;
    }

    /**
     * Whether x lies within 2 % of a setpoint spacing of a setpoint: the critical value stays between two
     * setpoints, so the ground truth never has to name the invariant on a closed gap.
     */
    private static boolean nearSetpoint(double x, double from, double to, int setpoints) {
        double step = (to - from) / (setpoints - 1);
        double position = (x - from) / step;
        return Math.abs(position - Math.rint(position)) < 0.02;
    }

    /** A slope keeping m on its label's side, at least PHASE_MARGIN from 2 and above MASS_FLOOR. */
    private static double stayingSlope(double m0, boolean topological, double from, double to,
            SplittableRandom random) {
        double low = topological ? MASS_FLOOR : SampleState.CRITICAL_MASS + PHASE_MARGIN;
        double high = topological ? SampleState.CRITICAL_MASS - PHASE_MARGIN : 4.5;
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        for (double x : new double[] {from, to}) {
            if (x != 0) {
                double a = (low - m0) / x;
                double b = (high - m0) / x;
                lo = Math.max(lo, Math.min(a, b));
                hi = Math.min(hi, Math.max(a, b));
            }
        }
        return lo <= hi ? random.nextDouble(lo, Math.nextUp(hi)) : Double.NaN;
    }

    /** The labelled materials, loaded once. */
    private static final class Labels {
        static final List<Material> ALL = MaterialLabels.load();
    }
}
