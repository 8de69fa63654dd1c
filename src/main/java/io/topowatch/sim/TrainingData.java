package io.topowatch.sim;

import io.topowatch.ingest.ScanRecord;
import io.topowatch.spectrum.Preprocessing;
import io.topowatch.spectrum.SampleTensor;
import io.topowatch.spectrum.Spectrum;
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
 */
public final class TrainingData {

    public static final double MIN_COUPLING = 0.5;
    public static final double MAX_COUPLING = 1.0;

    private TrainingData() {}

    /** {@code count} samples; the same seed gives the same samples, whatever the thread count. */
    public static List<LabelledSample> generate(int count, long seed) {
        return generate(count, seed, null);
    }

    /**
     * {@code count} samples with every absorber's coupling to the topological bands fixed at
     * {@code coupling} (0..1; 0 = the spectra carry no topological information, the classifier's baseline),
     * or drawn per element (0.5..1) when null, which is exactly {@link #generate(int, long)}. All other draws
     * are the same for the same seed, so only the coupling differs between two such sets.
     */
    public static List<LabelledSample> generate(int count, long seed, Double coupling) {
        if (coupling != null && !(coupling >= 0 && coupling <= 1)) {
            throw new IllegalArgumentException("coupling must be in [0, 1], got " + coupling);
        }
        List<Material> materials = MaterialLabels.load();
        return IntStream.range(0, count).parallel()
                .mapToObj(i -> sample(materials, i, new SplittableRandom(seed * 1_000_003L + i), coupling).sample())
                .toList();
    }

    static LabelledSample sample(List<Material> materials, int index, SplittableRandom random) {
        return sample(materials, index, random, null).sample();
    }

    /** A drawn training sample with the parameters it was simulated with. */
    record Drawn(LabelledSample sample, Material material, double m0, Map<String, Double> coupling) {}

    /**
     * Sample {@code index}; {@code fixedCoupling} (0..1), when given, replaces every element's drawn coupling
     * and leaves every other draw as it was.
     */
    static Drawn sample(List<Material> materials, int index, SplittableRandom random, Double fixedCoupling) {
        Material material = materials.get(random.nextInt(materials.size()));
        double m0 = material.topological() ? random.nextDouble(0.2, 1.9) : random.nextDouble(2.1, 4.0);
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
                material.topological()), material, m0, new TreeMap<>(coupling));
    }
}
