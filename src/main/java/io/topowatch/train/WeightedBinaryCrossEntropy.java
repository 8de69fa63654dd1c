package io.topowatch.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Sample-weighted binary cross-entropy on probabilities (the network ends in a sigmoid):
 * L = Σᵢ wᵢ·[−yᵢ·ln pᵢ − (1 − yᵢ)·ln(1 − pᵢ)] / Σᵢ wᵢ, with p clipped to [ε, 1 − ε].
 *
 * <p>Labels are {@code NDList(y (B, 1), w (B, 1))}; predictions {@code NDList(p (B, 1))}. Normalising by
 * Σw keeps the scale independent of a batch's class mix. (DJL's SigmoidBinaryCrossEntropyLoss takes no
 * per-sample weights, and its {@code fromSigmoid} branch omits ln(1 − p).)
 */
final class WeightedBinaryCrossEntropy extends Loss {

    static final float EPSILON = 1e-7f;

    WeightedBinaryCrossEntropy() {
        super("WeightedBCE");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray p = predictions.singletonOrThrow().clip(EPSILON, 1f - EPSILON);
        NDArray y = labels.get(0).reshape(p.getShape());
        NDArray w = labels.get(1).reshape(p.getShape());
        NDArray positive = y.mul(p.log());
        NDArray negative = y.neg().add(1f).mul(p.neg().add(1f).log());
        return positive.add(negative).neg().mul(w).sum().div(w.sum());
    }

    /** The same loss in plain Java, for validation predictions already copied off the device. */
    static double evaluate(float[] probabilities, boolean[] labels, double positiveWeight) {
        double sum = 0;
        double weights = 0;
        for (int i = 0; i < probabilities.length; i++) {
            double p = Math.min(Math.max(probabilities[i], EPSILON), 1.0 - EPSILON);
            double w = labels[i] ? positiveWeight : 1.0;
            sum += w * (labels[i] ? -Math.log(p) : -Math.log(1.0 - p));
            weights += w;
        }
        return sum / weights;
    }

    /** The same loss in plain Java with explicit per-sample weights. */
    static double evaluate(float[] probabilities, boolean[] labels, double[] weights) {
        double sum = 0;
        double total = 0;
        for (int i = 0; i < probabilities.length; i++) {
            double p = Math.min(Math.max(probabilities[i], EPSILON), 1.0 - EPSILON);
            sum += weights[i] * (labels[i] ? -Math.log(p) : -Math.log(1.0 - p));
            total += weights[i];
        }
        return sum / total;
    }
}
