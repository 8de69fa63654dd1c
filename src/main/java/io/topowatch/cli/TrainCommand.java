package io.topowatch.cli;

import io.topowatch.model.TopoNetConfig;
import io.topowatch.sim.Dataset;
import io.topowatch.sim.TrainingData;
import io.topowatch.train.ClassMetrics;
import io.topowatch.train.Evaluation;
import io.topowatch.train.LabelledSample;
import io.topowatch.train.TopoNetTrainer;
import io.topowatch.train.TrainingOptions;
import io.topowatch.train.TrainingResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the classifier on simulated spectra of real labelled materials and save the model.",
                "Simulated data follow the seed paper's protocol: 70/10/20 train/validation/test split keeping every "
                        + "element in every part, ±1 eV augmentation of the training split, class and element "
                        + "weights, early stopping; the held-out test metrics are printed and stored in the "
                        + "artifact as test_*."})
final class TrainCommand implements Callable<Integer> {

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

    @Option(names = "--coupling", paramLabel = "C",
            description = "Simulate with every absorber's topological coupling fixed at C (0..1; 0 is the "
                    + "no-information baseline) instead of drawn per element.")
    Double coupling;

    @Option(names = "--no-symmetry", description = "Train the core network without the symmetry branch (ablation).")
    boolean noSymmetry;

    @Option(names = "--augment-ev", defaultValue = "1.0", paramLabel = "EV",
            description = "Also train on spectra shifted by ± EV eV; 0 turns augmentation off (default ${DEFAULT-VALUE}).")
    double augmentEv;

    @Option(names = "--patience", defaultValue = "8",
            description = "Stop after this many epochs without a lower validation loss (default ${DEFAULT-VALUE}).")
    int patience;

    @Override
    public Integer call() throws Exception {
        List<LabelledSample> data;
        TrainingOptions options;
        if (dataset != null) {
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
            data = TrainingData.generate(samples, seed, coupling);
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
        TrainingResult result = new TopoNetTrainer(config).train(data, options);
        result.artifact().save(out);
        System.out.printf(Locale.ROOT, "best epoch %d: validation loss %.4f, accuracy %.3f%n",
                result.bestEpoch(), result.validationLoss(), result.validationAccuracy());
        result.test().ifPresent(TrainCommand::printTest);
        System.out.printf("model %s written to %s%n", version, out);
        return 0;
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
