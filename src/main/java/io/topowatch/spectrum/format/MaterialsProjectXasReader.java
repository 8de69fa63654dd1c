package io.topowatch.spectrum.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.topowatch.spectrum.Elements;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads Materials Project XAS documents (JSON, the {@code XASDoc} of materialsproject/emmet, as the MP API returns
 * them): the computed spectrum {@code spectrum.x} (energies, eV) and {@code spectrum.y} (mu), the
 * {@code absorbing_element}, the {@code edge} (K, L2, L3, L2,3), the {@code spectrum_type} (XANES, EXAFS, XAFS), and
 * the {@code structure} and/or {@code symmetry} (space group). Accepted shapes: one document, a JSON array of
 * documents, or an API response {@code {"data": [ … ]}}.
 *
 * <p>The result has columns {@code energy} and {@code mu} (a stored mu), and header fields {@code MP.material_id},
 * {@code MP.spectrum_id}, {@code MP.spectrum_type}, {@code Sample.formula}, {@code Symmetry.symbol},
 * {@code Symmetry.number}, {@code Symmetry.crystal_system}, {@code MP.structure} (the structure as compact JSON).
 *
 * <p>Never throws for bad content; only {@link #readAll(Path)} and {@link #read(Path)} throw, for I/O. Diagnostics
 * are bound to no line (JSON has no useful line structure here), except JSON syntax errors.
 */
public final class MaterialsProjectXasReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Edges the MP computes (emmet's {@code Edge}), on top of the XDI ones. */
    private static final List<String> MP_ONLY_EDGES = List.of("L2,3");

    private MaterialsProjectXasReader() {}

    /** The first (usually only) document of the file; a warning says when there were more. */
    public static XasData read(Path file) throws IOException {
        return first(readAll(file));
    }

    /** Every document of the file. */
    public static List<XasData> readAll(Path file) throws IOException {
        return parseAll(file.toString(), TextInput.read(file));
    }

    /** The first document of the text. Never throws for bad content. */
    public static XasData parse(String source, String json) {
        return first(parseAll(source, json));
    }

    /** Every document of the text; one unusable {@link XasData} when the text is not a document. */
    public static List<XasData> parseAll(String source, String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
            String why = e.getOriginalMessage() == null ? "malformed" : e.getOriginalMessage().lines().findFirst()
                    .orElse("malformed");
            return List.of(new XasData.Builder(source, "materials-project")
                    .error(line, "not valid JSON (" + TextInput.quote(why) + "), expected a Materials Project XAS"
                            + " document")
                    .build());
        }
        if (root == null || root.isMissingNode()) {
            return List.of(new XasData.Builder(source, "materials-project")
                    .error(0, "empty file, expected a Materials Project XAS document (JSON)").build());
        }
        JsonNode docs = root.has("data") && root.get("data").isArray() ? root.get("data") : root;
        List<XasData> out = new ArrayList<>();
        if (docs.isArray()) {
            for (int i = 0; i < docs.size(); i++) {
                out.add(document(docs.size() == 1 ? source : source + "[" + i + "]", docs.get(i)));
            }
            if (out.isEmpty()) {
                out.add(new XasData.Builder(source, "materials-project")
                        .error(0, "no documents in the array, expected at least one XAS document").build());
            }
        } else {
            out.add(document(source, docs));
        }
        return out;
    }

    private static XasData first(List<XasData> all) {
        XasData first = all.get(0);
        if (all.size() == 1) {
            return first;
        }
        XasData.Builder b = rebuild(first);
        b.warning(0, all.size() + " documents in the file; only the first is read");
        return b.build();
    }

    private static XasData.Builder rebuild(XasData d) {
        XasData.Builder b = new XasData.Builder(d.source(), d.format());
        d.element().ifPresent(b::element);
        d.edge().ifPresent(b::edge);
        d.energy().ifPresent(b::energy);
        d.columnLabels().forEach(l -> b.column(l, d.column(l)));
        d.header().forEach(b::header);
        d.comments().forEach(b::comment);
        d.diagnostics().forEach(x -> {
            if (x.isError()) {
                b.error(x.line(), x.message());
            } else {
                b.warning(x.line(), x.message());
            }
        });
        return b;
    }

    private static XasData document(String source, JsonNode doc) {
        XasData.Builder out = new XasData.Builder(source, "materials-project");
        if (!doc.isObject()) {
            return out.error(0, "found a JSON " + doc.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)
                    + ", expected a Materials Project XAS document (an object with 'spectrum')").build();
        }
        JsonNode spectrum = doc.path("spectrum");
        JsonNode x = firstArray(spectrum, doc, "x", "energies", "energy");
        JsonNode y = firstArray(spectrum, doc, "y", "intensities", "mu");
        double[] energy = numbers(out, "spectrum.x (energies)", x);
        double[] mu = numbers(out, "spectrum.y (intensities)", y);
        if (energy != null && mu != null && energy.length != mu.length) {
            out.error(0, "spectrum.x has " + energy.length + " energies but spectrum.y has " + mu.length
                    + " intensities, expected the same number");
        } else if (energy != null && energy.length == 0) {
            out.error(0, "spectrum.x is empty, expected the energies of the spectrum");
        }
        text(doc, spectrum, "absorbing_element").ifPresentOrElse(
                s -> Elements.elementSymbol(s).ifPresentOrElse(out::element, () -> out.error(0,
                        "absorbing_element is " + TextInput.quote(s) + ", expected the symbol of an element")),
                () -> out.error(0, "absorbing_element missing, expected the absorbing element's symbol"));
        text(doc, spectrum, "edge").ifPresentOrElse(
                s -> AbsorptionEdges.edge(s).or(() -> MP_ONLY_EDGES.contains(s) ? Optional.of(s) : Optional.empty())
                        .ifPresentOrElse(out::edge, () -> out.error(0, "edge is " + TextInput.quote(s)
                                + ", expected K, L2, L3, L2,3 or another XDI edge name")),
                () -> out.error(0, "edge missing, expected the absorption edge (K, L2, L3, L2,3)"));
        text(doc, spectrum, "spectrum_type").ifPresentOrElse(
                s -> {
                    out.header("MP.spectrum_type", s);
                    if (!List.of("XANES", "EXAFS", "XAFS").contains(s)) {
                        out.warning(0, "spectrum_type is " + TextInput.quote(s) + ", expected XANES, EXAFS or XAFS");
                    }
                },
                () -> out.warning(0, "spectrum_type missing, expected XANES, EXAFS or XAFS"));
        text(doc, doc, "material_id").ifPresent(s -> out.header("MP.material_id", s));
        text(doc, doc, "spectrum_id").or(() -> text(doc, doc, "xas_id"))
                .ifPresent(s -> out.header("MP.spectrum_id", s));
        text(doc, doc, "formula_pretty").ifPresent(s -> out.header("Sample.formula", s));
        symmetryAndStructure(out, doc, spectrum);
        if (!out.hasErrors()) {
            out.column("energy", energy).column("mu", mu).energy(energy);
        }
        return out.build();
    }

    private static void symmetryAndStructure(XasData.Builder out, JsonNode doc, JsonNode spectrum) {
        JsonNode symmetry = doc.path("symmetry");
        boolean hasSymmetry = symmetry.isObject();
        if (hasSymmetry) {
            text(symmetry, symmetry, "symbol").ifPresent(s -> out.header("Symmetry.symbol", s));
            text(symmetry, symmetry, "crystal_system").ifPresent(s -> out.header("Symmetry.crystal_system", s));
            JsonNode number = symmetry.path("number");
            if (number.isIntegralNumber() && number.asInt() >= 1 && number.asInt() <= 230) {
                out.header("Symmetry.number", Integer.toString(number.asInt()));
            } else if (!number.isMissingNode() && !number.isNull()) {
                out.warning(0, "symmetry.number is " + TextInput.quote(number.toString())
                        + ", expected a space group number 1-230");
            }
        }
        JsonNode structure = doc.path("structure").isObject() ? doc.path("structure") : spectrum.path("structure");
        if (structure.isObject()) {
            out.header("MP.structure", structure.toString());
            if (!structure.path("sites").isArray() || structure.path("sites").isEmpty()) {
                out.warning(0, "structure has no sites, expected a pymatgen Structure with lattice and sites");
            }
        }
        if (!hasSymmetry && !structure.isObject()) {
            out.warning(0, "neither structure nor symmetry given; the space group is unknown");
        }
    }

    private static JsonNode firstArray(JsonNode spectrum, JsonNode doc, String... names) {
        for (String name : names) {
            if (spectrum.path(name).isArray()) {
                return spectrum.get(name);
            }
            if (doc.path(name).isArray()) {
                return doc.get(name);
            }
        }
        return null;
    }

    private static double[] numbers(XasData.Builder out, String what, JsonNode array) {
        if (array == null) {
            out.error(0, what + " missing, expected an array of numbers");
            return null;
        }
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode n = array.get(i);
            if (!n.isNumber() || !Double.isFinite(n.asDouble())) {
                out.error(0, what + "[" + i + "] is " + TextInput.quote(n.toString()) + ", expected a finite number");
                return null;
            }
            v[i] = n.asDouble();
        }
        return v;
    }

    /** A text field of the document, else of the spectrum object. */
    private static Optional<String> text(JsonNode doc, JsonNode spectrum, String name) {
        for (JsonNode node : new JsonNode[] {doc.path(name), spectrum.path(name)}) {
            if (node.isTextual() && !node.asText().isBlank()) {
                return Optional.of(node.asText().strip());
            }
        }
        return Optional.empty();
    }
}
