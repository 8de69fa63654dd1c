package io.topowatch.bench;

import io.topowatch.ingest.ScanRecord;
import io.topowatch.sim.Beamline;
import io.topowatch.sim.Experiment;
import io.topowatch.sim.ExperimentGenerator;
import io.topowatch.sim.ScanGenerator;
import io.topowatch.sim.SimulatedSample;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
 * The simulator's cost: one scan (spectral synthesis from the QWZ projected DOS plus the measurement), and
 * 10,000 scans of random experiments on real labelled materials, single-threaded, as
 * {@code topowatch simulate} would generate them.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
public class SimulatorBenchmark {

    public static final int SCANS = 10_000;

    @Param({"IDEAL", "REALISTIC"})
    public String beamline;

    private Beamline line;
    private SimulatedSample sample;
    private Map<String, Double> control;
    private long seed;

    @Setup
    public void setUp() {
        line = "IDEAL".equals(beamline) ? Beamline.IDEAL : Beamline.REALISTIC;
        Experiment e = ExperimentGenerator.generate("bench", 1, ExperimentGenerator.Options.defaults()
                .withBeamline(line));
        sample = e.samples().get(0);
        control = e.sweep().control(3, e.temperatureK());
    }

    /** One scan of one element. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public ScanRecord oneScan() {
        return ScanGenerator.scan("bench", sample, sample.material().elements().get(0), 3, control, Instant.EPOCH,
                new SplittableRandom(seed++), line);
    }

    /** Experiments from consecutive seeds until 10,000 scans exist; returns the count. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 5)
    public int tenThousandScans() {
        return generate(SCANS, line);
    }

    /** Generates experiments with seeds 1, 2, … until at least {@code scans} scans; returns how many. */
    public static int generate(int scans, Beamline beamline) {
        ExperimentGenerator.Options options = ExperimentGenerator.Options.defaults().withBeamline(beamline);
        int count = 0;
        for (long s = 1; count < scans; s++) {
            List<ScanRecord> batch = ExperimentGenerator.generate("bench-" + s, s, options).scans(Instant.EPOCH);
            count += batch.size();
        }
        return count;
    }
}
