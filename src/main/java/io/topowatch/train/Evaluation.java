package io.topowatch.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A classifier's evaluation on a labelled set: class metrics at a threshold, the ROC curve with its area
 * and the threshold that maximises Youden's J (TPR − FPR), the reliability curve with the expected
 * calibration error, the confusion matrix, and the class metrics per absorbing element (the seed paper's
 * periodic tables).
 */
public record Evaluation(
        int n,
        double threshold,
        ClassMetrics topological,
        ClassMetrics trivial,
        Confusion confusion,
        double auc,
        double optimalThreshold,
        List<RocPoint> roc,
        List<CalibrationBin> calibration,
        double expectedCalibrationError,
        Map<String, ElementMetrics> perElement) {

    /** Counts at the threshold, topological being the positive class. */
    public record Confusion(long truePositive, long falsePositive, long trueNegative, long falseNegative) {}

    /** One point of the ROC curve: the rates when every probability ≥ threshold is called topological. */
    public record RocPoint(double threshold, double falsePositiveRate, double truePositiveRate) {}

    /** Samples whose probability fell in [lower, upper): their mean probability and observed positive rate. */
    public record CalibrationBin(double lower, double upper, int count, double meanProbability, double fractionTopological) {}

    /** Both classes' metrics over the samples that contain one element. */
    public record ElementMetrics(int samples, ClassMetrics topological, ClassMetrics trivial) {}

    public static final double DEFAULT_THRESHOLD = 0.5;
    public static final int CALIBRATION_BINS = 10;

    /** Evaluates at the default threshold 0.5. */
    public static Evaluation of(List<Scored> scored) {
        return of(scored, DEFAULT_THRESHOLD);
    }

    public static Evaluation of(List<Scored> scored, double threshold) {
        if (scored.isEmpty()) {
            throw new IllegalArgumentException("nothing to evaluate: the data set is empty");
        }
        Confusion confusion = confusion(scored, threshold);
        List<RocPoint> roc = roc(scored);
        List<CalibrationBin> bins = calibration(scored);
        Map<String, List<Scored>> byElement = new TreeMap<>();
        for (Scored s : scored) {
            for (String e : s.elements()) {
                byElement.computeIfAbsent(e, k -> new ArrayList<>()).add(s);
            }
        }
        Map<String, ElementMetrics> perElement = new TreeMap<>();
        byElement.forEach((element, subset) -> {
            Confusion c = confusion(subset, threshold);
            perElement.put(element, new ElementMetrics(subset.size(), topological(c), trivial(c)));
        });
        return new Evaluation(scored.size(), threshold, topological(confusion), trivial(confusion), confusion,
                area(roc), optimalThreshold(roc), roc, bins, expectedCalibrationError(bins, scored.size()), perElement);
    }

    static Confusion confusion(List<Scored> scored, double threshold) {
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (Scored s : scored) {
            boolean called = s.probability() >= threshold;
            if (s.topological()) {
                if (called) tp++; else fn++;
            } else {
                if (called) fp++; else tn++;
            }
        }
        return new Confusion(tp, fp, tn, fn);
    }

    private static ClassMetrics topological(Confusion c) {
        return ClassMetrics.of(c.truePositive(), c.falsePositive(), c.falseNegative());
    }

    /** The trivial class as the positive one: its true positives are the true negatives. */
    private static ClassMetrics trivial(Confusion c) {
        return ClassMetrics.of(c.trueNegative(), c.falseNegative(), c.falsePositive());
    }

    /**
     * The ROC curve from (0, 0) to (1, 1), one point per distinct probability, so tied scores move both
     * rates at once (Fawcett, Pattern Recognition Letters 27, 861 (2006), algorithm 2).
     */
    static List<RocPoint> roc(List<Scored> scored) {
        long positives = scored.stream().filter(Scored::topological).count();
        long negatives = scored.size() - positives;
        List<Scored> sorted = scored.stream().sorted(Comparator.comparingDouble(Scored::probability).reversed()).toList();
        List<RocPoint> points = new ArrayList<>();
        points.add(new RocPoint(Double.POSITIVE_INFINITY, 0, 0));
        long tp = 0, fp = 0;
        for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i).topological()) tp++; else fp++;
            boolean lastOfTie = i == sorted.size() - 1 || sorted.get(i + 1).probability() != sorted.get(i).probability();
            if (lastOfTie) {
                points.add(new RocPoint(sorted.get(i).probability(), rate(fp, negatives), rate(tp, positives)));
            }
        }
        return points;
    }

    /** Trapezoidal area under the ROC curve. */
    static double area(List<RocPoint> roc) {
        double area = 0;
        for (int i = 1; i < roc.size(); i++) {
            RocPoint a = roc.get(i - 1);
            RocPoint b = roc.get(i);
            area += (b.falsePositiveRate() - a.falsePositiveRate()) * (a.truePositiveRate() + b.truePositiveRate()) / 2;
        }
        return area;
    }

    /** The threshold of the ROC point with the largest Youden J = TPR − FPR. */
    static double optimalThreshold(List<RocPoint> roc) {
        return roc.stream().skip(1)
                .max(Comparator.comparingDouble((RocPoint p) -> p.truePositiveRate() - p.falsePositiveRate()))
                .map(RocPoint::threshold)
                .orElse(DEFAULT_THRESHOLD);
    }

    static List<CalibrationBin> calibration(List<Scored> scored) {
        int[] count = new int[CALIBRATION_BINS];
        double[] sumP = new double[CALIBRATION_BINS];
        int[] positives = new int[CALIBRATION_BINS];
        for (Scored s : scored) {
            int b = Math.min(CALIBRATION_BINS - 1, (int) (s.probability() * CALIBRATION_BINS));
            count[b]++;
            sumP[b] += s.probability();
            positives[b] += s.topological() ? 1 : 0;
        }
        List<CalibrationBin> bins = new ArrayList<>();
        for (int b = 0; b < CALIBRATION_BINS; b++) {
            bins.add(new CalibrationBin((double) b / CALIBRATION_BINS, (double) (b + 1) / CALIBRATION_BINS, count[b],
                    count[b] == 0 ? 0 : sumP[b] / count[b], count[b] == 0 ? 0 : (double) positives[b] / count[b]));
        }
        return bins;
    }

    /** ECE = Σ_b (n_b / N)·|observed positive rate_b − mean probability_b| (Guo et al., ICML 2017). */
    static double expectedCalibrationError(List<CalibrationBin> bins, int n) {
        return bins.stream()
                .mapToDouble(b -> (double) b.count() / n * Math.abs(b.fractionTopological() - b.meanProbability()))
                .sum();
    }

    private static double rate(long count, long total) {
        return total == 0 ? 0 : (double) count / total;
    }
}
