package io.topowatch.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The seed paper's data protocol (section 1.1): a seeded train/validation/test split, by default 70/10/20,
 * stratified by class, that keeps every absorbing element represented in every part.
 *
 * <p>Guarantees, for {@link #of(List, double, double, long)}:
 * <ul>
 *   <li>each class is split exactly: {@code round(f·n_class)} samples of it in validation and in test (the
 *       rest, at least one, in training), so the class ratio is the same in every part;</li>
 *   <li>every element found in at least {@value #MIN_OCCURRENCES} samples appears in every part whose
 *       fraction is non-zero (where swaps of same-class samples can achieve it; the greedy pass below
 *       almost always gets there alone);</li>
 *   <li>the same samples (in the same order) and seed give the same parts; each part keeps input order.</li>
 * </ul>
 *
 * <p>How: each class's part sizes are fixed first. Samples are then visited rarest element first (ties in
 * a seeded random order) and each goes, among the parts of its class with room left, to the one that
 * (1) lacks the most of the sample's elements so far, then (2) is furthest below its target share of those
 * elements (iterative stratification, Sechidis et al., ECML PKDD 2011), then (3) has the most room left.
 * A repair pass then swaps same-class samples to fill any element still missing from a part.
 */
public record Splits(List<LabelledSample> train, List<LabelledSample> validation, List<LabelledSample> test) {

    /** Elements in fewer samples than this are not required to appear in every part. */
    public static final int MIN_OCCURRENCES = 3;
    /** The paper's fractions of all data: 10 % validation, 20 % test (and 70 % training). */
    public static final double PAPER_VALIDATION = 0.1;
    public static final double PAPER_TEST = 0.2;

    private static final int TRAIN = 0;
    private static final int VALIDATION = 1;
    private static final int TEST = 2;

    public Splits {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }

    /** The paper's 70/10/20 split. */
    public static Splits paper(List<LabelledSample> samples, long seed) {
        return of(samples, PAPER_VALIDATION, PAPER_TEST, seed);
    }

    /**
     * Splits {@code samples}; fractions are of all samples, per class. {@code testFraction} may be 0 (no test
     * part, e.g. when a dataset holds its own test split); {@code validationFraction} must be positive.
     *
     * @throws IllegalArgumentException if a class has fewer than 2 samples, the fractions leave no training
     *                                  data, or the validation part would be empty
     */
    public static Splits of(List<LabelledSample> samples, double validationFraction, double testFraction, long seed) {
        if (!(validationFraction > 0) || !(testFraction >= 0) || !(validationFraction + testFraction < 1)) {
            throw new IllegalArgumentException("need validation fraction > 0, test fraction >= 0 and their sum < 1, got "
                    + validationFraction + " and " + testFraction);
        }
        long positives = samples.stream().filter(LabelledSample::topological).count();
        long negatives = samples.size() - positives;
        if (positives < 2 || negatives < 2) {
            throw new IllegalArgumentException("need at least 2 topological and 2 trivial samples, got "
                    + positives + " and " + negatives);
        }
        double[] fractions = {1 - validationFraction - testFraction, validationFraction, testFraction};
        Random random = new Random(seed);
        int n = samples.size();
        List<List<String>> elements = new ArrayList<>(n);
        Map<String, Integer> frequency = new HashMap<>();
        for (LabelledSample s : samples) {
            List<String> e = List.copyOf(s.tensor().presentElements().keySet());
            elements.add(e);
            e.forEach(x -> frequency.merge(x, 1, Integer::sum));
        }

        // Room per class and part: exact per-class sizes, at least one training sample per class.
        int[][] room = new int[2][3];
        for (int c = 0; c < 2; c++) {
            long size = c == 1 ? positives : negatives;
            int val = (int) Math.round(validationFraction * size);
            int tst = (int) Math.round(testFraction * size);
            while (val + tst > size - 1) {
                if (tst > 0) tst--; else val--;
            }
            room[c][VALIDATION] = val;
            room[c][TEST] = tst;
            room[c][TRAIN] = (int) size - val - tst;
        }

        // Visit order: rarest element first, random among equals (shuffle first, then a stable sort).
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        int[] rarity = new int[n];
        for (int i = 0; i < n; i++) {
            rarity[i] = elements.get(i).stream().mapToInt(frequency::get).min().orElse(Integer.MAX_VALUE);
        }
        order.sort(Comparator.comparingInt(i -> rarity[i]));

        int[] part = new int[n];
        Map<String, int[]> counts = new HashMap<>();
        frequency.keySet().forEach(e -> counts.put(e, new int[3]));
        for (int i : order) {
            int c = samples.get(i).topological() ? 1 : 0;
            int best = -1;
            double[] bestScore = null;
            for (int p = 0; p < 3; p++) {
                if (room[c][p] == 0) {
                    continue;
                }
                int lacking = 0;
                double deficit = 0;
                for (String e : elements.get(i)) {
                    int have = counts.get(e)[p];
                    if (have == 0 && frequency.get(e) >= MIN_OCCURRENCES) {
                        lacking++;
                    }
                    deficit += fractions[p] * frequency.get(e) - have;
                }
                double[] score = {lacking, deficit, room[c][p]};
                if (best < 0 || lexicographicallyGreater(score, bestScore)) {
                    best = p;
                    bestScore = score;
                }
            }
            part[i] = best;
            room[c][best]--;
            for (String e : elements.get(i)) {
                counts.get(e)[best]++;
            }
        }
        repair(samples, elements, frequency, counts, part, fractions);

        List<List<LabelledSample>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < n; i++) {
            parts.get(part[i]).add(samples.get(i));
        }
        if (parts.get(VALIDATION).isEmpty()) {
            throw new IllegalArgumentException("validation split is empty: " + n + " samples at fraction "
                    + validationFraction);
        }
        return new Splits(parts.get(TRAIN), parts.get(VALIDATION), parts.get(TEST));
    }

    /**
     * For each element (in name order) missing from a part, moves a sample holding it in from the part with
     * the most of it, and sends back a same-class sample, so that no part loses an element it needs.
     */
    private static void repair(List<LabelledSample> samples, List<List<String>> elements,
            Map<String, Integer> frequency, Map<String, int[]> counts, int[] part, double[] fractions) {
        List<String> names = new ArrayList<>(frequency.keySet());
        Collections.sort(names);
        for (String e : names) {
            if (frequency.get(e) < MIN_OCCURRENCES) {
                continue;
            }
            for (int receiver = 0; receiver < 3; receiver++) {
                if (fractions[receiver] == 0 || counts.get(e)[receiver] > 0) {
                    continue;
                }
                swapIn(samples, elements, frequency, counts, part, e, receiver);
            }
        }
    }

    private static void swapIn(List<LabelledSample> samples, List<List<String>> elements,
            Map<String, Integer> frequency, Map<String, int[]> counts, int[] part, String e, int receiver) {
        for (int s = 0; s < part.length; s++) {
            int donor = part[s];
            if (donor == receiver || !elements.get(s).contains(e) || !canLeave(elements.get(s), frequency, counts, donor)) {
                continue;
            }
            for (int t = 0; t < part.length; t++) {
                if (part[t] != receiver || samples.get(t).topological() != samples.get(s).topological()
                        || elements.get(t).contains(e) || !canLeave(elements.get(t), frequency, counts, receiver)) {
                    continue;
                }
                move(elements.get(s), counts, donor, receiver);
                move(elements.get(t), counts, receiver, donor);
                part[s] = receiver;
                part[t] = donor;
                return;
            }
        }
    }

    /** Whether a sample can leave a part without leaving one of its required elements absent there. */
    private static boolean canLeave(List<String> sampleElements, Map<String, Integer> frequency,
            Map<String, int[]> counts, int from) {
        for (String x : sampleElements) {
            if (frequency.get(x) >= MIN_OCCURRENCES && counts.get(x)[from] <= 1) {
                return false;
            }
        }
        return true;
    }

    private static void move(List<String> sampleElements, Map<String, int[]> counts, int from, int to) {
        for (String x : sampleElements) {
            counts.get(x)[from]--;
            counts.get(x)[to]++;
        }
    }

    private static boolean lexicographicallyGreater(double[] a, double[] b) {
        for (int k = 0; k < a.length; k++) {
            if (a[k] != b[k]) {
                return a[k] > b[k];
            }
        }
        return false;
    }
}
