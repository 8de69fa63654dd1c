package io.topowatch.bench;

import io.topowatch.spectrum.PreEdge;
import io.topowatch.spectrum.PreEdgeParameters;
import io.topowatch.spectrum.PreEdgeResult;
import io.topowatch.spectrum.Preprocessing;
import io.topowatch.spectrum.Spectrum;
import java.util.Locale;
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
 * <p>The scan is an XDI-like text table (energy, i0, itrans; 5 eV pre-edge steps, 0.25 eV across the
 * edge, 0.05 Å⁻¹ in k to 975 eV above it) of an arctan edge with a sloping background, damped EXAFS
 * wiggles and Poisson-like noise, written in {@link #setUp}. "Read" is parsing the 1500 numbers of the
 * table and mu = ln(i0/itrans); the parser here stands in for the project's XDI reader (package
 * io.topowatch.spectrum.format): exact fast path for plain decimals, JDK parser otherwise.
 * {@link #readJdkParser} shows what {@link Double#parseDouble} alone costs.
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

    @Setup
    public void setUp() {
        table = xdiLikeTable(new SplittableRandom(42));
        spectrum = read(table, false);
        if (spectrum.size() != POINTS) {
            throw new IllegalStateException("benchmark spectrum has " + spectrum.size() + " points");
        }
        PreEdgeResult r = PreEdge.normalize(spectrum, PreEdgeParameters.defaults());
        if (Math.abs(r.e0() - E0) > 2 || !r.flags().isEmpty()) {
            throw new IllegalStateException("benchmark spectrum normalises badly: " + r.e0() + " " + r.flags());
        }
    }

    @Benchmark
    public Spectrum read() {
        return read(table, false);
    }

    @Benchmark
    public Spectrum readJdkParser() {
        return read(table, true);
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
        return Preprocessing.toWindow(read(table, false), "Cu").values();
    }

    // ------------------------------------------------------------------------------------------------

    static String xdiLikeTable(SplittableRandom random) {
        StringBuilder sb = new StringBuilder(POINTS * 32 + 256);
        sb.append("# XDI/1.0 TopoWatch-bench/1.0\n# Column.1: energy eV\n# Column.2: i0\n# Column.3: itrans\n")
                .append("# Element.symbol: Cu\n# Element.edge: K\n#----\n# energy i0 itrans\n");
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

    /** The rows after the {@code #----} line: energy, i0, itrans → (energy, ln(i0/itrans)). */
    static Spectrum read(String text, boolean jdkParser) {
        int pos = text.indexOf("\n#----");
        pos = text.indexOf('\n', pos + 1) + 1;
        double[] energy = new double[64];
        double[] mu = new double[64];
        double[] row = new double[3];
        int n = 0;
        int len = text.length();
        while (pos < len) {
            int eol = text.indexOf('\n', pos);
            if (eol < 0) {
                eol = len;
            }
            int p = pos;
            while (p < eol && text.charAt(p) == ' ') {
                p++;
            }
            if (p < eol && text.charAt(p) != '#' && text.charAt(p) != '\r') {
                int col = 0;
                while (p < eol && col < 3) {
                    int start = p;
                    while (p < eol && text.charAt(p) > ' ') {
                        p++;
                    }
                    row[col++] = jdkParser ? Double.parseDouble(text.substring(start, p)) : parse(text, start, p);
                    while (p < eol && text.charAt(p) <= ' ') {
                        p++;
                    }
                }
                if (col < 3) {
                    throw new IllegalArgumentException("row with " + col + " columns: " + text.substring(pos, eol));
                }
                if (n == energy.length) {
                    energy = java.util.Arrays.copyOf(energy, 2 * n);
                    mu = java.util.Arrays.copyOf(mu, 2 * n);
                }
                energy[n] = row[0];
                mu[n] = Math.log(row[1] / row[2]);
                n++;
            }
            pos = eol + 1;
        }
        return new Spectrum(java.util.Arrays.copyOf(energy, n), java.util.Arrays.copyOf(mu, n));
    }

    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
        1e18, 1e19, 1e20, 1e21, 1e22};

    /**
     * A plain decimal [-]digits[.digits] of at most 15 significant digits is mantissa / 10^fraction with both
     * exactly representable, so one IEEE division is correctly rounded (Clinger's fast path, W. D. Clinger,
     * "How to read floating point numbers accurately", PLDI 1990); anything else goes to the JDK.
     */
    static double parse(String s, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fraction = -1;
        for (; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                if (mantissa != 0) {
                    digits++;
                }
                if (fraction >= 0) {
                    fraction++;
                }
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else {
                return Double.parseDouble(s.substring(from, to));
            }
        }
        if (digits > 15 || fraction > 22 || i == from) {
            return Double.parseDouble(s.substring(from, to));
        }
        double v = fraction > 0 ? mantissa / POW10[fraction] : (double) mantissa;
        return negative ? -v : v;
    }
}
