package io.topowatch.bench;

import io.topowatch.model.DjlScorer;
import io.topowatch.model.ModelArtifact;
import io.topowatch.model.Prediction;
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
 * (present channels only) with {@code mcPasses} MC dropout passes and {@code torchThreads} PyTorch intra-op
 * threads; {@link DenseInferenceBenchmark} is the previous all-81-channel predictor, for comparison.
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

    /** PyTorch intra-op threads ({@code ai.djl.pytorch.num_threads}); each combination runs in a fresh fork. */
    @Param({"1", "2"})
    public int torchThreads;

    private List<SampleTensor> samples;
    private DjlScorer scorer;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        setTorchThreads(torchThreads);
        ModelArtifact artifact = ModelArtifact.loadFromClasspath("models/topownet");
        samples = TrainingData.generate(batch, 99).stream().map(LabelledSample::tensor).toList();
        scorer = new DjlScorer(artifact, mcPasses);
    }

    /** Must run before the engine starts (the first model of the fork). */
    static void setTorchThreads(int threads) {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scorer.close();
    }

    @Benchmark
    public List<Prediction> sparse() {
        return scorer.scoreAll(samples);
    }
}
