package io.topowatch.spectrum.format;

import io.topowatch.spectrum.Elements;
import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads XAS Data Interchange files, XDI 1.0 (XDI Working Group, "The XAS Data Interchange Format Draft
 * Specification, version 1.0", github.com/XraySpectroscopy/XAS-Data-Interchange, specification/spec.md), with the
 * validation rules of the reference library libxdifile ({@code c/xdifile.c}) made stricter where the library
 * notes it passes files it should not (angle without d-spacing, strings and NaN in the table).
 *
 * <p>Layout: the version line {@code # XDI/1.0 App/1.2 …}; header fields {@code # Family.key: value}; an optional
 * {@code # ///} line opening free user comments; a {@code # ----} line ending the header; an optional
 * {@code # label label …} line; rows of numbers.
 *
 * <p><b>Errors</b> (the data cannot be used): no version line; a header field that is not
 * {@code Family.key: value} (no ':', no or several '.', a family starting with a digit or holding other than
 * letters, digits and '_', no value); {@code Column.N} not numbered 1, 2, 3, … or naming a column the rows do not
 * have; {@code Element.symbol} not a real element; {@code Element.edge} not an edge; an angle abscissa without a
 * usable {@code Mono.d_spacing} or with unknown units; a row with a different number of values; a value that is
 * not a finite number; no data rows.
 *
 * <p><b>Warnings</b> (usable): a missing required {@code Element.symbol} or {@code Element.edge} (the data read,
 * but cannot be normalised), a missing recommended field (Facility.name, Facility.xray_source, Beamline.name,
 * Scan.start_time, Column.1, Mono.d_spacing), a timestamp not in ISO 8601 or out of range, a d-spacing that is
 * not a positive number, an abscissa that is not energy or angle (non-XAFS data), an extension family not
 * declared on the version line, no header-end line, lines skipped, labels that disagree, energy that decreases.
 *
 * <p>Never throws for bad content; only {@link #read(Path)} throws, for I/O.
 */
public final class XdiReader {

    /** h·c in eV·Å (CODATA 2018: h = 4.135667696e-15 eV·s, c = 299792458 m/s): E = hc / (2 d sin θ). */
    static final double HC_EV_ANGSTROM = 12398.419843320026;

    private static final Pattern VERSION_LINE = Pattern.compile("(?i)#\\s*XDI/(\\S*)(.*)");
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.\\d+)?");
    private static final Pattern FAMILY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Key: word characters, and '-' which the specification allows ("letters, numbers, underscore, or dash"). */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern DATA_START = Pattern.compile("[ \\t]*[-+]?\\.?[0-9].*");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,]\\d+)?)?"
                    + "(?:Z|[+-]\\d{2}(?::?\\d{2})?)?)?");
    private static final Set<String> DEFINED_FAMILIES = Set.of(
            "facility", "beamline", "mono", "detector", "sample", "scan", "element", "column",
            "outer"); // Outer.*: libxdi's outer-scan fields of multi-dimensional scans
    private static final List<String> RECOMMENDED = List.of(
            "Facility.name", "Facility.xray_source", "Beamline.name", "Scan.start_time");
    private static final int MAX_ROW_ERRORS = 20;

    private XdiReader() {}

    /**
     * Reads an XDI file.
     *
     * @throws IOException only when the file cannot be read (missing, a directory, unreadable); bad content gives
     *                     diagnostics instead
     */
    public static XasData read(Path file) throws IOException {
        return parse(file.toString(), TextInput.read(file));
    }

    /** Reads XDI text; {@code source} names it in diagnostics. Never throws for bad content. */
    public static XasData parse(String source, String text) {
        return new Parse(source, text).run();
    }

    private enum Section { FIELDS, COMMENTS, LABELS, DATA }

    private record ColumnField(String label, String units, int line) {}

    /** One pass over the lines, collecting into a builder. */
    private static final class Parse {
        private final XasData.Builder out;
        private final String text;
        /** {@link TextInput#lineBounds}: data rows are read from these offsets, other lines become Strings. */
        private final int[] lines;
        private final boolean binary;
        private final Set<String> applications = new HashSet<>();
        private final Map<String, Integer> fieldLines = new HashMap<>();
        private final Set<String> undeclaredFamilies = new HashSet<>();
        private final TreeMap<Integer, ColumnField> columnFields = new TreeMap<>();
        private Section section = Section.FIELDS;
        private boolean headerEnd;
        private String[] labelLine;
        private int labelLineNo;
        private Double dSpacing;
        private final List<double[]> rows = new ArrayList<>();
        /** Line number of each row (an int array: boxing 500 line numbers cost more than parsing a row). */
        private int[] rowLines = new int[64];
        private int columns = -1;
        private int firstRowLine;
        private int rowErrors;
        private int commentsInData;
        private int firstCommentInData;
        private String firstCommentInDataText;
        private int ignoredHeaderLines;
        private int firstIgnoredHeaderLine;
        private String firstIgnoredHeaderText;

        Parse(String source, String text) {
            this.out = new XasData.Builder(source, "XDI");
            this.text = text;
            this.lines = TextInput.lineBounds(text);
            this.binary = TextInput.looksBinary(text);
        }

        XasData run() {
            if (text.isBlank()) { // every line blank: line breaks are whitespace too
                return out.error(0, "empty file, expected an XDI file starting with '# XDI/1.0'").build();
            }
            if (binary) {
                return out.error(0, "binary content (NUL bytes), expected an XDI text file starting with '# XDI/1.0'")
                        .build();
            }
            if (!versionLine(text.substring(lines[1], lines[2]))) {
                return out.build();
            }
            for (int k = 1; k < lines[0]; k++) {
                int from = lines[1 + 2 * k];
                int to = lines[2 + 2 * k];
                if (section == Section.DATA && fastDataRow(k + 1, from, to)) {
                    continue;
                }
                line(k + 1, text.substring(from, to));
            }
            finish();
            return out.build();
        }

        private boolean versionLine(String line) {
            Matcher m = VERSION_LINE.matcher(line.strip());
            if (!m.matches()) {
                out.error(1, "found " + TextInput.quote(line.strip())
                        + ", expected the version line '# XDI/1.0' (optionally followed by application versions)");
                return false;
            }
            String version = m.group(1);
            Matcher v = VERSION.matcher(version);
            if (!v.matches()) {
                out.error(1, "found version " + TextInput.quote("XDI/" + version)
                        + ", expected XDI/<major>.<minor> such as XDI/1.0");
            } else if (!v.group(1).equals("1")) {
                out.warning(1, "file is XDI/" + version + ", expected XDI/1.x; read by the XDI 1.0 rules");
            }
            out.format("XDI/" + version);
            for (String app : TextInput.words(m.group(2))) {
                int slash = app.indexOf('/');
                applications.add((slash < 0 ? app : app.substring(0, slash)).toLowerCase(Locale.ROOT));
            }
            return true;
        }

        private void line(int no, String raw) {
            if (section == Section.DATA) {
                dataLine(no, raw.strip()); // not a plain row: run() tried fastDataRow first
                return;
            }
            String s = raw.strip();
            if (s.isEmpty()) {
                return;
            }
            if (s.startsWith("#")) {
                String body = s.substring(1).strip();
                if (section == Section.LABELS) {
                    labelLine = TextInput.words(body);
                    labelLineNo = no;
                    section = Section.DATA;
                } else if (body.matches("-{3,}")) {
                    headerEnd = true;
                    section = Section.LABELS;
                } else if (section == Section.FIELDS && body.matches("/{3,}")) {
                    section = Section.COMMENTS;
                } else if (section == Section.COMMENTS) {
                    String comment = raw.substring(raw.indexOf('#') + 1).stripTrailing();
                    out.comment(comment.startsWith(" ") ? comment.substring(1) : comment);
                } else if (!body.isEmpty()) {
                    field(no, body);
                }
                return;
            }
            if (DATA_START.matcher(s).matches()) {
                if (!headerEnd) {
                    out.warning(no, "data start without a header-end line; expected '#----' (a line of dashes)"
                            + " ending the header, then the column-label line");
                }
                section = Section.DATA;
                dataLine(no, s);
                return;
            }
            if (ignoredHeaderLines++ == 0) {
                firstIgnoredHeaderLine = no;
                firstIgnoredHeaderText = s;
            }
        }

        private void field(int no, String body) {
            int colon = body.indexOf(':');
            if (colon < 0) {
                out.error(no, "found " + TextInput.quote(body) + ", expected a header field '# Family.key: value'"
                        + " (no ':')");
                return;
            }
            String name = body.substring(0, colon).strip();
            String value = body.substring(colon + 1).strip();
            int dots = (int) name.chars().filter(c -> c == '.').count();
            if (dots != 1) {
                out.error(no, "header field name " + TextInput.quote(name) + " has " + (dots == 0 ? "no" : dots)
                        + " '.', expected exactly one, as in '# Family.key: value'");
                return;
            }
            String family = name.substring(0, name.indexOf('.'));
            String key = name.substring(name.indexOf('.') + 1);
            if (!FAMILY.matcher(family).matches()) {
                out.error(no, "header family " + TextInput.quote(family)
                        + (!family.isEmpty() && Character.isDigit(family.charAt(0)) ? " starts with a digit" : " is not a word")
                        + ", expected letters, digits and '_', not starting with a digit");
                return;
            }
            if (!KEY.matcher(key).matches()) {
                out.error(no, "header key " + TextInput.quote(key) + " in " + TextInput.quote(name)
                        + " is not a word, expected letters, digits, '_' or '-'");
                return;
            }
            if (value.isEmpty()) {
                out.error(no, "header field " + name + " has no value, expected '# " + name + ": value'");
                return;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            Integer earlier = fieldLines.put(lower, no);
            if (earlier != null && !lower.startsWith("outer.")) {
                out.warning(no, name + " given again (first on line " + earlier + "); the last value is used");
            }
            out.header(name, value);
            definedField(no, family, key, lower, value);
        }

        private void definedField(int no, String familyAsWritten, String key, String lower, String value) {
            String family = familyAsWritten.toLowerCase(Locale.ROOT);
            if (family.equals("column")) {
                columnField(no, key, value);
            } else if (lower.equals("element.symbol")) {
                Elements.elementSymbol(value).ifPresentOrElse(out::element, () -> out.error(no,
                        "Element.symbol is " + TextInput.quote(value) + ", expected the symbol of an element, H to Og"));
            } else if (lower.equals("element.edge")) {
                AbsorptionEdges.edge(value).ifPresentOrElse(out::edge, () -> out.error(no,
                        "Element.edge is " + TextInput.quote(value) + ", expected an edge: K, L1-L3, M1-M5, N1-N7,"
                                + " O1-O7 or P1-P3"));
            } else if (lower.equals("element.reference") && Elements.elementSymbol(value).isEmpty()) {
                out.warning(no, "Element.reference is " + TextInput.quote(value) + ", expected an element symbol");
            } else if (lower.equals("element.ref_edge") && AbsorptionEdges.edge(value).isEmpty()) {
                out.warning(no, "Element.ref_edge is " + TextInput.quote(value) + ", expected an edge such as K or L3");
            } else if (lower.equals("mono.d_spacing")) {
                dSpacing = null;
                if (TextInput.isNumber(value) && TextInput.parseNumber(value) > 0) {
                    dSpacing = TextInput.parseNumber(value);
                } else {
                    out.warning(no, "Mono.d_spacing is " + TextInput.quote(value)
                            + ", expected a positive number (the d-spacing in Å)");
                }
            } else if (lower.equals("scan.start_time") || lower.equals("scan.end_time")) {
                timestamp(no, "Scan." + key, value);
            } else if (!DEFINED_FAMILIES.contains(family) && !applications.contains(family)
                    && undeclaredFamilies.add(family)) {
                out.warning(no, "extension field " + TextInput.quote(familyAsWritten + "." + key)
                        + " but no application '" + familyAsWritten + "' on the version line; expected e.g. '# XDI/1.0 "
                        + familyAsWritten + "/1.0'");
            }
        }

        private void columnField(int no, String key, String value) {
            if (!key.matches("\\d{1,6}") || Integer.parseInt(key) < 1) {
                out.error(no, "found Column." + key + ", expected Column.N with N a whole number from 1");
                return;
            }
            String[] words = TextInput.words(value);
            if (words.length > 2) {
                out.warning(no, "Column." + key + " is " + TextInput.quote(value) + ", expected 'label [units]';"
                        + " the words after the units are ignored");
            }
            columnFields.put(Integer.parseInt(key), new ColumnField(words[0], words.length > 1 ? words[1] : null, no));
        }

        private void timestamp(int no, String name, String value) {
            Matcher m = TIMESTAMP.matcher(value);
            if (!m.matches()) {
                out.warning(no, name + " is " + TextInput.quote(value)
                        + ", expected an ISO 8601 timestamp YYYY-MM-DDTHH:MM:SS");
                return;
            }
            int year = Integer.parseInt(m.group(1));
            int month = Integer.parseInt(m.group(2));
            int day = Integer.parseInt(m.group(3));
            String problem = null;
            if (year < 1900) {
                problem = "year " + year + ", expected 1900 or later";
            } else if (month < 1 || month > 12) {
                problem = "month " + month + ", expected 1-12";
            } else {
                int days = daysIn(year, month);
                if (day < 1 || day > days) {
                    problem = "day " + day + ", expected 1-" + days;
                }
            }
            if (problem == null && m.group(4) != null) {
                int hour = Integer.parseInt(m.group(4));
                int minute = Integer.parseInt(m.group(5));
                int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
                if (hour > 23) {
                    problem = "hour " + hour + ", expected 0-23";
                } else if (minute > 59) {
                    problem = "minute " + minute + ", expected 0-59";
                } else if (second > 59) {
                    problem = "second " + second + ", expected 0-59";
                }
            }
            if (problem != null) {
                out.warning(no, name + " " + TextInput.quote(value) + " is out of range: " + problem);
            }
        }

        private static int daysIn(int year, int month) {
            try {
                return YearMonth.of(year, month).lengthOfMonth();
            } catch (DateTimeException e) {
                return 31;
            }
        }

        /**
         * The common case of a data line, read straight from the text between its offsets: a row of plain decimals, as many
         * as the rows before, each converted exactly by {@link TextInput#parseDecimal}. Returns false, having
         * recorded nothing, for anything else (blank, comment, wrong count, a token that is not such a number),
         * which {@link #dataLine} then handles and diagnoses as before.
         */
        private boolean fastDataRow(int no, int from, int to) {
            String raw = text;
            int n = to;
            double[] row = new double[columns > 0 ? columns : 8];
            int count = 0;
            int i = from;
            while (true) {
                while (i < n && TextInput.isBlank(raw.charAt(i))) {
                    i++;
                }
                if (i >= n) {
                    break;
                }
                int start = i;
                while (i < n && !TextInput.isBlank(raw.charAt(i))) {
                    i++;
                }
                double v = TextInput.parseDecimal(raw, start, i);
                if (Double.isNaN(v)) {
                    return false;
                }
                if (count == row.length) {
                    if (columns > 0) {
                        return false; // more values than the first row: dataLine reports it
                    }
                    row = java.util.Arrays.copyOf(row, 2 * count);
                }
                row[count++] = v;
            }
            if (count == 0 || (columns >= 0 && count != columns)) {
                return false;
            }
            if (columns < 0) {
                columns = count;
                firstRowLine = no;
                row = java.util.Arrays.copyOf(row, count);
            }
            rows.add(row);
            addRowLine(no);
            return true;
        }

        private void addRowLine(int no) {
            int k = rows.size() - 1; // the row just added
            if (k == rowLines.length) {
                rowLines = java.util.Arrays.copyOf(rowLines, 2 * k);
            }
            rowLines[k] = no;
        }

        private void dataLine(int no, String s) {
            if (s.isEmpty()) {
                return;
            }
            if (s.startsWith("#")) {
                if (commentsInData++ == 0) {
                    firstCommentInData = no;
                    firstCommentInDataText = s;
                }
                return;
            }
            String[] words = TextInput.words(s);
            if (columns < 0) {
                columns = words.length;
                firstRowLine = no;
            } else if (words.length != columns) {
                rowError(no, "found " + words.length + " values, expected " + columns + " as on the first data row"
                        + " (line " + firstRowLine + "); every row must have the same number of columns");
                return;
            }
            double[] row = new double[words.length];
            for (int j = 0; j < words.length; j++) {
                if (!TextInput.isNumber(words[j])) {
                    rowError(no, "column " + (j + 1) + ": " + TextInput.whyNotANumber(words[j]));
                    return;
                }
                row[j] = TextInput.parseNumber(words[j]);
                if (!Double.isFinite(row[j])) {
                    rowError(no, "column " + (j + 1) + ": " + TextInput.quote(words[j])
                            + " overflows, expected a finite number");
                    return;
                }
            }
            rows.add(row);
            addRowLine(no);
        }

        private void rowError(int no, String message) {
            if (rowErrors++ < MAX_ROW_ERRORS) {
                out.error(no, message);
            }
        }

        private void finish() {
            if (ignoredHeaderLines > 0) {
                out.warning(firstIgnoredHeaderLine, ignoredHeaderLines + " header line(s) not starting with '#'"
                        + " ignored (first: " + TextInput.quote(firstIgnoredHeaderText) + "); expected"
                        + " '# Family.key: value'");
            }
            if (rowErrors > MAX_ROW_ERRORS) {
                out.error(0, (rowErrors - MAX_ROW_ERRORS) + " more rows with errors not shown");
            }
            if (commentsInData > 0) {
                out.warning(firstCommentInData, commentsInData + " comment line(s) inside the data table skipped"
                        + " (first: " + TextInput.quote(firstCommentInDataText) + "); XDI data lines must not"
                        + " begin with '#'");
            }
            if (columns < 0) {
                out.error(0, "no data rows; expected a table of numbers after the header-end line '#----'"
                        + " and the column-label line");
            }
            List<String> labels = columnLabels();
            if (!out.hasErrors()) {
                for (int j = 0; j < columns; j++) {
                    double[] values = new double[rows.size()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = rows.get(i)[j];
                    }
                    out.column(labels.get(j), values);
                }
            }
            energyAxis(labels);
            requiredAndRecommended();
        }

        /** Labels from Column.N, else from the label line, else col1, col2, …; checks numbering and agreement. */
        private List<String> columnLabels() {
            int expected = 1;
            for (Map.Entry<Integer, ColumnField> e : columnFields.entrySet()) {
                if (e.getKey() != expected) {
                    out.error(e.getValue().line(), "Column." + e.getKey() + " given but Column." + expected
                            + " is missing; expected Column.N numbered 1, 2, 3, … without gaps");
                    break;
                }
                expected++;
            }
            if (columns >= 0 && !columnFields.isEmpty() && columnFields.lastKey() > columns) {
                ColumnField extra = columnFields.get(columnFields.lastKey());
                out.error(extra.line(), "Column." + columnFields.lastKey() + " names column "
                        + columnFields.lastKey() + " but the data rows have " + columns + " values");
            }
            boolean labelLineFits = labelLine != null && labelLine.length == Math.max(columns, 0);
            if (labelLine != null && columns >= 0 && !labelLineFits) {
                out.warning(labelLineNo, "column-label line has " + labelLine.length + " labels but the rows have "
                        + columns + " values; expected one label per column");
            }
            List<String> labels = new ArrayList<>();
            List<Integer> unlabelled = new ArrayList<>();
            String disagreement = null;
            for (int j = 1; j <= Math.max(columns, 0); j++) {
                ColumnField f = columnFields.get(j);
                String fromLine = labelLineFits ? labelLine[j - 1] : null;
                if (f != null) {
                    labels.add(f.label());
                    if (fromLine != null && !fromLine.equalsIgnoreCase(f.label()) && disagreement == null) {
                        disagreement = "column-label line says " + TextInput.quote(fromLine) + " for column " + j
                                + " but Column." + j + " says " + TextInput.quote(f.label()) + "; Column." + j
                                + " is used";
                    }
                } else {
                    unlabelled.add(j);
                    labels.add(fromLine != null ? fromLine : "col" + j);
                }
            }
            if (disagreement != null) {
                out.warning(labelLineNo, disagreement);
            }
            if (!columnFields.isEmpty() && !unlabelled.isEmpty()) {
                out.warning(0, "column(s) " + unlabelled + " have no Column.N field; named "
                        + (labelLineFits ? "from the column-label line" : "col<N>"));
            }
            return labels;
        }

        private void energyAxis(List<String> labels) {
            ColumnField first = columnFields.get(1);
            String label = first != null ? first.label() : labels.isEmpty() ? null : labels.get(0);
            String units = first != null ? first.units() : null;
            int line = first != null ? first.line() : 0;
            if (first == null) {
                out.warning(0, "Column.1 missing; recommended, expected e.g. '# Column.1: energy eV'");
            }
            if (label == null) {
                return;
            }
            String kind = label.toLowerCase(Locale.ROOT);
            String unit = units == null ? null : units.toLowerCase(Locale.ROOT);
            double[] axis = out.hasErrors() || rows.isEmpty() ? null : column0();
            if (kind.equals("energy")) {
                double scale;
                if (unit == null) {
                    out.warning(line, "energy column has no units, expected 'energy eV'; eV assumed");
                    scale = 1;
                } else if (unit.equals("ev")) {
                    scale = 1;
                } else if (unit.equals("kev")) {
                    scale = 1000;
                } else {
                    out.error(line, "energy units " + TextInput.quote(units) + " unknown, expected eV or keV");
                    return;
                }
                if (axis != null && !out.hasErrors()) {
                    for (int i = 0; i < axis.length; i++) {
                        axis[i] *= scale;
                    }
                    setEnergy(axis);
                }
            } else if (kind.equals("angle")) {
                double toRadians;
                if (unit != null && List.of("deg", "degree", "degrees").contains(unit)) {
                    toRadians = Math.PI / 180;
                } else if (unit != null && List.of("rad", "radian", "radians").contains(unit)) {
                    toRadians = 1;
                } else {
                    out.error(line, "angle units " + (units == null ? "missing" : TextInput.quote(units) + " unknown")
                            + ", expected degrees or radians (motor steps cannot be converted to energy)");
                    return;
                }
                if (dSpacing == null) {
                    Integer dLine = fieldLines.get("mono.d_spacing");
                    out.error(dLine == null ? line : dLine, "Column.1 is an angle, so Mono.d_spacing is required"
                            + (dLine == null ? " but missing" : " but not a positive number")
                            + "; expected '# Mono.d_spacing: 3.13555' (Å)");
                    return;
                }
                if (axis != null && !out.hasErrors()) {
                    for (int i = 0; i < axis.length; i++) {
                        axis[i] = HC_EV_ANGSTROM / (2 * dSpacing * Math.sin(axis[i] * toRadians));
                    }
                    setEnergy(axis);
                }
            } else {
                out.warning(line, "first column is " + TextInput.quote(label) + ", expected energy or angle:"
                        + " no energy axis, so not an XAS spectrum (cannot be normalised)");
            }
        }

        private double[] column0() {
            double[] axis = new double[rows.size()];
            for (int i = 0; i < axis.length; i++) {
                axis[i] = rows.get(i)[0];
            }
            return axis;
        }

        private void setEnergy(double[] eV) {
            out.energy(eV);
            for (int i = 1; i < eV.length; i++) {
                if (eV[i] < eV[i - 1]) {
                    out.warning(rowLines[i], "energy decreases from " + eV[i - 1] + " to " + eV[i] + " eV;"
                            + " expected increasing energy (several sweeps in one file?)");
                    return;
                }
            }
        }

        private void requiredAndRecommended() {
            if (!fieldLines.containsKey("element.symbol")) {
                out.warning(0, "Element.symbol missing; required to name the absorber, so the data cannot be"
                        + " normalised");
            }
            if (!fieldLines.containsKey("element.edge")) {
                out.warning(0, "Element.edge missing; required to name the edge, so the data cannot be normalised");
            }
            ColumnField first = columnFields.get(1);
            boolean angle = first != null && first.label().equalsIgnoreCase("angle");
            if (!angle && !fieldLines.containsKey("mono.d_spacing")) {
                out.warning(0, "Mono.d_spacing missing; recommended, to allow recalibrating the energy");
            }
            for (String field : RECOMMENDED) {
                if (!fieldLines.containsKey(field.toLowerCase(Locale.ROOT))) {
                    out.warning(0, field + " missing; recommended");
                }
            }
        }
    }
}
