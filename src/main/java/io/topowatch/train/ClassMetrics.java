package io.topowatch.train;

/**
 * Recall, precision and F1 of one class, as the seed paper defines them (its equations 1a–c), with that
 * class taken as the positive one.
 */
public record ClassMetrics(int support, double recall, double precision, double f1) {

    /** From true positives, false positives and false negatives; 0 where a ratio is undefined. */
    public static ClassMetrics of(long tp, long fp, long fn) {
        double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        double f1 = recall + precision == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new ClassMetrics((int) (tp + fn), recall, precision, f1);
    }
}
