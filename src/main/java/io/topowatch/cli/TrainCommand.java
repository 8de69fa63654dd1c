package io.topowatch.cli;

import io.topowatch.model.DjlScorer;
import io.topowatch.model.ModelArtifact;
import io.topowatch.model.TopoNetConfig;
import io.topowatch.sim.Dataset;
import io.topowatch.sim.DemoScenario;
import io.topowatch.sim.DemoTransition;
import io.topowatch.sim.TrainingData;
import io.topowatch.train.ClassMetrics;
import io.topowatch.train.Evaluation;
import io.topowatch.train.LabelledSample;
import io.topowatch.train.TopoNetTrainer;
import io.topowatch.train.TrainingOptions;
import io.topowatch.train.TrainingProgress;
import io.topowatch.train.TrainingResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import io.topowatch.train.source.MaterialsProjectSource;
import io.topowatch.train.source.PaperCsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the classifier and save the model: on simulated spectra of real labelled materials "
                + "(default), a dataset folder (--dataset), a CSV in the seed paper's layout (--csv) or Materials "
                + "Project XAS documents with labels (--mp-dir, --labels).",
                "Simulated data follow the seed paper's protocol: 70/10/20 train/validation/test split keeping every "
                        + "element in every part, ±1 eV augmentation of the training split, class and element "
                        + "weights, early stopping; the held-out test metrics are printed and stored in the "
                        + "artifact as test_*."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the model artifact.")
    Path out;

    @Option(names = "--samples", defaultValue = "3000", description = "Simulated materials (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--epochs", defaultValue = "12", description = "Maximum epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", defaultValue = "7", description = "Seed for data, split and weights (default ${DEFAULT-VALUE}).")
    int seed;

    @Option(names = "--version", defaultValue = "topownet-0.1.0", paramLabel = "NAME",
            description = "Version recorded in the artifact (default ${DEFAULT-VALUE}).")
    String version;

    @Option(names = "--dataset", paramLabel = "DIR",
            description = "Train on a dataset written by 'topowatch dataset' (its train and validation splits; the "
                    + "trainer makes its own seeded validation split) instead of simulating --samples materials.")
    Path dataset;

    @Option(names = "--csv", paramLabel = "FILE",
            description = "Train on spectra in the seed paper's layout: a CSV with one row per material (id, formula, "
                    + "space_group, label, and per element a column of 200 window values or <El>_energy and "
                    + "<El>_mu; see README, 'Training data').")
    Path csv;

    @Option(names = "--mp-dir", paramLabel = "DIR",
            description = "Train on Materials Project XAS JSON documents in DIR (all K-edge XANES documents of a "
                    + "material form one sample), labelled by --labels.")
    Path mpDir;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Labels for --mp-dir: a CSV with material_id and/or formula, label (topological|trivial), "
                    + "optional space_group.")
    Path labels;

    @Option(names = "--coupling", paramLabel = "C",
            description = "Simulate with every absorber's topological coupling fixed at C (0..1; 0 is the "
                    + "no-information baseline) instead of drawn per element.")
    Double coupling;

    @Option(names = "--no-symmetry", description = "Train the core network without the symmetry branch (ablation).")
    boolean noSymmetry;

    @Option(names = "--augment-ev", defaultValue = "1.0", paramLabel = "EV",
            description = "Also train on spectra shifted by ± EV eV; 0 turns augmentation off (default ${DEFAULT-VALUE}).")
    double augmentEv;

    @Option(names = "--near-critical", defaultValue = "0.25", paramLabel = "SHARE",
            description = "Share of simulated samples with a band mass near the gap closing (2 ± 0.01..0.4), "
                    + "labelled by their exact invariant (default ${DEFAULT-VALUE}; 0: the data of topownet-0.3.0 "
                    + "and earlier).")
    double nearCritical;

    @Option(names = "--demo-seed", defaultValue = "11", paramLabel = "SEED",
            description = "After training, score the demo sweep of this seed and print where the GeTe sample's "
                    + "P(topological) crosses 0.5 against the true 4.25 T (default ${DEFAULT-VALUE}).")
    long demoSeed;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "PyTorch intra-op and inter-op threads (as model.threads; 0: PyTorch's default, one per "
                    + "core). 1 is much faster on a machine whose cores are busy with other work (default "
                    + "${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--patience", defaultValue = "8",
            description = "Stop after this many epochs without a lower validation loss (default ${DEFAULT-VALUE}).")
    int patience;

    @Override
    public Integer call() throws Exception {
        if (threads < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be >= 0, got " + threads);
        }
        DjlScorer.configureThreads(threads);
        List<LabelledSample> data;
        TrainingOptions options;
        int sources = (dataset != null ? 1 : 0) + (csv != null ? 1 : 0) + (mpDir != null ? 1 : 0);
        if (sources > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give at most one of --dataset, --csv and --mp-dir");
        }
        if ((mpDir != null) != (labels != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--mp-dir and --labels go together");
        }
        if (sources == 1 && dataset == null && coupling != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--coupling applies to simulated data only");
        }
        if (csv != null) {
            data = PaperCsvSource.read(csv);
            System.out.println("read " + data.size() + " samples from " + csv);
            options = TrainingOptions.defaults();
        } else if (mpDir != null) {
            MaterialsProjectSource.Result read = MaterialsProjectSource.read(mpDir, labels);
            read.notes().forEach(n -> System.err.println("note: " + n));
            data = read.samples();
            System.out.println("read " + data.size() + " materials from " + mpDir + " labelled by " + labels);
            options = TrainingOptions.defaults();
        } else if (dataset != null) {
            if (coupling != null) {
                throw new IllegalArgumentException("--coupling applies to simulated data; a dataset has its own");
            }
            data = new ArrayList<>(Dataset.read(dataset, "train"));
            data.addAll(Dataset.read(dataset, "validation"));
            System.out.println("read " + data.size() + " samples from " + dataset + " (test split held out)");
            options = TrainingOptions.forPresplitData();
        } else {
            if (samples < 20) {
                throw new IllegalArgumentException("--samples must be at least 20, got " + samples);
            }
            System.out.println("simulating " + samples + " labelled materials (seed " + seed
                    + (coupling != null ? ", coupling " + coupling : "") + ") …");
            data = TrainingData.generate(samples, seed, coupling, nearCritical);
            options = TrainingOptions.defaults();
        }
        if (data.size() < 20) {
            throw new IllegalArgumentException("need at least 20 samples to train, got " + data.size());
        }
        long topological = data.stream().filter(LabelledSample::topological).count();
        System.out.println(topological + " topological, " + (data.size() - topological) + " trivial");
        options = options.withEpochs(epochs).withSeed(seed).withVersion(version).withAugmentShiftEv(augmentEv)
                .withPatience(patience);
        TopoNetConfig config = TopoNetConfig.defaults().withUseSymmetry(!noSymmetry);
        TrainingResult result = new TopoNetTrainer(config).train(data, options, TrainingProgress.toStderr());
        ModelArtifact artifact = withDemoCheck(result.artifact());
        artifact.save(out);
        System.out.printf(Locale.ROOT, "best epoch %d: validation loss %.4f, accuracy %.3f%n",
                result.bestEpoch(), result.validationLoss(), result.validationAccuracy());
        result.test().ifPresent(TrainCommand::printTest);
        System.out.printf("model %s written to %s%n", version, out);
        return 0;
    }

    /** Scores the demo sweep, prints the crossing sample's transition placement and records it in the metrics. */
    private ModelArtifact withDemoCheck(ModelArtifact artifact) throws java.io.IOException {
        DemoTransition demo;
        try (DjlScorer scorer = new DjlScorer(artifact, 0)) {
            demo = DemoTransition.score(scorer, demoSeed);
        }
        double[] p = demo.probabilities().get(DemoScenario.CROSSING_SAMPLE);
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < p.length; i++) {
            line.append(String.format(Locale.ROOT, " %.1f:%.3f", demo.fieldsT().get(i), p[i]));
        }
        double crossing = demo.crossingT(DemoScenario.CROSSING_SAMPLE);
        double[] means = demo.meanBelowAndAbove();
        System.out.printf(Locale.ROOT, "demo sweep (seed %d), %s P(topological) by field T:%s%n", demoSeed,
                DemoScenario.CROSSING_SAMPLE, line);
        System.out.printf(Locale.ROOT, "  crosses 0.5 at %.2f T (true %.2f T, %+.2f T); mean P below %.3f, above %.3f%n",
                crossing, DemoScenario.CROSSING_FIELD_T, crossing - DemoScenario.CROSSING_FIELD_T, means[0], means[1]);
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (Double.isFinite(crossing)) {
            metrics.put("demo_crossing_T", crossing);
        }
        metrics.put("demo_mean_p_below", means[0]);
        metrics.put("demo_mean_p_above", means[1]);
        return artifact.withMetrics(metrics);
    }

    private static void printTest(Evaluation e) {
        System.out.printf(Locale.ROOT, "held-out test split (%d samples): AUC %.3f%n", e.n(), e.auc());
        System.out.printf(Locale.ROOT, "  %-12s %7s %9s %6s %7s%n", "class", "recall", "precision", "F1", "support");
        printClass("topological", e.topological());
        printClass("trivial", e.trivial());
    }

    private static void printClass(String name, ClassMetrics m) {
        System.out.printf(Locale.ROOT, "  %-12s %7.3f %9.3f %6.3f %7d%n", name, m.recall(), m.precision(), m.f1(),
                m.support());
    }
}
