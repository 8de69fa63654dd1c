package io.topowatch.bench;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import io.topowatch.model.DjlScorer;
import io.topowatch.model.ModelArtifact;
import io.topowatch.model.Prediction;
import io.topowatch.model.SampleTranslator;
import io.topowatch.sim.TrainingData;
import io.topowatch.spectrum.SampleTensor;
import io.topowatch.train.LabelledSample;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Classifier inference with the bundled model on simulated samples (2–7 elements each): one operation is
 * one batch of {@code batch} samples, so samples/s = ops/s × batch. {@code sparse} is {@link DjlScorer}
 * (present channels only) with {@code mcPasses} MC dropout passes; {@code dense} is the plain DJL predictor
 * over all 81 channels (the previous scorer), for comparison. PyTorch's intra-op threads use every core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class InferenceBenchmark {

    @Param({"1", "32", "256"})
    public int batch;

    @Param({"0", "20"})
    public int mcPasses;

    private List<SampleTensor> samples;
    private DjlScorer scorer;
    private Model denseModel;
    private Predictor<SampleTensor, Double> dense;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ModelArtifact artifact = ModelArtifact.loadFromClasspath("models/topownet");
        samples = TrainingData.generate(batch, 99).stream().map(LabelledSample::tensor).toList();
        scorer = new DjlScorer(artifact, mcPasses);
        denseModel = artifact.newModel();
        dense = denseModel.newPredictor(new SampleTranslator(artifact.standardizer()));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        dense.close();
        denseModel.close();
        scorer.close();
    }

    @Benchmark
    public List<Prediction> sparse() {
        return scorer.scoreAll(samples);
    }

    /** The dense 81-channel path; it has no MC dropout, so only its mcPasses=0 rows mean anything. */
    @Benchmark
    public List<Double> dense() throws TranslateException {
        return dense.batchPredict(samples);
    }
}
