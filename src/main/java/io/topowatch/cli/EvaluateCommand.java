package io.topowatch.cli;

import io.topowatch.model.DjlScorer;
import io.topowatch.model.ModelArtifact;
import io.topowatch.model.Prediction;
import io.topowatch.sim.Dataset;
import io.topowatch.spectrum.SampleTensor;
import io.topowatch.train.Evaluation;
import io.topowatch.train.EvaluationReport;
import io.topowatch.train.LabelledSample;
import io.topowatch.train.Scored;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score a dataset split with a model and write metrics.json, ROC and reliability plots and report.html.")
final class EvaluateCommand implements Callable<Integer> {

    /** Samples per DJL batch. */
    static final int BATCH = 64;

    @Option(names = "--model", required = true, paramLabel = "VERSION|PATH",
            description = "'bundled' (the jar's model), a model artifact folder, or a version in the model registry.")
    String model;

    @Option(names = "--dataset", required = true, paramLabel = "DIR", description = "A folder written by 'topowatch dataset'.")
    Path dataset;

    @Option(names = "--split", defaultValue = "test", description = "Which split to score (default ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the report goes (default: evaluation-<version>).")
    Path out;

    @Option(names = "--threshold", defaultValue = "0.5", paramLabel = "P",
            description = "Probability at or above which a sample is called topological (default ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--json", description = "Print the summary as one JSON object on stdout.")
    boolean json;

    @Option(names = "--registry", paramLabel = "DIR",
            description = "Model registry for --model VERSION (default: model.registry of the config, else ~/.topowatch/models).")
    Path registry;

    @Mixin
    ConfigOptions configOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("--threshold must be between 0 and 1, got " + threshold);
        }
        if (!Files.isDirectory(dataset)) {
            throw new IllegalArgumentException("dataset not found: " + dataset);
        }
        Dataset.manifest(dataset);
        ModelArtifact artifact = ModelSource.resolve(model, ModelSource.registry(registry, configOptions.load()));
        List<LabelledSample> samples = Dataset.read(dataset, split);
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("split '" + split + "' of dataset " + dataset + " has no samples");
        }
        List<Scored> scored = score(artifact, samples);
        Evaluation evaluation = Evaluation.of(scored, threshold);
        Path dir = out != null ? out : Path.of("evaluation-" + artifact.version().replaceAll("[^A-Za-z0-9._-]", "_"));
        String datasetName = dataset + " (" + split + ")";
        EvaluationReport.write(evaluation, artifact.version(), datasetName, dir);
        PrintWriter stdout = spec.commandLine().getOut();
        if (json) {
            stdout.println(EvaluationReport.summaryJson(evaluation, artifact.version(), datasetName));
        } else {
            stdout.print(summary(evaluation, artifact.version(), datasetName, dir));
        }
        stdout.flush();
        return 0;
    }

    /** Scores the samples in batches; each keeps its id, label and present elements. */
    static List<Scored> score(ModelArtifact artifact, List<LabelledSample> samples) throws Exception {
        List<Scored> scored = new ArrayList<>(samples.size());
        try (DjlScorer scorer = new DjlScorer(artifact)) {
            for (int from = 0; from < samples.size(); from += BATCH) {
                List<LabelledSample> batch = samples.subList(from, Math.min(samples.size(), from + BATCH));
                List<Prediction> predictions = scorer.scoreAll(batch.stream().map(LabelledSample::tensor).toList());
                for (int i = 0; i < batch.size(); i++) {
                    LabelledSample s = batch.get(i);
                    SampleTensor t = s.tensor();
                    scored.add(new Scored(s.id(), List.copyOf(t.presentElements().keySet()), s.topological(),
                            predictions.get(i).probability()));
                }
            }
        }
        return scored;
    }

    static String summary(Evaluation e, String model, String dataset, Path dir) {
        return String.format(Locale.ROOT, """
                model %s on %s: %d samples
                AUC %.3f · threshold %.2f (optimal %.3f) · expected calibration error %.3f
                topological  recall %.3f  precision %.3f  F1 %.3f  (support %d)
                trivial      recall %.3f  precision %.3f  F1 %.3f  (support %d)
                report written to %s
                """, model, dataset, e.n(), e.auc(), e.threshold(), e.optimalThreshold(), e.expectedCalibrationError(),
                e.topological().recall(), e.topological().precision(), e.topological().f1(), e.topological().support(),
                e.trivial().recall(), e.trivial().precision(), e.trivial().f1(), e.trivial().support(),
                dir.resolve(EvaluationReport.REPORT_HTML));
    }
}
