package io.topowatch.spectrum.format;

import io.topowatch.spectrum.Elements;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads plain column files ({@code .xmu}, {@code .dat}, {@code .001}, …): header lines before the first row of
 * numbers (usually starting with '#'), the last of which may hold the column labels; then whitespace-separated
 * numbers, the same count on every row. Comment lines among the rows are skipped; blank lines are ignored.
 *
 * <p>Labels come from the last header line when it has one word per column, else col1, col2, …. The energy column
 * is chosen by label or 1-based index ({@link Options#energyColumn()}, default the first column), in eV or keV. The
 * absorber and edge come from the options or from XDI-style header lines ({@code # Element.symbol: Fe}).
 *
 * <p>Never throws for bad content; only {@link #read(Path, Options)} throws, for I/O.
 */
public final class ColumnFileReader {

    /** Units of the energy column. */
    public enum EnergyUnits {
        EV,
        KEV,
        /** keV when every energy is below {@value #KEV_BELOW}, else eV. */
        AUTO;

        /** Energies all below this are taken for keV by {@link #AUTO}: no XAS edge in eV lies below it. */
        public static final double KEV_BELOW = 100.0;
    }

    /**
     * What the file itself does not say.
     *
     * @param energyColumn label (case-insensitive) or 1-based index of the energy column; null: the first column
     * @param units        units of that column
     * @param element      absorbing element symbol, or null to take it from the header (if any)
     * @param edge         edge name, or null to take it from the header (if any)
     */
    public record Options(String energyColumn, EnergyUnits units, String element, String edge) {

        public Options {
            units = units == null ? EnergyUnits.AUTO : units;
        }

        /** First column, units guessed, absorber from the header. */
        public static Options defaults() {
            return new Options(null, EnergyUnits.AUTO, null, null);
        }

        public Options withEnergyColumn(String labelOrIndex) {
            return new Options(labelOrIndex, units, element, edge);
        }

        public Options withUnits(EnergyUnits u) {
            return new Options(energyColumn, u, element, edge);
        }

        public Options withAbsorber(String symbol, String edgeName) {
            return new Options(energyColumn, units, symbol, edgeName);
        }
    }

    private static final Pattern FIELD = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z0-9_-]+)\\s*[:=]\\s*(.+)");
    private static final int MAX_ROW_ERRORS = 20;

    private ColumnFileReader() {}

    public static XasData read(Path file) throws IOException {
        return read(file, Options.defaults());
    }

    /**
     * Reads a column file.
     *
     * @throws IOException only when the file cannot be read; bad content gives diagnostics instead
     */
    public static XasData read(Path file, Options options) throws IOException {
        return parse(file.toString(), TextInput.read(file), options);
    }

    /** Reads column-file text; {@code source} names it in diagnostics. Never throws for bad content. */
    public static XasData parse(String source, String text, Options options) {
        XasData.Builder out = new XasData.Builder(source, "columns");
        if (TextInput.looksBinary(text)) {
            return out.error(0, "binary content (NUL bytes), expected a text file of numeric columns").build();
        }
        List<String> lines = TextInput.lines(text);
        String lastHeader = null;
        int lastHeaderLine = 0;
        List<double[]> rows = new ArrayList<>();
        int columns = -1;
        int firstRowLine = 0;
        int rowErrors = 0;
        for (int i = 0; i < lines.size(); i++) {
            int no = i + 1;
            String s = lines.get(i).strip();
            if (s.isEmpty()) {
                continue;
            }
            boolean comment = s.startsWith("#");
            if (columns < 0 && (comment || !TextInput.isNumericRow(s))) {
                String body = comment ? s.replaceFirst("^#+", "").strip() : s;
                Matcher f = FIELD.matcher(body);
                if (f.matches()) {
                    out.header(f.group(1), f.group(2).strip());
                }
                out.comment(body);
                lastHeader = body;
                lastHeaderLine = no;
                continue;
            }
            if (comment) {
                continue;
            }
            String[] words = TextInput.words(s);
            if (columns < 0) {
                columns = words.length;
                firstRowLine = no;
            }
            String problem = null;
            double[] row = new double[words.length];
            if (words.length != columns) {
                problem = "found " + words.length + " values, expected " + columns + " as on the first data row (line "
                        + firstRowLine + ")";
            } else {
                for (int j = 0; j < words.length && problem == null; j++) {
                    if (!TextInput.isNumber(words[j])) {
                        problem = "column " + (j + 1) + ": " + TextInput.whyNotANumber(words[j]);
                    } else {
                        row[j] = TextInput.parseNumber(words[j]);
                        if (!Double.isFinite(row[j])) {
                            problem = "column " + (j + 1) + ": " + TextInput.quote(words[j]) + " overflows";
                        }
                    }
                }
            }
            if (problem != null) {
                if (rowErrors++ < MAX_ROW_ERRORS) {
                    out.error(no, problem);
                }
            } else {
                rows.add(row);
            }
        }
        if (rowErrors > MAX_ROW_ERRORS) {
            out.error(0, (rowErrors - MAX_ROW_ERRORS) + " more rows with errors not shown");
        }
        if (columns < 0) {
            return out.error(0, "no data rows; expected rows of whitespace-separated numbers").build();
        }
        List<String> labels = labels(out, lastHeader, lastHeaderLine, columns);
        if (out.hasErrors()) {
            return out.build();
        }
        for (int j = 0; j < columns; j++) {
            double[] values = new double[rows.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = rows.get(i)[j];
            }
            out.column(labels.get(j), values);
        }
        absorber(out, options);
        energy(out, options, labels, rows);
        return out.build();
    }

    private static List<String> labels(XasData.Builder out, String lastHeader, int line, int columns) {
        List<String> labels = new ArrayList<>();
        String[] words = lastHeader == null ? new String[0] : TextInput.words(lastHeader);
        boolean fits = words.length == columns && !FIELD.matcher(lastHeader).matches();
        if (lastHeader != null && !fits) {
            out.warning(line, "last header line " + TextInput.quote(lastHeader) + " has " + words.length
                    + " words but the rows have " + columns + " values, so it is not a label line; columns named"
                    + " col1..col" + columns);
        }
        for (int j = 0; j < columns; j++) {
            labels.add(fits ? words[j] : "col" + (j + 1));
        }
        return labels;
    }

    private static void absorber(XasData.Builder out, Options options) {
        String element = options.element() != null ? options.element() : out.headerValue("Element.symbol");
        String edge = options.edge() != null ? options.edge() : out.headerValue("Element.edge");
        if (element == null) {
            out.warning(0, "no absorbing element given (Element.symbol); the data cannot be normalised without it");
        } else {
            Elements.elementSymbol(element).ifPresentOrElse(out::element, () -> out.error(0,
                    "absorbing element is " + TextInput.quote(element) + ", expected the symbol of an element"));
        }
        if (edge == null) {
            out.warning(0, "no absorption edge given (Element.edge); the data cannot be normalised without it");
        } else {
            AbsorptionEdges.edge(edge).ifPresentOrElse(out::edge, () -> out.error(0,
                    "edge is " + TextInput.quote(edge) + ", expected K, L1-L3, M1-M5, N1-N7, O1-O7 or P1-P3"));
        }
    }

    private static void energy(XasData.Builder out, Options options, List<String> labels, List<double[]> rows) {
        int index = 0;
        String chosen = options.energyColumn();
        if (chosen != null) {
            index = -1;
            for (int j = 0; j < labels.size(); j++) {
                if (labels.get(j).equalsIgnoreCase(chosen.strip())) {
                    index = j;
                    break;
                }
            }
            if (index < 0 && chosen.strip().matches("\\d{1,9}")) {
                int n = Integer.parseInt(chosen.strip());
                index = n >= 1 && n <= labels.size() ? n - 1 : -1;
            }
            if (index < 0) {
                out.error(0, "energy column " + TextInput.quote(chosen) + " not found; columns are "
                        + String.join(", ", labels) + " (or 1.." + labels.size() + " by index)");
                return;
            }
        }
        double[] e = new double[rows.size()];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < e.length; i++) {
            e[i] = rows.get(i)[index];
            max = Math.max(max, Math.abs(e[i]));
        }
        boolean kev = options.units() == EnergyUnits.KEV
                || options.units() == EnergyUnits.AUTO && max < EnergyUnits.KEV_BELOW;
        if (kev) {
            if (options.units() == EnergyUnits.AUTO) {
                out.warning(0, "energies in column " + TextInput.quote(labels.get(index)) + " are all below "
                        + EnergyUnits.KEV_BELOW + ", so read as keV; give the units to override");
            }
            for (int i = 0; i < e.length; i++) {
                e[i] *= 1000;
            }
        }
        out.energy(e);
    }
}
