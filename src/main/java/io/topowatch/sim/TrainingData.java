package io.topowatch.sim;

import io.topowatch.ingest.ScanRecord;
import io.topowatch.spectrum.Preprocessing;
import io.topowatch.spectrum.SampleTensor;
import io.topowatch.spectrum.Spectrum;
import io.topowatch.train.Formulas;
import io.topowatch.train.LabelledSample;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * A labelled training set drawn from the real material labels: each material gets a band mass consistent
 * with its label (topological: m0 in 0.2..1.9, trivial: 2.1..4.0), per-element couplings and chemical
 * shifts, and one noisy zero-field scan per element, preprocessed exactly as the stream does.
 *
 * <p><b>Near-critical samples.</b> A share of the samples (chosen per index by a seeded draw of its own,
 * {@link #DEFAULT_NEAR_CRITICAL} by default) instead get a mass close to the gap closing,
 * m0 = 2 ± u with u in [{@value #NEAR_CRITICAL_MIN}, {@value #NEAR_CRITICAL_MAX}) and either side equally
 * likely, and are labelled by the exact invariant of their bands ({@link QwzModel#invariant()} ≠ 0), not by
 * the material's label. Without them no training sample lies between 1.9 and 2.1, where a field sweep
 * crosses, and a network may place the transition anywhere in that hole or lean on composition priors
 * (docs/MODEL.md, topownet-0.3.0). The near-critical draw uses the one random number the mass draw would
 * have used, so with a share of 0 every sample is exactly what it was before they existed.
 */
public final class TrainingData {

    public static final double MIN_COUPLING = 0.5;
    public static final double MAX_COUPLING = 1.0;
    /** Default share of near-critical samples. */
    public static final double DEFAULT_NEAR_CRITICAL = 0.25;
    /** Nearest a near-critical mass comes to the critical mass 2 (keeps the invariant's k-grid small). */
    public static final double NEAR_CRITICAL_MIN = 0.01;
    /** Furthest a near-critical mass lies from the critical mass 2. */
    public static final double NEAR_CRITICAL_MAX = 0.4;
    private static final long NEAR_CRITICAL_SALT = 0x5DEECE66DL;

    private TrainingData() {}

    /**
     * {@code count} samples without near-critical ones; the same seed gives the same samples, whatever the
     * thread count.
     */
    public static List<LabelledSample> generate(int count, long seed) {
        return generate(count, seed, null);
    }

    /**
     * {@code count} samples with every absorber's coupling to the topological bands fixed at
     * {@code coupling} (0..1; 0 = the spectra carry no topological information, the classifier's baseline),
     * or drawn per element (0.5..1) when null, which is exactly {@link #generate(int, long)}. All other draws
     * are the same for the same seed, so only the coupling differs between two such sets. No near-critical
     * samples.
     */
    public static List<LabelledSample> generate(int count, long seed, Double coupling) {
        return generate(count, seed, coupling, 0);
    }

    /**
     * {@code count} samples of which about {@code nearCritical} (0..1) are near-critical (see the class
     * comment); the others are exactly those of {@link #generate(int, long, Double)}.
     */
    public static List<LabelledSample> generate(int count, long seed, Double coupling, double nearCritical) {
        return drawAll(count, seed, coupling, nearCritical).stream().map(Drawn::sample).toList();
    }

    /** The drawn samples with their parameters, in index order; validates the arguments. */
    static List<Drawn> drawAll(int count, long seed, Double coupling, double nearCritical) {
        if (coupling != null && !(coupling >= 0 && coupling <= 1)) {
            throw new IllegalArgumentException("coupling must be in [0, 1], got " + coupling);
        }
        if (!(nearCritical >= 0 && nearCritical <= 1)) {
            throw new IllegalArgumentException("near-critical share must be in [0, 1], got " + nearCritical);
        }
        List<Material> materials = MaterialLabels.load();
        return IntStream.range(0, count).parallel()
                .mapToObj(i -> sample(materials, i, new SplittableRandom(seed * 1_000_003L + i), coupling,
                        isNearCritical(seed, i, nearCritical)))
                .toList();
    }

    /** Whether sample {@code index} is near-critical: a seeded draw of its own, apart from the sample's. */
    static boolean isNearCritical(long seed, int index, double share) {
        return share > 0 && new SplittableRandom((seed * 1_000_003L + index) ^ NEAR_CRITICAL_SALT).nextDouble() < share;
    }

    static LabelledSample sample(List<Material> materials, int index, SplittableRandom random) {
        return sample(materials, index, random, null, false).sample();
    }

    /** A drawn training sample with the parameters it was simulated with. */
    record Drawn(LabelledSample sample, Material material, double m0, Map<String, Double> coupling,
            boolean nearCritical) {}

    /**
     * Sample {@code index}; {@code fixedCoupling} (0..1), when given, replaces every element's drawn coupling
     * and leaves every other draw as it was; {@code nearCritical} draws the mass near 2 from the same random
     * number and labels the sample by its invariant.
     */
    static Drawn sample(List<Material> materials, int index, SplittableRandom random, Double fixedCoupling,
            boolean nearCritical) {
        Material material = materials.get(random.nextInt(materials.size()));
        double m0;
        boolean topological;
        if (nearCritical) {
            m0 = nearCriticalMass(random.nextDouble());
            topological = new QwzModel(m0).invariant() != 0;
        } else {
            m0 = material.topological() ? random.nextDouble(0.2, 1.9) : random.nextDouble(2.1, 4.0);
            topological = material.topological();
        }
        Map<String, Double> shifts = new HashMap<>();
        Map<String, Double> coupling = new HashMap<>();
        for (String e : material.elements()) {
            shifts.put(e, random.nextDouble(-2.0, 2.0));
            double drawn = random.nextDouble(MIN_COUPLING, MAX_COUPLING);
            coupling.put(e, fixedCoupling != null ? fixedCoupling : drawn);
        }
        String name = "train-" + index + "-" + material.formula();
        SimulatedSample sample = new SimulatedSample(name, material, new SampleState(m0, 0, 0), shifts, coupling);
        Map<String, float[]> spectra = new TreeMap<>();
        for (String element : material.elements()) {
            ScanRecord scan = ScanGenerator.scan("training", sample, element, 0, Map.of(ScanRecord.FIELD_T, 0.0),
                    Instant.EPOCH, random.split());
            Spectrum raw = new Spectrum(scan.energy(), scan.absorption());
            spectra.put(element, Preprocessing.toWindow(raw, element).values());
        }
        return new Drawn(new LabelledSample(name, SampleTensor.assemble(spectra, material.spaceGroup()),
                topological, Formulas.reduced(material.formula())), material, m0, new TreeMap<>(coupling),
                nearCritical);
    }

    /** A mass 2 ± u from one uniform number v in [0, 1): below 2 for v &lt; 0.5, u uniform in [min, max). */
    static double nearCriticalMass(double v) {
        double side = v < 0.5 ? -1 : 1;
        double u = NEAR_CRITICAL_MIN + (NEAR_CRITICAL_MAX - NEAR_CRITICAL_MIN) * ((v < 0.5 ? v : v - 0.5) * 2);
        return SampleState.CRITICAL_MASS + side * u;
    }
}
