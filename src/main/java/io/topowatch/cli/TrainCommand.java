package io.topowatch.cli;

import io.topowatch.sim.Dataset;
import io.topowatch.sim.TrainingData;
import io.topowatch.train.LabelledSample;
import io.topowatch.train.TopoNetTrainer;
import io.topowatch.train.TrainingOptions;
import io.topowatch.train.TrainingResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the classifier on simulated spectra of real labelled materials and save the model.")
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

    @Override
    public Integer call() throws Exception {
        List<LabelledSample> data;
        if (dataset != null) {
            data = new ArrayList<>(Dataset.read(dataset, "train"));
            data.addAll(Dataset.read(dataset, "validation"));
            System.out.println("read " + data.size() + " samples from " + dataset + " (test split held out)");
        } else {
            if (samples < 20) {
                throw new IllegalArgumentException("--samples must be at least 20, got " + samples);
            }
            System.out.println("simulating " + samples + " labelled materials (seed " + seed + ") …");
            data = TrainingData.generate(samples, seed);
        }
        if (data.size() < 20) {
            throw new IllegalArgumentException("need at least 20 samples to train, got " + data.size());
        }
        long topological = data.stream().filter(LabelledSample::topological).count();
        System.out.println(topological + " topological, " + (data.size() - topological) + " trivial");
        TrainingOptions options = TrainingOptions.defaults().withEpochs(epochs).withSeed(seed).withVersion(version);
        TrainingResult result = new TopoNetTrainer().train(data, options);
        result.artifact().save(out);
        System.out.printf("best epoch %d: validation loss %.4f, accuracy %.3f%nmodel %s written to %s%n",
                result.bestEpoch(), result.validationLoss(), result.validationAccuracy(), version, out);
        return 0;
    }
}
