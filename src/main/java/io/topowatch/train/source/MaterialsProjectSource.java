package io.topowatch.train.source;

import io.topowatch.spectrum.ElementChannels;
import io.topowatch.spectrum.SampleTensor;
import io.topowatch.spectrum.format.Diagnostic;
import io.topowatch.spectrum.format.MaterialsProjectXasReader;
import io.topowatch.spectrum.format.XasData;
import io.topowatch.train.Formulas;
import io.topowatch.train.LabelledSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Training data from Materials Project XAS documents ({@link MaterialsProjectXasReader}: one document, an
 * array of them or an API response per {@code .json} file) in a folder and its subfolders, joined with a
 * labels CSV. {@code topowatch train --mp-dir DIR --labels FILE} reads it.
 *
 * <p>The labels CSV (header names compared ignoring case, '_', '-' and spaces) has a {@code label} column
 * ({@value Labels#ACCEPTED}) and {@code material_id} (e.g. {@code mp-1234}), {@code formula}, or both;
 * an optional {@code space_group} column (1–230) is used where a document has no {@code symmetry.number}.
 * Documents are joined by {@code material_id} when the labels have that column, else by reduced formula
 * ({@code formula_pretty}). All K-edge XANES documents of one material (its absorbing elements) form one
 * sample; its space group comes from the documents' {@code symmetry.number}. Documents of other edges or
 * spectrum types, and documents of materials the labels do not list, are skipped and counted in
 * {@link Result#notes()}; a labelled material without a usable document is noted too.
 */
public final class MaterialsProjectSource {

    /** The samples, and notes on what was skipped (not errors). */
    public record Result(List<LabelledSample> samples, List<String> notes) {}

    /** One labels row. */
    private record Label(int line, boolean topological, String formula, Integer spaceGroup) {}

    /** A usable document of a labelled material. */
    private record Doc(String file, String element, float[] window, Integer spaceGroup, String formula) {}

    private MaterialsProjectSource() {}

    /**
     * Reads the folder and the labels.
     *
     * @throws TrainingDataException listing every problem (file, line or field, what was expected)
     */
    public static Result read(Path folder, Path labelsFile) throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            throw new TrainingDataException(List.of(folder + ": not a folder, expected a folder of Materials "
                    + "Project XAS JSON documents"));
        }
        Csv.Table table = Csv.read(labelsFile, problems);
        String idColumn = Csv.column(table.header(), "material_id", "mp_id", "id");
        String formulaColumn = Csv.column(table.header(), "formula", "formula_pretty");
        String labelColumn = Csv.column(table.header(), "label", "class", "topological");
        String sgColumn = Csv.column(table.header(), "space_group", "spacegroup", "sg", "space_group_number");
        if (!table.header().isEmpty()) {
            if (labelColumn == null) {
                problems.add(labelsFile + ":1: no 'label' column, expected material_id and/or formula, and label");
            }
            if (idColumn == null && formulaColumn == null) {
                problems.add(labelsFile + ":1: neither 'material_id' nor 'formula' column, expected one of them to "
                        + "join the documents on");
            }
        }
        if (!problems.isEmpty()) {
            throw new TrainingDataException(problems);
        }
        boolean byId = idColumn != null;
        Map<String, Label> labels = new LinkedHashMap<>();
        for (Csv.Row row : table.rows()) {
            String where = labelsFile + ":" + row.line() + ": ";
            String key = byId ? row.get(idColumn) : Formulas.reduced(row.get(formulaColumn));
            if (key.isEmpty()) {
                problems.add(where + (byId ? idColumn : formulaColumn) + " is empty, expected the material's "
                        + (byId ? "id" : "formula"));
                continue;
            }
            Optional<Boolean> topological = Labels.parse(row.get(labelColumn));
            if (topological.isEmpty()) {
                problems.add(where + labelColumn + " is " + Labels.quote(row.get(labelColumn)) + ", expected "
                        + Labels.ACCEPTED);
                continue;
            }
            Integer sg = null;
            if (sgColumn != null && !row.get(sgColumn).isEmpty()) {
                Optional<Integer> parsed = Labels.spaceGroup(row.get(sgColumn));
                if (parsed.isEmpty()) {
                    problems.add(where + sgColumn + " is " + Labels.quote(row.get(sgColumn))
                            + ", expected a space group number 1-230");
                    continue;
                }
                sg = parsed.get();
            }
            Label previous = labels.put(key, new Label(row.line(), topological.get(),
                    formulaColumn != null && !row.get(formulaColumn).isEmpty() ? row.get(formulaColumn) : null, sg));
            if (previous != null) {
                problems.add(where + (byId ? "material " : "formula ") + key + " is labelled again, expected one row "
                        + "per material (first on line " + previous.line() + ")");
            }
        }

        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json"))
                    .sorted().toList();
        }
        if (files.isEmpty()) {
            problems.add(folder + ": no .json files, expected Materials Project XAS documents");
        }
        Map<String, Map<String, Doc>> byMaterial = new TreeMap<>();
        int otherEdges = 0;
        int unlabelled = 0;
        for (Path file : files) {
            for (XasData d : MaterialsProjectXasReader.readAll(file)) {
                if (!d.isUsable()) {
                    for (Diagnostic x : d.errors()) {
                        problems.add(x.file() + (x.line() > 0 ? ":" + x.line() : "") + ": " + x.message());
                    }
                    continue;
                }
                String element = d.element().orElseThrow();
                boolean xanes = d.header("MP.spectrum_type").map(t -> t.equals("XANES")).orElse(true);
                if (!"K".equals(d.edge().orElse("")) || !xanes) {
                    otherEdges++;
                    continue;
                }
                Optional<String> id = d.header("MP.material_id");
                Optional<String> formula = d.header("Sample.formula");
                if (byId && id.isEmpty()) {
                    problems.add(d.source() + ": material_id missing, expected it to join the labels on");
                    continue;
                }
                if (!byId && formula.isEmpty()) {
                    problems.add(d.source() + ": formula_pretty missing, expected it to join the labels on");
                    continue;
                }
                String key = byId ? id.get() : Formulas.reduced(formula.get());
                if (!labels.containsKey(key)) {
                    unlabelled++;
                    continue;
                }
                if (ElementChannels.indexOf(element).isEmpty()) {
                    problems.add(d.source() + ": absorbing_element " + element + " has no channel, expected one of "
                            + "the " + ElementChannels.CHANNELS + " elements of the model");
                    continue;
                }
                List<String> windowProblems = new ArrayList<>();
                float[] window = PaperCsvSource.window(d.source() + ": spectrum: ", element, d.energy().orElseThrow(),
                        d.column("mu"), windowProblems);
                problems.addAll(windowProblems);
                if (window == null) {
                    continue;
                }
                Integer sg = d.header("Symmetry.number").map(Integer::valueOf).orElse(null);
                Doc doc = new Doc(d.source(), element, window, sg, formula.orElse(null));
                Doc earlier = byMaterial.computeIfAbsent(key, k -> new TreeMap<>()).putIfAbsent(element, doc);
                if (earlier != null) {
                    notes.add(d.source() + ": a second " + element + " K-edge spectrum of " + key + "; the first ("
                            + earlier.file() + ") is used");
                }
            }
        }

        List<LabelledSample> samples = new ArrayList<>();
        for (Map.Entry<String, Label> e : labels.entrySet()) {
            Map<String, Doc> docs = byMaterial.get(e.getKey());
            Label label = e.getValue();
            if (docs == null) {
                notes.add(labelsFile + ":" + label.line() + ": no usable K-edge XANES document for " + e.getKey());
                continue;
            }
            List<Integer> groups = docs.values().stream().map(Doc::spaceGroup).filter(x -> x != null).distinct()
                    .toList();
            if (groups.size() > 1) {
                problems.add(e.getKey() + ": documents disagree on the space group " + groups + " ("
                        + docs.values().stream().map(Doc::file).toList() + "), expected one material per id");
                continue;
            }
            Integer sg = groups.isEmpty() ? label.spaceGroup() : groups.get(0);
            if (sg == null) {
                problems.add(e.getKey() + ": no space group, expected symmetry.number in its documents or a "
                        + "space_group column in " + labelsFile);
                continue;
            }
            Map<String, float[]> spectra = new TreeMap<>();
            docs.forEach((element, doc) -> spectra.put(element, doc.window()));
            String formula = label.formula() != null ? label.formula()
                    : docs.values().stream().map(Doc::formula).filter(x -> x != null).findFirst().orElse(e.getKey());
            samples.add(new LabelledSample(e.getKey(), SampleTensor.assemble(spectra, sg), label.topological(),
                    Formulas.reduced(formula)));
        }
        if (otherEdges > 0) {
            notes.add(otherEdges + " document(s) of other edges or spectrum types than K-edge XANES skipped");
        }
        if (unlabelled > 0) {
            notes.add(unlabelled + " document(s) of materials not in " + labelsFile + " skipped");
        }
        if (!problems.isEmpty()) {
            throw new TrainingDataException(problems);
        }
        if (samples.isEmpty()) {
            throw new TrainingDataException(List.of(folder + ": no labelled material with a usable K-edge XANES "
                    + "document, expected documents whose " + (byId ? "material_id" : "formula") + " is in "
                    + labelsFile));
        }
        return new Result(samples, notes);
    }
}
