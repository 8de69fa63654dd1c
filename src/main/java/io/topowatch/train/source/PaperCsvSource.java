package io.topowatch.train.source;

import io.topowatch.spectrum.ElementChannels;
import io.topowatch.spectrum.Preprocessing;
import io.topowatch.spectrum.SampleTensor;
import io.topowatch.spectrum.Spectrum;
import io.topowatch.train.Formulas;
import io.topowatch.train.LabelledSample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Training data in the layout of the seed paper's own data: one row per material, its spectra per absorbing
 * element (the paper keeps a dictionary of spectra per element for each material and re-samples each at 200
 * evenly spaced energies). {@code topowatch train --csv FILE} reads it.
 *
 * <p>Columns (header names compared ignoring case, '_', '-' and spaces):
 * <ul>
 *   <li>{@code id} (or {@code material_id}, {@code mp_id}, {@code icsd}): the material's identifier;
 *       optional, the line number otherwise;</li>
 *   <li>{@code formula} (or {@code formula_pretty}): required; samples of one reduced formula are kept in
 *       one split;</li>
 *   <li>{@code space_group} (or {@code spacegroup}, {@code sg}): required, 1–230;</li>
 *   <li>{@code label} (or {@code class}, {@code topological}): {@value Labels#ACCEPTED};</li>
 *   <li>per absorbing element, either a column named by its symbol ({@code Fe}) holding exactly
 *       {@value ElementChannels#POINTS} numbers, the normalised spectrum already on that element's window
 *       ({@code ElementChannels.window}: {@value ElementChannels#WINDOW_BELOW_EDGE_EV} eV below to
 *       {@value ElementChannels#WINDOW_ABOVE_EDGE_EV} eV above the tabulated K edge, evenly spaced), used as
 *       is; or two columns {@code Fe_energy} and {@code Fe_mu} (or {@code Fe_energies}/{@code Fe_intensities})
 *       holding a raw K-edge spectrum of any length (at least 10 points), which is normalised and resampled
 *       as the stream does. An empty cell means the material has no such absorber.</li>
 * </ul>
 * A list of numbers may be written {@code "[0.1, 0.2, …]"} (quoted, as pandas writes Python lists), or
 * separated by spaces or semicolons. Every row needs at least one spectrum. Columns other than these are
 * ignored.
 */
public final class PaperCsvSource {

    static final int MIN_RAW_POINTS = 10;

    private PaperCsvSource() {}

    /**
     * The samples of {@code file}, in file order.
     *
     * @throws TrainingDataException listing every problem (file, line, column, what was expected)
     */
    public static List<LabelledSample> read(Path file) throws IOException {
        List<String> problems = new ArrayList<>();
        Csv.Table table = Csv.read(file, problems);
        if (table.header().isEmpty()) {
            throw new TrainingDataException(problems);
        }
        List<String> header = table.header();
        String id = Csv.column(header, "id", "material_id", "mp_id", "icsd");
        String formula = Csv.column(header, "formula", "formula_pretty");
        String spaceGroup = Csv.column(header, "space_group", "spacegroup", "sg", "space_group_number");
        String label = Csv.column(header, "label", "class", "topological");
        int rowProblems = problems.size();
        for (String[] required : new String[][] {{formula, "formula"}, {spaceGroup, "space_group"},
                {label, "label"}}) {
            if (required[0] == null) {
                problems.add(file + ":1: no '" + required[1] + "' column, expected columns id, formula, space_group,"
                        + " label and one per absorbing element");
            }
        }
        Map<String, String[]> elementColumns = elementColumns(file, header, problems);
        if (elementColumns.isEmpty()) {
            problems.add(file + ":1: no spectrum column, expected a column named by an element symbol (Fe) with "
                    + ElementChannels.POINTS + " values, or Fe_energy and Fe_mu");
        }
        if (problems.size() > rowProblems) {
            throw new TrainingDataException(problems.subList(rowProblems, problems.size()));
        }
        List<LabelledSample> samples = new ArrayList<>();
        for (Csv.Row row : table.rows()) {
            String where = file + ":" + row.line() + ": ";
            String name = id != null && !row.get(id).isEmpty() ? row.get(id) : "line-" + row.line();
            String f = row.get(formula);
            if (f.isEmpty()) {
                problems.add(where + "formula is empty, expected the material's formula");
            }
            var sg = Labels.spaceGroup(row.get(spaceGroup));
            if (sg.isEmpty()) {
                problems.add(where + spaceGroup + " is " + Labels.quote(row.get(spaceGroup))
                        + ", expected a space group number 1-230");
            }
            var topological = Labels.parse(row.get(label));
            if (topological.isEmpty()) {
                problems.add(where + label + " is " + Labels.quote(row.get(label)) + ", expected " + Labels.ACCEPTED);
            }
            Map<String, float[]> spectra = new TreeMap<>();
            elementColumns.forEach((element, columns) -> {
                float[] window = columns.length == 1 ? windowColumn(where, row, element, columns[0], problems)
                        : rawColumns(where, row, element, columns[0], columns[1], problems);
                if (window != null) {
                    spectra.put(element, window);
                }
            });
            if (spectra.isEmpty() && problems.stream().noneMatch(p -> p.startsWith(where))) {
                problems.add(where + "no spectrum, expected at least one element column with values");
            }
            if (sg.isPresent() && topological.isPresent() && !f.isEmpty() && !spectra.isEmpty()) {
                samples.add(new LabelledSample(name, SampleTensor.assemble(spectra, sg.get()), topological.get(),
                        Formulas.reduced(f)));
            }
        }
        if (!problems.isEmpty()) {
            throw new TrainingDataException(problems);
        }
        if (samples.isEmpty()) {
            throw new TrainingDataException(List.of(file + ": no rows, expected one row per material"));
        }
        return samples;
    }

    /** Element → {its 200-value column} or {energy column, mu column}, in symbol order. */
    private static Map<String, String[]> elementColumns(Path file, List<String> header, List<String> problems) {
        Map<String, String[]> out = new TreeMap<>();
        for (String h : header) {
            if (ElementChannels.indexOf(h).isPresent()) {
                out.put(h, new String[] {h});
            }
        }
        for (String h : header) {
            int cut = h.indexOf('_');
            if (cut < 0) {
                continue;
            }
            String element = h.substring(0, cut);
            String kind = h.substring(cut + 1).toLowerCase(java.util.Locale.ROOT);
            if (!(kind.equals("energy") || kind.equals("energies"))) {
                continue;
            }
            if (ElementChannels.indexOf(element).isEmpty()) {
                problems.add(file + ":1: column " + Labels.quote(h) + " names no element with a channel, expected "
                        + "one of the " + ElementChannels.CHANNELS + " absorbing elements");
                continue;
            }
            String mu = Csv.column(header, element + "_mu", element + "_intensities", element + "_intensity");
            if (mu == null) {
                problems.add(file + ":1: column " + Labels.quote(h) + " has no partner, expected " + element
                        + "_mu beside it");
            } else if (out.containsKey(element)) {
                problems.add(file + ":1: element " + element + " has both a column " + element + " and " + h
                        + ", expected one of them");
            } else {
                out.put(element, new String[] {h, mu});
            }
        }
        return out;
    }

    private static float[] windowColumn(String where, Csv.Row row, String element, String column,
            List<String> problems) {
        String cell = row.get(column);
        if (cell.isEmpty()) {
            return null;
        }
        double[] v = numbers(where, column, cell, problems);
        if (v == null) {
            return null;
        }
        if (v.length != ElementChannels.POINTS) {
            problems.add(where + column + " has " + v.length + " values, expected " + ElementChannels.POINTS
                    + " (the spectrum on " + element + "'s window), or give " + element + "_energy and " + element
                    + "_mu");
            return null;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    private static float[] rawColumns(String where, Csv.Row row, String element, String energyColumn,
            String muColumn, List<String> problems) {
        String e = row.get(energyColumn);
        String m = row.get(muColumn);
        if (e.isEmpty() && m.isEmpty()) {
            return null;
        }
        double[] energy = numbers(where, energyColumn, e, problems);
        double[] mu = numbers(where, muColumn, m, problems);
        if (energy == null || mu == null) {
            return null;
        }
        return window(where + energyColumn + "/" + muColumn + ": ", element, energy, mu, problems);
    }

    /** Normalises and resamples a raw spectrum onto the element's window; null (and a problem) if it cannot. */
    static float[] window(String where, String element, double[] energy, double[] mu, List<String> problems) {
        if (energy.length != mu.length) {
            problems.add(where + energy.length + " energies but " + mu.length + " intensities, expected as many");
            return null;
        }
        if (energy.length < MIN_RAW_POINTS) {
            problems.add(where + energy.length + " points, expected at least " + MIN_RAW_POINTS);
            return null;
        }
        for (int i = 1; i < energy.length; i++) {
            if (!(energy[i] > energy[i - 1])) {
                problems.add(where + "energy " + energy[i] + " at point " + (i + 1) + " does not increase, expected "
                        + "increasing energies (eV)");
                return null;
            }
        }
        try {
            return Preprocessing.toWindow(new Spectrum(energy, mu), element).values();
        } catch (RuntimeException x) {
            problems.add(where + "cannot normalise the " + element + " K-edge spectrum: " + x.getMessage());
            return null;
        }
    }

    /** The numbers of a cell: "[1, 2]", "1 2", "1;2"; null (and a problem) when one is not a finite number. */
    static double[] numbers(String where, String column, String cell, List<String> problems) {
        String body = cell.strip();
        if (body.startsWith("[") && body.endsWith("]")) {
            body = body.substring(1, body.length() - 1);
        }
        String[] parts = body.strip().split("[\\s,;]+");
        if (parts.length == 1 && parts[0].isEmpty()) {
            problems.add(where + column + " is empty, expected numbers");
            return null;
        }
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException x) {
                out[i] = Double.NaN;
            }
            if (!Double.isFinite(out[i])) {
                problems.add(where + column + " value " + (i + 1) + " is " + Labels.quote(parts[i])
                        + ", expected a finite number");
                return null;
            }
        }
        return out;
    }
}
