package io.topowatch.bench;

import io.topowatch.ingest.ScanDecoder;
import io.topowatch.ingest.ScanFormat;
import io.topowatch.ingest.ScanRecord;
import io.topowatch.spectrum.PreEdge;
import io.topowatch.spectrum.PreEdgeParameters;
import io.topowatch.spectrum.PreEdgeResult;
import io.topowatch.spectrum.Preprocessing;
import io.topowatch.spectrum.Spectrum;
import io.topowatch.spectrum.format.MuSource;
import io.topowatch.spectrum.format.XasData;
import io.topowatch.spectrum.format.XdiReader;
import java.time.Instant;
import java.util.List;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
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

/**
 * Read + normalise + resample one 500-point Cu K-edge transmission scan, and each part alone.
 *
 * <p>The scan is an XDI file (energy, i0, itrans; 5 eV pre-edge steps, 0.25 eV across the edge, 0.05 Å⁻¹
 * in k to 975 eV above it) of an arctan edge with a sloping background, damped EXAFS wiggles and
 * Poisson-like noise, written in {@link #setUp}. "Read" is the production XDI reader with its validation,
 * and mu = ln(i0/itrans) chosen from the column labels. "Read record" is what the stream does with the same
 * scan arriving on Kafka: the bytes of a raw scan record ({@code topowatch.scan/1} JSON as producers write
 * it) decoded and validated by {@link ScanDecoder}, then mu taken as {@code NormalizeStage} takes it. The
 * mu record carries energy and mu (1,000 numbers, mu at full double precision); the counters record
 * carries energy, i0 and it (1,500 numbers, mu = ln(i0/it) computed on reading), as the simulator sends.
 * The "Msgpack" methods read the same two records in their msgpack form ({@link ScanFormat#MSGPACK}: arrays
 * as {@code <f8} msgpack-numpy ndarrays).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NormalizationBenchmark {

    static final double E0 = 8979.0;
    static final int POINTS = 500;

    private String table;
    private Spectrum spectrum;
    private byte[] muRecord;
    private byte[] countersRecord;
    private byte[] muMsgpack;
    private byte[] countersMsgpack;

    @Setup
    public void setUp() {
        table = xdiLikeTable(new SplittableRandom(42));
        spectrum = read(table);
        XasData data = XdiReader.parse("bench.xdi", table);
        ScanRecord mu = record(spectrum.energy(), spectrum.mu(), null, null);
        ScanRecord counters = record(spectrum.energy(), null, data.column("i0"), data.column("itrans"));
        muRecord = ScanFormat.JSON.encode(mu);
        countersRecord = ScanFormat.JSON.encode(counters);
        muMsgpack = ScanFormat.MSGPACK.encode(mu);
        countersMsgpack = ScanFormat.MSGPACK.encode(counters);
        if (spectrum.size() != POINTS) {
            throw new IllegalStateException("benchmark spectrum has " + spectrum.size() + " points");
        }
        float[] fromText = Preprocessing.toWindow(spectrum, "Cu").values();
        if (!Arrays.equals(normaliseAndResample(ScanDecoder.decode(muRecord)), fromText)
                || !Arrays.equals(normaliseAndResample(ScanDecoder.decode(countersRecord)), fromText)
                || !Arrays.equals(normaliseAndResample(ScanDecoder.decode(muMsgpack)), fromText)
                || !Arrays.equals(normaliseAndResample(ScanDecoder.decode(countersMsgpack)), fromText)) {
            throw new IllegalStateException("the benchmark records do not give the XDI scan's window");
        }
        PreEdgeResult r = PreEdge.normalize(spectrum, PreEdgeParameters.defaults());
        if (Math.abs(r.e0() - E0) > 2 || !r.flags().isEmpty()) {
            throw new IllegalStateException("benchmark spectrum normalises badly: " + r.e0() + " " + r.flags());
        }
    }

    @Benchmark
    public Spectrum read() {
        return read(table);
    }

    @Benchmark
    public PreEdgeResult normalise() {
        return PreEdge.normalize(spectrum, PreEdgeParameters.defaults());
    }

    @Benchmark
    public float[] normaliseAndResample() {
        return Preprocessing.toWindow(spectrum, "Cu").values();
    }

    @Benchmark
    public float[] readNormaliseResample() {
        return Preprocessing.toWindow(read(table), "Cu").values();
    }

    @Benchmark
    public ScanRecord readRecord() {
        return ScanDecoder.decode(muRecord);
    }

    @Benchmark
    public float[] readRecordNormaliseResample() {
        return normaliseAndResample(ScanDecoder.decode(muRecord));
    }

    @Benchmark
    public float[] readCountersRecordNormaliseResample() {
        return normaliseAndResample(ScanDecoder.decode(countersRecord));
    }

    @Benchmark
    public ScanRecord readMsgpackRecord() {
        return ScanDecoder.decode(muMsgpack);
    }

    @Benchmark
    public float[] readMsgpackRecordNormaliseResample() {
        return normaliseAndResample(ScanDecoder.decode(muMsgpack));
    }

    @Benchmark
    public float[] readMsgpackCountersRecordNormaliseResample() {
        return normaliseAndResample(ScanDecoder.decode(countersMsgpack));
    }

    /** As the stream's NormalizeStage: mu from the record (stored, or from the counters), then the window. */
    private static float[] normaliseAndResample(ScanRecord scan) {
        return Preprocessing.toWindow(new Spectrum(scan.energy(), scan.absorption()), scan.element()).values();
    }

    /** The benchmark scan as a raw scan record, for a producer to encode. */
    static ScanRecord record(double[] energy, double[] mu, double[] i0, double[] it) {
        return new ScanRecord(ScanRecord.SCHEMA, "bench/Cu-1/0/Cu", "bench", "Cu-1", 0, "Cu", "K",
                Map.of(ScanRecord.FIELD_T, 1.5), 225, List.of("Cu"), energy, mu, i0, it, null,
                Instant.parse("2026-11-21T00:00:00Z"));
    }

    /** The production path: the XDI reader (with its validation) and mu chosen from the columns. */
    static Spectrum read(String xdi) {
        return XdiReader.parse("bench.xdi", xdi).spectrum(MuSource.auto());
    }

    // ------------------------------------------------------------------------------------------------

    /** The benchmark scan as XDI text (public so that tests can pin its normalisation). */
    public static String xdiLikeTable(SplittableRandom random) {
        StringBuilder sb = new StringBuilder(POINTS * 32 + 256);
        sb.append("# XDI/1.0 TopoWatch-bench/1.0\n# Column.1: energy eV\n# Column.2: i0\n# Column.3: itrans\n")
                .append("# Element.symbol: Cu\n# Element.edge: K\n# Mono.d_spacing: 3.13553\n")
                .append("# Facility.name: bench\n# Facility.xray_source: bench\n# Beamline.name: bench\n")
                .append("# Scan.start_time: 2026-11-21T00:00:00\n#----\n# energy i0 itrans\n");
        double[] energy = new double[POINTS];
        int n = 0;
        for (double e = E0 - 200; e < E0 - 20; e += 5) {
            energy[n++] = e;
        }
        for (double e = E0 - 20; e < E0 + 30 - 1e-9; e += 0.25) {
            energy[n++] = e;
        }
        double k0 = Math.sqrt(0.2625 * 30);
        for (int i = 0; n < POINTS; i++) {
            double k = k0 + 0.05 * i;
            energy[n++] = E0 + k * k / 0.2625;
        }
        for (int i = 0; i < POINTS; i++) {
            double x = energy[i] - E0;
            double k = x > 0 ? Math.sqrt(0.2625 * x) : 0;
            double mu = 0.35 - 1.5e-4 * x + 1.2 * (0.5 + Math.atan(x / 1.5) / Math.PI)
                    + (x > 10 ? 0.15 * Math.sin(2 * 2.55 * k) * Math.exp(-2 * 0.006 * k * k) / Math.max(k, 1) : 0);
            double i0 = 1.5e5 * (1 + 0.02 * Math.sin(i / 60.0));
            double it = i0 * Math.exp(-mu);
            i0 += Math.sqrt(i0) * gaussian(random);
            it += Math.sqrt(it) * gaussian(random);
            sb.append(String.format(Locale.ROOT, "  %.3f  %.1f  %.1f%n", energy[i], i0, it));
        }
        return sb.toString();
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
