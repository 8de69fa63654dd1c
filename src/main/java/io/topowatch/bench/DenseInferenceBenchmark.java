package io.topowatch.bench;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import io.topowatch.model.ModelArtifact;
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
 * The previous scoring path for comparison with {@link InferenceBenchmark}: DJL's predictor with
 * {@link SampleTranslator} over all 81 channels, no dropout. One operation is one batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class DenseInferenceBenchmark {

    @Param({"1", "32", "256"})
    public int batch;

    @Param({"1"})
    public int torchThreads;

    private List<SampleTensor> samples;
    private Model model;
    private Predictor<SampleTensor, Double> predictor;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        InferenceBenchmark.setTorchThreads(torchThreads);
        ModelArtifact artifact = ModelArtifact.loadFromClasspath("models/topownet");
        samples = TrainingData.generate(batch, 99).stream().map(LabelledSample::tensor).toList();
        model = artifact.newModel();
        predictor = model.newPredictor(new SampleTranslator(artifact.standardizer()));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        predictor.close();
        model.close();
    }

    @Benchmark
    public List<Double> dense() throws TranslateException {
        return predictor.batchPredict(samples);
    }
}
