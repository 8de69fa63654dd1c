package io.topowatch.train;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-sample loss weights against the two imbalances the seed paper names (section 1.2): class (about one
 * topological sample per four trivial) and element representation. A sample's weight is
 * <pre>
 *   w = classWeight · r / mean_train(r),   r = mean over the sample's elements e of 1/√(n_e)
 * </pre>
 * with {@code n_e} the number of training samples containing e and classWeight = n_trivial / n_topological
 * for topological samples, 1 for trivial ones. The element factor r / mean(r) has mean 1 over the training
 * split, so it redistributes weight towards rare elements without changing the class balance on average.
 * Validation samples are weighted with the same (training) counts; an element no training sample has
 * counts as 1.
 */
public final class SampleWeights {

    private final double positiveWeight;
    private final boolean byElement;
    private final Map<String, Integer> counts;
    private final double meanRarity;

    private SampleWeights(double positiveWeight, boolean byElement, Map<String, Integer> counts, double meanRarity) {
        this.positiveWeight = positiveWeight;
        this.byElement = byElement;
        this.counts = counts;
        this.meanRarity = meanRarity;
    }

    /** Fits the class weight and element counts on the training split. */
    public static SampleWeights fit(List<LabelledSample> train, boolean byElement) {
        long positives = train.stream().filter(LabelledSample::topological).count();
        if (positives == 0 || positives == train.size()) {
            throw new IllegalArgumentException("training split needs both classes");
        }
        double positiveWeight = (double) (train.size() - positives) / positives;
        Map<String, Integer> counts = new HashMap<>();
        for (LabelledSample s : train) {
            s.tensor().presentElements().keySet().forEach(e -> counts.merge(e, 1, Integer::sum));
        }
        SampleWeights unnormalised = new SampleWeights(positiveWeight, byElement, counts, 1.0);
        double mean = train.stream().mapToDouble(unnormalised::rarity).average().orElse(1.0);
        return new SampleWeights(positiveWeight, byElement, counts, mean);
    }

    /** n_trivial / n_topological of the training split. */
    public double positiveWeight() {
        return positiveWeight;
    }

    /** The element factor r / mean_train(r) (1 when element weighting is off or the sample has no elements). */
    public double elementFactor(LabelledSample sample) {
        return byElement ? rarity(sample) / meanRarity : 1.0;
    }

    /** The sample's loss weight. */
    public double weight(LabelledSample sample) {
        return (sample.topological() ? positiveWeight : 1.0) * elementFactor(sample);
    }

    private double rarity(LabelledSample sample) {
        var elements = sample.tensor().presentElements().keySet();
        if (elements.isEmpty()) {
            return meanRarity;
        }
        double sum = 0;
        for (String e : elements) {
            sum += 1.0 / Math.sqrt(counts.getOrDefault(e, 1));
        }
        return sum / elements.size();
    }
}
