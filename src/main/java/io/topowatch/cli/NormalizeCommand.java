package io.topowatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.topowatch.spectrum.ElementChannels;
import io.topowatch.spectrum.Elements;
import io.topowatch.spectrum.NormalizationPlot;
import io.topowatch.spectrum.PreEdge;
import io.topowatch.spectrum.PreEdgeParameters;
import io.topowatch.spectrum.PreEdgeResult;
import io.topowatch.spectrum.QualityFlag;
import io.topowatch.spectrum.Spectrum;
import io.topowatch.spectrum.format.Diagnostic;
import io.topowatch.spectrum.format.MuSource;
import io.topowatch.spectrum.format.XasData;
import io.topowatch.spectrum.format.XasFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "normalize", mixinStandardHelpOptions = true,
        description = "Normalise XAS files as Larch's pre_edge does (e0, pre-edge line, post-edge polynomial, edge step, flat).")
final class NormalizeCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "XDI, column or Materials Project JSON files.")
    List<Path> files;

    @Option(names = "--json", description = "One JSON object per file, on its own line.")
    boolean json;

    @Option(names = "--png", paramLabel = "OUT",
            description = "Plot mu with the pre/post-edge lines and norm: a .png file for one input, else a folder.")
    Path png;

    @ArgGroup(exclusive = true)
    MuChoice mu;

    static final class MuChoice {
        @Option(names = "--mu", paramLabel = "EXPR",
                description = "mu column or expression: mutrans, 'ln(i0/itrans)', '(if1+if2)/i0' (default: from the labels).")
        String expression;

        @ArgGroup(exclusive = false)
        Counters counters;
    }

    static final class Counters {
        @Option(names = "--i0", required = true, paramLabel = "COL", description = "Incident-intensity column.")
        String i0;

        @Option(names = "--it", paramLabel = "COL", description = "Transmitted-intensity column: mu = ln(I0/It).")
        String it;

        @Option(names = "--if", paramLabel = "COL", description = "Fluorescence column(s), summed: mu = ΣIf/I0.")
        List<String> fluorescence;
    }

    @Option(names = "--e0", paramLabel = "EV", description = "Edge energy instead of the maximum derivative.")
    Double e0;
    @Option(names = "--pre1", paramLabel = "EV", description = "Pre-edge range start, relative to e0.")
    Double pre1;
    @Option(names = "--pre2", paramLabel = "EV", description = "Pre-edge range end, relative to e0.")
    Double pre2;
    @Option(names = "--norm1", paramLabel = "EV", description = "Post-edge range start, relative to e0.")
    Double norm1;
    @Option(names = "--norm2", paramLabel = "EV", description = "Post-edge range end, relative to e0.")
    Double norm2;
    @Option(names = "--nnorm", paramLabel = "N", description = "Degree of the post-edge polynomial (0-5).")
    Integer nnorm;

    @Option(names = "--debug", description = "Show the stack trace of an unexpected failure.")
    boolean debug;

    @Spec
    CommandSpec spec;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PreEdgeParameters parameters = parameters();
        MuSource source = muSource();
        if (png != null && files.size() > 1) {
            Files.createDirectories(png);
        }
        int failed = 0;
        for (Path file : files) {
            try {
                normalize(file, parameters, source, out, err);
            } catch (NoSuchFileException e) {
                err.println(Diagnostic.error(file.toString(), 0, "no such file"));
                failed++;
            } catch (IOException | RuntimeException e) {
                err.println(Diagnostic.error(file.toString(), 0, "cannot normalise: " + TopoWatch.describe(e)));
                if (debug) {
                    e.printStackTrace(err);
                }
                failed++;
            }
        }
        out.flush();
        err.flush();
        return failed == 0 ? 0 : 1;
    }

    private void normalize(Path file, PreEdgeParameters parameters, MuSource source, PrintWriter out,
            PrintWriter err) throws IOException {
        XasData data = XasFiles.read(file);
        data.diagnostics().forEach(err::println);
        if (!data.isUsable()) {
            throw new IllegalArgumentException("the file has errors (listed above)");
        }
        if (!data.isSpectrum()) {
            throw new IllegalArgumentException("not an XAS spectrum: it needs an energy axis and the absorbing element "
                    + "and edge (Element.symbol, Element.edge)");
        }
        Spectrum spectrum = data.spectrum(source);
        String element = data.element().orElseThrow();
        String edge = data.edge().orElseThrow();
        PreEdgeResult r = "K".equals(edge) && ElementChannels.indexOf(element).isPresent()
                ? PreEdge.normalize(spectrum, parameters, Elements.bySymbol(element).orElseThrow().kEdgeEv(),
                        ElementChannels.window(element))
                : PreEdge.normalize(spectrum, parameters);
        List<String> warnings = new ArrayList<>();
        data.warnings().forEach(w -> warnings.add(w.message()));
        r.flags().stream().map(QualityFlag::message).forEach(warnings::add);
        r.flags().forEach(f -> err.println(Diagnostic.warning(file.toString(), 0, f.message())));
        if (json) {
            out.println(JSON.writeValueAsString(json(file, element, edge, data.mu(source).formula(), r, warnings)));
        } else {
            out.printf("%s  %s %s  mu = %s%n  e0 %.2f eV  edgeStep %.5g  pre1 %.1f  pre2 %.1f  norm1 %.1f  norm2 %.1f"
                    + "  nnorm %d  points %d%n", file, element, edge, data.mu(source).formula(), r.e0(), r.edgeStep(),
                    r.pre1(), r.pre2(), r.norm1(), r.norm2(), r.nnorm(), r.energy().length);
        }
        if (png != null) {
            Path target = files.size() > 1 ? png.resolve(file.getFileName() + ".png") : png;
            NormalizationPlot.writePng(r, file.getFileName() + " (" + element + " " + edge + ")", target.toFile());
        }
    }

    private static Map<String, Object> json(Path file, String element, String edge, String muFormula, PreEdgeResult r,
            List<String> warnings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.toString());
        m.put("element", element);
        m.put("edge", edge);
        m.put("mu_source", muFormula);
        m.put("e0", r.e0());
        m.put("edgeStep", r.edgeStep());
        m.put("pre1", r.pre1());
        m.put("pre2", r.pre2());
        m.put("norm1", r.norm1());
        m.put("norm2", r.norm2());
        m.put("nnorm", r.nnorm());
        m.put("energy", r.energy());
        m.put("mu", r.mu());
        m.put("norm", r.norm());
        m.put("flat", r.flat());
        m.put("warnings", warnings);
        return m;
    }

    private PreEdgeParameters parameters() {
        PreEdgeParameters p = PreEdgeParameters.defaults();
        if (e0 != null) {
            p = p.withE0(e0);
        }
        if (pre1 != null) {
            p = p.withPre1(pre1);
        }
        if (pre2 != null) {
            p = p.withPre2(pre2);
        }
        if (norm1 != null) {
            p = p.withNorm1(norm1);
        }
        if (norm2 != null) {
            p = p.withNorm2(norm2);
        }
        if (nnorm != null) {
            p = p.withNnorm(nnorm);
        }
        return p;
    }

    private MuSource muSource() {
        if (mu == null) {
            return MuSource.auto();
        }
        if (mu.expression != null) {
            return MuSource.parse(mu.expression);
        }
        Counters c = mu.counters;
        if ((c.it == null) == (c.fluorescence == null || c.fluorescence.isEmpty())) {
            throw new IllegalArgumentException("with --i0 give either --it (transmission) or --if (fluorescence)");
        }
        return c.it != null ? MuSource.transmission(c.i0, c.it)
                : MuSource.fluorescence(c.i0, c.fluorescence.toArray(String[]::new));
    }
}
