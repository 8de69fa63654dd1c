package io.topowatch.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.topowatch.bench.NormalizationBenchmark;
import io.topowatch.ingest.ScanRecord;
import io.topowatch.sim.Beamline;
import io.topowatch.sim.ExperimentGenerator;
import io.topowatch.spectrum.format.MuSource;
import io.topowatch.spectrum.format.XasData;
import io.topowatch.spectrum.format.XdiReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the outputs of {@link PreEdge#normalize} and {@link Preprocessing#toWindow} — e0, edge step, ranges,
 * degree, flags, and norm, flat, pre-edge and post-edge at sampled points (every 20th, the last and
 * e0 ± 2) with their sums — as the code computed them before the speed work (commit 03110a5), so that
 * optimisations cannot change results.
 *
 * <p>Inputs: the real spectra of src/test/resources/xdi/ read by the production XDI reader (so the reader's
 * numbers are pinned too), analytic arctan edges, the benchmark scan, simulator scans (IDEAL and REALISTIC,
 * checked against a checksum of their input so a simulator change is reported as such), and edge cases
 * (messy input, a start glitch, tiny spectra, overrides, upside-down data).
 *
 * <p>Tolerance: 1e-12 relative, relative to max(|value|, scale) where scale is 1 for normalised arrays and
 * max |mu| for pre/post-edge arrays; the window values (every 4th, and the
 * sums of all) are floats and may differ by one float ulp (the float rounding of a double within 1e-12). Regenerate (only on purpose) with
 * {@code mvn test -Dtest=PreEdgeGoldenTest -Dtopowatch.golden.write=true}.
 */
class PreEdgeGoldenTest {

    static final String RESOURCE = "/golden/preedge-golden.txt";
    static final double RELATIVE = 1e-12;

    record Case(String name, Spectrum spectrum, PreEdgeParameters params, String element) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final String[] XDI = {
        "cu_metal_rt.xdi", "cu_metal_10K.xdi", "co_metal_rt.xdi", "ni_metal_rt.xdi", "fe_metal_rt.xdi",
        "pt_metal_rt.xdi", "zn_znse_rt.xdi", "fe2o3_rt.xdi", "fe3c_rt.xdi", "fen_rt.xdi", "feo_rt1.xdi",
        "se_na2so4_rt.xdi", "se_znse_rt.xdi",
    };

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        PreEdgeParameters d = PreEdgeParameters.defaults();
        for (String file : XDI) {
            XasData data = readXdi(file);
            cases.add(new Case("xdi:" + file, data.spectrum(MuSource.auto()), d, data.element().orElse(null)));
        }
        // analytic arctan edges (EdgeSpectra), clean and noisy
        double e0 = PreEdgeTest.E0;
        double[] grid = EdgeSpectra.grid(e0);
        cases.add(new Case("arctan:clean", PreEdgeTest.clean(), d, "Cu"));
        for (int seed = 1; seed <= 4; seed++) {
            double ee0 = 5000 + 4000 * seed;
            double[] g = EdgeSpectra.grid(ee0);
            cases.add(new Case("arctan:noisy" + seed, new Spectrum(g, EdgeSpectra.arctanEdge(g, ee0, 0.3 * seed,
                    0.3 + seed, 0.3, 1e-4, 0.003 * seed, seed)), d, null));
        }
        // the benchmark scan, read through the XDI reader
        Spectrum bench = XdiReader.parse("bench.xdi", NormalizationBenchmark.xdiLikeTable(new SplittableRandom(42)))
                .spectrum(MuSource.auto());
        cases.add(new Case("bench:cu500", bench, d, "Cu"));
        // simulator scans
        for (String beamline : List.of("IDEAL", "REALISTIC")) {
            Beamline b = beamline.equals("IDEAL") ? Beamline.IDEAL : Beamline.REALISTIC;
            for (long seed = 1; seed <= 3; seed++) {
                List<ScanRecord> scans = ExperimentGenerator.generate("golden", seed,
                        ExperimentGenerator.Options.defaults().withSetpoints(2).withBeamline(b)).scans(Instant.EPOCH);
                for (int i = 0; i < scans.size(); i++) {
                    ScanRecord s = scans.get(i);
                    cases.add(new Case("sim:" + beamline + ":" + seed + ":" + i + ":" + s.element(),
                            new Spectrum(s.energy(), s.absorption()), d, s.element()));
                }
            }
        }
        // edge cases
        Spectrum clean = PreEdgeTest.clean();
        int n = clean.size();
        double[] me = new double[n + 3];
        double[] mm = new double[n + 3];
        for (int i = 0; i < n; i++) {
            me[i] = clean.energy()[n - 1 - i];
            mm[i] = clean.mu()[n - 1 - i];
        }
        me[n] = Double.NaN;
        mm[n] = 1.0;
        me[n + 1] = e0 + 500;
        mm[n + 1] = Double.POSITIVE_INFINITY;
        me[n + 2] = e0 + 10; // a repeated energy
        mm[n + 2] = clean.mu()[Arrays.binarySearch(grid, e0 + 10)] + 0.01;
        cases.add(new Case("edge:messy", new Spectrum(me, mm), d, "Cu"));
        double[] glitch = EdgeSpectra.arctanEdge(grid, e0, 1.7, 0.25, 0.4, -2e-4, 0.002, 3);
        glitch[1] += 20; // e0's first pass lands in the first 5 %: the second pass runs to the end
        cases.add(new Case("edge:startGlitch", new Spectrum(grid, glitch), d, "Cu"));
        double[] spike = clean.mu();
        spike[Arrays.binarySearch(grid, e0 - 100)] += 5.1;
        cases.add(new Case("edge:glitch", new Spectrum(grid, spike), d, "Cu"));
        double[] tiny = new double[12];
        for (int i = 0; i < tiny.length; i++) {
            tiny[i] = e0 - 12 + 2 * i;
        }
        cases.add(new Case("edge:tiny12", new Spectrum(tiny, EdgeSpectra.arctanEdge(tiny, e0, 1.7, 1.0, 0.4, 0, 0.001, 2)),
                d, "Cu"));
        double[] small = new double[30];
        for (int i = 0; i < small.length; i++) {
            small[i] = e0 - 30 + 2 * i;
        }
        cases.add(new Case("edge:small30", new Spectrum(small, EdgeSpectra.arctanEdge(small, e0, 1.7, 1.0, 0.4, 0, 0, 1)),
                d, "Cu"));
        cases.add(new Case("edge:overrides", clean, d.withE0(e0 + 1).withPre1(-150).withPre2(-50).withNorm1(60)
                .withNorm2(500).withNnorm(3), null));
        cases.add(new Case("edge:norm2negative", clean, d.withNorm2(-100).withNnorm(0), null));
        double[] upside = clean.mu();
        for (int i = 0; i < upside.length; i++) {
            upside[i] = -upside[i];
        }
        cases.add(new Case("edge:upsideDown", new Spectrum(grid, upside), d.withE0(e0), null));
        cases.add(new Case("edge:noisy", new Spectrum(grid, EdgeSpectra.arctanEdge(grid, e0, 1.7, 0.25, 0.4, -2e-4,
                1.7 / 3, 7)), d, "Cu"));
        return cases;
    }


    static XasData readXdi(String file) {
        try (InputStream in = PreEdgeGoldenTest.class.getResourceAsStream("/xdi/" + file)) {
            return XdiReader.parse(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** key → values of one case, in a fixed order. */
    static Map<String, String> fingerprint(Case c) {
        Map<String, String> f = new LinkedHashMap<>();
        double[] e = c.spectrum().energy();
        double[] mu = c.spectrum().mu();
        f.put("input", join(sum(e, false), sum(mu, false), sum(mu, true), e.length));
        PreEdgeResult r = PreEdge.normalize(c.spectrum(), c.params());
        f.put("scalars", join(r.e0(), r.edgeStep(), r.pre1(), r.pre2(), r.norm1(), r.norm2(), r.nnorm()));
        f.put("preEdgeLine", join(r.preEdgeLine().coefficients()));
        f.put("postEdgePolynomial", join(r.postEdgePolynomial().coefficients()));
        int[] idx = sampleIndices(r.energy(), r.e0());
        f.put("indices", join(Arrays.stream(idx).asDoubleStream().toArray()));
        for (String name : List.of("energy", "mu", "norm", "flat", "preEdge", "postEdge")) {
            double[] a = switch (name) {
                case "energy" -> r.energy();
                case "mu" -> r.mu();
                case "norm" -> r.norm();
                case "flat" -> r.flat();
                case "preEdge" -> r.preEdge();
                default -> r.postEdge();
            };
            double[] sampled = new double[idx.length];
            for (int k = 0; k < idx.length; k++) {
                sampled[k] = a[idx[k]];
            }
            if (!name.equals("energy") && !name.equals("mu")) {
                f.put(name, join(sampled));
            }
            f.put(name + ".sums", join(sum(a, false), sum(a, true)));
        }
        f.put("flags", flags(r.flags()));
        if (c.element() != null && ElementChannels.indexOf(c.element()).isPresent()) {
            Preprocessing.Windowed w = Preprocessing.toWindow(c.spectrum(), c.element());
            f.put("window.scalars", join(w.e0(), w.edgeStep()));
            float[] values = w.values();
            double[] v = new double[(values.length + 3) / 4];
            for (int i = 0; i < values.length; i += 4) {
                v[i / 4] = values[i];
            }
            f.put("window.values", joinFloats(v));
            double[] all = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                all[i] = values[i];
            }
            f.put("window.sums", join(sum(all, false), sum(all, true)));
            f.put("window.flags", flags(w.flags()));
        }
        return f;
    }

    static int[] sampleIndices(double[] e, double e0) {
        int n = e.length;
        int ie0 = Arrays.binarySearch(e, e0);
        java.util.TreeSet<Integer> s = new java.util.TreeSet<>();
        for (int i = 0; i < n; i += 20) {
            s.add(i);
        }
        s.add(n - 1);
        for (int i = ie0 - 2; i <= ie0 + 2; i++) {
            if (i >= 0 && i < n) {
                s.add(i);
            }
        }
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    static double sum(double[] a, boolean weighted) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += weighted ? (i + 1) * a[i] : a[i];
        }
        return s;
    }

    static String flags(List<QualityFlag> flags) {
        return String.join(" | ", flags.stream().map(q -> q.kind() + ": " + q.message()).toList());
    }

    static String join(double... v) {
        StringBuilder b = new StringBuilder();
        for (double x : v) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(x);
        }
        return b.toString();
    }

    static String joinFloats(double... v) {
        StringBuilder b = new StringBuilder();
        for (double x : v) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append((float) x);
        }
        return b.toString();
    }

    static Map<String, Map<String, String>> golden() throws IOException {
        Map<String, Map<String, String>> g = new LinkedHashMap<>();
        try (InputStream in = PreEdgeGoldenTest.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                fail("missing " + RESOURCE);
            }
            String current = null;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (line.startsWith("case ")) {
                    current = line.substring(5);
                    g.put(current, new LinkedHashMap<>());
                } else {
                    int sp = line.indexOf('=');
                    g.get(current).put(line.substring(0, sp), line.substring(sp + 1));
                }
            }
        }
        return g;
    }

    @Test
    void writeGoldenOnRequest() throws IOException {
        if (!Boolean.getBoolean("topowatch.golden.write")) {
            return;
        }
        StringBuilder b = new StringBuilder("# PreEdgeGoldenTest: outputs of PreEdge.normalize / Preprocessing.toWindow"
                + " before the speed work. Regenerate only on purpose.\n");
        for (Case c : cases()) {
            b.append("case ").append(c.name()).append('\n');
            fingerprint(c).forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        }
        Path out = Path.of("src/test/resources" + RESOURCE);
        Files.createDirectories(out.getParent());
        Files.writeString(out, b.toString());
    }

    @Test
    void everyCaseIsPinned() throws IOException {
        assertThat(golden().keySet()).containsExactlyElementsOf(cases().stream().map(Case::name).toList());
    }

    static Stream<Arguments> caseArguments() {
        return cases().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseArguments")
    void outputsAreUnchanged(Case c) throws IOException {
        Map<String, String> expected = golden().get(c.name());
        assertThat(expected).as("golden entry for %s", c.name()).isNotNull();
        Map<String, String> actual = fingerprint(c);
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        if (!actual.get("input").equals(expected.get("input"))) {
            fail(c.name() + ": the INPUT changed (simulator or reader?), not the normalisation: "
                    + actual.get("input") + " vs " + expected.get("input"));
        }
        double muScale = 0;
        for (double v : c.spectrum().mu()) {
            if (Double.isFinite(v)) {
                muScale = Math.max(muScale, Math.abs(v));
            }
        }
        for (String key : expected.keySet()) {
            String want = expected.get(key);
            String got = actual.get(key);
            if (key.endsWith("flags") || key.equals("indices") || key.equals("input")) {
                assertThat(got).as("%s %s", c.name(), key).isEqualTo(want);
                continue;
            }
            double[] w = parse(want);
            double[] a = parse(got);
            assertThat(a.length).as("%s %s length", c.name(), key).isEqualTo(w.length);
            boolean floats = key.equals("window.values") || key.equals("window.sums");
            double scale = key.equals("preEdge") || key.equals("postEdge") || key.startsWith("preEdge.")
                    || key.startsWith("postEdge.") || key.equals("preEdgeLine") || key.equals("postEdgePolynomial")
                    || key.startsWith("mu") ? muScale : key.endsWith(".sums") ? 0 : 1;
            if (key.equals("scalars") || key.equals("window.scalars") || key.equals("energy") || key.startsWith("energy.")) {
                scale = 0;
            }
            for (int i = 0; i < w.length; i++) {
                double tol = floats ? Math.ulp((float) w[i]) * (key.equals("window.sums") ? ElementChannels.POINTS : 1)
                        : RELATIVE * Math.max(Math.abs(w[i]), scale);
                if (!(Math.abs(a[i] - w[i]) <= tol)) {
                    fail(c.name() + " " + key + "[" + i + "]: " + a[i] + " vs pinned " + w[i] + " (tolerance " + tol + ")");
                }
            }
        }
    }

    static double[] parse(String s) {
        return s.isEmpty() ? new double[0] : Arrays.stream(s.split(" ")).mapToDouble(Double::parseDouble).toArray();
    }
}
