package io.topowatch.train;

import io.topowatch.spectrum.ElementChannels;
import io.topowatch.spectrum.SampleTensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Separable synthetic data for smoke tests: every sample has Si and Bi spectra shaped as a noisy edge step
 * (logistic at point 60); topological samples add a Gaussian peak (height 0.6, σ 4 points) at point 120 in
 * both channels. About 30 % are topological, so class weighting matters.
 */
public final class SyntheticSamples {

    public static final List<String> ELEMENTS = List.of("Si", "Bi");
    private static final int[] SPACE_GROUPS = {2, 14, 62, 139, 166, 194, 216, 225};

    private SyntheticSamples() {}

    public static List<LabelledSample> generate(int count, long seed) {
        Random random = new Random(seed);
        List<LabelledSample> out = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            boolean topological = random.nextDouble() < 0.3;
            Map<String, float[]> spectra = new HashMap<>();
            for (String element : ELEMENTS) {
                spectra.put(element, spectrum(random, topological));
            }
            int spaceGroup = SPACE_GROUPS[random.nextInt(SPACE_GROUPS.length)];
            out.add(new LabelledSample("syn-" + n, SampleTensor.assemble(spectra, spaceGroup), topological));
        }
        return out;
    }

    /** One channel: edge step with a random shift of ±2 points, noise σ 0.03, optional peak. */
    public static float[] spectrum(Random random, boolean peak) {
        float[] v = new float[ElementChannels.POINTS];
        double edge = 60 + (random.nextDouble() * 4 - 2);
        for (int i = 0; i < v.length; i++) {
            double step = 1.0 / (1.0 + Math.exp(-(i - edge) / 3.0));
            double bump = peak ? 0.6 * Math.exp(-Math.pow(i - 120, 2) / (2 * 16.0)) : 0.0;
            v[i] = (float) (step + bump + 0.03 * random.nextGaussian());
        }
        return v;
    }
}
