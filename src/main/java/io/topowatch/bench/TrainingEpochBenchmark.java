package io.topowatch.bench;

import io.topowatch.sim.TrainingData;
import io.topowatch.train.LabelledSample;
import io.topowatch.train.TopoNetTrainer;
import io.topowatch.train.TrainingOptions;
import io.topowatch.train.TrainingResult;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training epoch of the paper protocol (±1 eV augmentation ×3, batch 64, Adam, L2, validation pass) on
 * {@code samples} simulated materials, split 70/10/20, as a single shot: 1,000 (a fraction, to extrapolate
 * linearly in the number of training examples, since an epoch is a loop of equal batches) and the paper's
 * 16,458 (11,520 training samples × 3 = 34,560 examples), run in full. {@code epochSeconds} in the log is
 * the trainer's own epoch timer (training pass + validation pass, without model set-up and test scoring).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class TrainingEpochBenchmark {

    /** 16,458 is the paper's data set size. */
    @Param({"1000", "16458"})
    public int samples;

    @Param({"1"})
    public int torchThreads;

    private List<LabelledSample> data;

    @Setup
    public void setUp() {
        InferenceBenchmark.setTorchThreads(torchThreads);
        data = TrainingData.generate(samples, 5);
    }

    /** One epoch (plus model set-up and the test-split evaluation, both small next to it). */
    @Benchmark
    public TrainingResult oneEpoch() throws Exception {
        TrainingResult result = new TopoNetTrainer().train(data, TrainingOptions.defaults().withEpochs(1).withSeed(1));
        System.out.printf("%n  epochSeconds %.2f for %.0f training examples%n", result.history().get(0).seconds(),
                result.artifact().metadata().metrics().get("trainExamples"));
        return result;
    }
}
