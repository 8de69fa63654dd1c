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
 * stratified by class, that keeps every absorbing element represented in every part and never puts one
 * material in two parts.
 *
 * <p>Guarantees, for {@link #of(List, double, double, long)}:
 * <ul>
 *   <li>samples of one {@linkplain LabelledSample#group() group} (a reduced formula) all land in the same
 *       part, so a material seen in training is never scored as validation or test (no leakage);</li>
 *   <li>each class is split to {@code round(f·n_class)} samples of it in validation and in test (the rest,
 *       at least one, in training): exactly when every group is a single sample or of a single class, and
 *       otherwise as closely as whole groups allow (a group goes where its majority class has room; a part
 *       may miss its target by less than the largest group);</li>
 *   <li>every element found in at least {@value #MIN_OCCURRENCES} groups appears in every part whose
 *       fraction is non-zero (where swaps of groups of the same class make-up, or failing that of the same majority class, can achieve it; the greedy
 *       pass below almost always gets there alone);</li>
 *   <li>the same samples (in the same order) and seed give the same parts; each part keeps input order.</li>
 * </ul>
 *
 * <p>How: samples are gathered into groups, each with the union of its samples' elements and its count of
 * each class. Each class's part sizes are fixed first. Groups are then visited rarest element first (larger
 * groups first among equals, then a seeded random order) and each goes, among the parts with room left for
 * its samples of its majority class, to the one that (1) lacks the most of the group's elements so far,
 * then (2) is furthest below its target share of those elements (iterative stratification, Sechidis et al.,
 * ECML PKDD 2011), then (3) has the most room left; a group that fits nowhere goes to training. A repair
 * pass then swaps groups of the same class make-up (failing that, of the same majority class) to fill any
 * element still missing from a part.
 */
public record Splits(List<LabelledSample> train, List<LabelledSample> validation, List<LabelledSample> test) {

    /** Elements in fewer groups than this are not required to appear in every part. */
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

    /** Samples of one group: their indices, elements (union) and count per class (0 trivial, 1 topological). */
    private record Group(List<Integer> members, List<String> elements, int[] classCount) {
        int majority() {
            return classCount[1] > classCount[0] ? 1 : 0;
        }

        boolean sameMakeUp(Group other) {
            return classCount[0] == other.classCount[0] && classCount[1] == other.classCount[1];
        }
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
        List<Group> groups = groups(samples);
        int n = groups.size();
        Map<String, Integer> frequency = new HashMap<>();
        for (Group g : groups) {
            g.elements().forEach(x -> frequency.merge(x, 1, Integer::sum));
        }

        // Room per class and part, in samples: exact per-class sizes, at least one training sample per class.
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

        // Visit order: rarest element first, then larger groups, random among equals (shuffle, stable sort).
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        int[] rarity = new int[n];
        for (int i = 0; i < n; i++) {
            rarity[i] = groups.get(i).elements().stream().mapToInt(frequency::get).min().orElse(Integer.MAX_VALUE);
        }
        order.sort(Comparator.<Integer>comparingInt(i -> rarity[i])
                .thenComparing(i -> -groups.get(i).members().size()));

        int[] part = new int[n];
        Map<String, int[]> counts = new HashMap<>();
        frequency.keySet().forEach(e -> counts.put(e, new int[3]));
        for (int i : order) {
            Group g = groups.get(i);
            int c = g.majority();
            int best = -1;
            double[] bestScore = null;
            for (int p = 0; p < 3; p++) {
                if (room[c][p] < g.classCount()[c] || room[c][p] == 0) {
                    continue;
                }
                int lacking = 0;
                double deficit = 0;
                for (String e : g.elements()) {
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
            if (best < 0) {
                best = TRAIN;
            }
            part[i] = best;
            room[0][best] -= g.classCount()[0];
            room[1][best] -= g.classCount()[1];
            for (String e : g.elements()) {
                counts.get(e)[best]++;
            }
        }
        repair(groups, frequency, counts, part, fractions);

        int[] samplePart = new int[samples.size()];
        for (int i = 0; i < n; i++) {
            for (int member : groups.get(i).members()) {
                samplePart[member] = part[i];
            }
        }
        List<List<LabelledSample>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < samples.size(); i++) {
            parts.get(samplePart[i]).add(samples.get(i));
        }
        if (parts.get(VALIDATION).isEmpty()) {
            throw new IllegalArgumentException("validation split is empty: " + samples.size() + " samples at fraction "
                    + validationFraction);
        }
        return new Splits(parts.get(TRAIN), parts.get(VALIDATION), parts.get(TEST));
    }

    /** The samples' groups in order of first appearance. */
    private static List<Group> groups(List<LabelledSample> samples) {
        Map<String, Integer> index = new HashMap<>();
        List<Group> groups = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            LabelledSample s = samples.get(i);
            Integer g = index.get(s.group());
            if (g == null) {
                g = groups.size();
                index.put(s.group(), g);
                groups.add(new Group(new ArrayList<>(), new ArrayList<>(), new int[2]));
            }
            Group group = groups.get(g);
            group.members().add(i);
            group.classCount()[s.topological() ? 1 : 0]++;
            for (String e : s.tensor().presentElements().keySet()) {
                if (!group.elements().contains(e)) {
                    group.elements().add(e);
                }
            }
        }
        return groups;
    }

    /**
     * For each element (in name order) missing from a part, moves a group holding it in from the part with
     * the most of it, and sends back a group of the same class make-up, so that no part loses an element it
     * needs and the class sizes stay as they were.
     */
    private static void repair(List<Group> groups, Map<String, Integer> frequency, Map<String, int[]> counts,
            int[] part, double[] fractions) {
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
                swapIn(groups, frequency, counts, part, e, receiver);
            }
        }
    }

    /** Swaps in a group of the same class make-up if there is one, else one of the same majority class. */
    private static void swapIn(List<Group> groups, Map<String, Integer> frequency, Map<String, int[]> counts,
            int[] part, String e, int receiver) {
        if (!swapIn(groups, frequency, counts, part, e, receiver, true)) {
            swapIn(groups, frequency, counts, part, e, receiver, false);
        }
    }

    private static boolean swapIn(List<Group> groups, Map<String, Integer> frequency, Map<String, int[]> counts,
            int[] part, String e, int receiver, boolean sameMakeUp) {
        for (int s = 0; s < part.length; s++) {
            int donor = part[s];
            Group gs = groups.get(s);
            if (donor == receiver || !gs.elements().contains(e) || !canLeave(gs.elements(), frequency, counts, donor)) {
                continue;
            }
            for (int t = 0; t < part.length; t++) {
                Group gt = groups.get(t);
                boolean partner = sameMakeUp ? gt.sameMakeUp(gs) : gt.majority() == gs.majority();
                if (part[t] != receiver || !partner || gt.elements().contains(e)
                        || !canLeave(gt.elements(), frequency, counts, receiver)) {
                    continue;
                }
                move(gs.elements(), counts, donor, receiver);
                move(gt.elements(), counts, receiver, donor);
                part[s] = receiver;
                part[t] = donor;
                return true;
            }
        }
        return false;
    }

    /** Whether a group can leave a part without leaving one of its required elements absent there. */
    private static boolean canLeave(List<String> groupElements, Map<String, Integer> frequency,
            Map<String, int[]> counts, int from) {
        for (String x : groupElements) {
            if (frequency.get(x) >= MIN_OCCURRENCES && counts.get(x)[from] <= 1) {
                return false;
            }
        }
        return true;
    }

    private static void move(List<String> groupElements, Map<String, int[]> counts, int from, int to) {
        for (String x : groupElements) {
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
