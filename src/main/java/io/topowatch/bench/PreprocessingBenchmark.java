package io.topowatch.bench;

import io.topowatch.ingest.ScanRecord;
import io.topowatch.sim.DemoScenario;
import io.topowatch.spectrum.Absorption;
import io.topowatch.spectrum.Preprocessing;
import io.topowatch.spectrum.Spectrum;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Normalise and resample one simulated transmission scan (the stream's per-scan work). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PreprocessingBenchmark {

    private Spectrum raw;
    private String element;

    @Setup
    public void setUp() {
        ScanRecord scan = DemoScenario.experiment("bench", 1).scans(Instant.EPOCH).get(0);
        raw = new Spectrum(scan.energy(), Absorption.transmission(scan.i0(), scan.it()));
        element = scan.element();
    }

    @Benchmark
    public float[] normaliseAndResample() {
        return Preprocessing.toWindow(raw, element).values();
    }
}
