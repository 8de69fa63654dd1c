package io.topowatch.ingest;

import io.topowatch.spectrum.format.Diagnostic;
import io.topowatch.spectrum.format.MuSource;
import io.topowatch.spectrum.format.XasData;
import io.topowatch.spectrum.format.XasFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an XAS file (XDI 1.0 above all; plain column files and Materials Project JSON are read too, with all
 * metadata from the command line) into a raw scan record. mu comes from the columns ({@link XasData#mu}: a stored
 * mu column, else ln(I0/It), else (If…)/I0, or as the caller names it).
 *
 * <p>Header fields read, each overridden by a {@link ScanOverrides} value:
 * <table>
 *   <caption>XDI header fields</caption>
 *   <tr><th>scan record field</th><th>XDI header field</th></tr>
 *   <tr><td>element, edge</td><td>{@code Element.symbol}, {@code Element.edge} (required by XDI)</td></tr>
 *   <tr><td>experiment</td><td>{@code TopoWatch.experiment}</td></tr>
 *   <tr><td>sample</td><td>{@code TopoWatch.sample}, else {@code Sample.name}</td></tr>
 *   <tr><td>setpoint</td><td>{@code TopoWatch.setpoint}</td></tr>
 *   <tr><td>control</td><td>{@code TopoWatch.field_T}, {@code TopoWatch.strain_pct}, {@code TopoWatch.temperature_K};
 *       else temperature_K from {@code Sample.temperature} ("10 K", "25 C" or a bare number in K)</td></tr>
 *   <tr><td>spaceGroup</td><td>{@code TopoWatch.space_group}</td></tr>
 *   <tr><td>sampleElements</td><td>{@code TopoWatch.sample_elements} ("Bi Se" or "Bi, Se"), else the file's
 *       element alone</td></tr>
 *   <tr><td>scanId</td><td>{@code TopoWatch.scan_id}, else {@code <experiment>/<sample>/<setpoint>/<element>/<file name>}</td></tr>
 *   <tr><td>timestamp</td><td>{@code Scan.start_time} (ISO 8601; UTC when it has no offset), else now</td></tr>
 * </table>
 * The {@code TopoWatch} family is an XDI extension: declare it on the version line ({@code # XDI/1.0 TopoWatch/1})
 * to keep {@code validate} quiet about it.
 */
public final class XdiScans {

    public static final String FAMILY = "TopoWatch";

    /** A file that cannot become a scan record: where and why, as {@code FILE:LINE: message}. */
    public static final class ScanFileException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Diagnostic diagnostic;

        public ScanFileException(Diagnostic diagnostic) {
            super(diagnostic.file() + ":" + diagnostic.line() + ": " + diagnostic.message());
            this.diagnostic = diagnostic;
        }

        public Diagnostic diagnostic() {
            return diagnostic;
        }
    }

    /** Larger files are not scans. */
    static final long MAX_BYTES = 64L << 20;
    private static final Pattern SCALAR = Pattern.compile("\\s*([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*(\\S*)\\s*");

    private XdiScans() {}

    /**
     * Reads a file into a scan record.
     *
     * @throws IOException       when the file cannot be read
     * @throws ScanFileException when it cannot become a valid scan record
     */
    public static ScanRecord read(Path file, ScanOverrides overrides, MuSource mu) throws IOException {
        // files with undecodable bytes still read: they become U+FFFD, as the format readers expect
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory, expected a scan file");
        }
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new IOException(file + ": " + size + " bytes, more than the " + MAX_BYTES + " a scan file may have");
        }
        byte[] bytes = Files.readAllBytes(file);
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
        return parse(file.toString(), text, overrides, mu);
    }

    /** As {@link #read}, for text named {@code source}. */
    public static ScanRecord parse(String source, String text, ScanOverrides overrides, MuSource mu) {
        XasData data = XasFiles.parse(source, text);
        Lines lines = new Lines(source, text);
        if (!data.isUsable()) {
            throw new ScanFileException(data.errors().get(0));
        }
        if (data.energy().isEmpty()) {
            throw lines.error(0, "no energy axis (first column is '" + data.columnLabels().get(0)
                    + "'): not an XAS spectrum");
        }
        String element = data.element().orElseThrow(() -> lines.error(0,
                "no absorbing element: expected an Element.symbol header field"));
        String edge = data.edge().orElseThrow(() -> lines.error(0,
                "no absorption edge: expected an Element.edge header field"));
        double[] muValues;
        try {
            muValues = data.mu(mu).values();
        } catch (IllegalArgumentException e) {
            throw lines.error(0, e.getMessage());
        }

        String experiment = first(overrides.experiment(), header(data, "experiment"));
        if (experiment == null) {
            throw lines.error(0, "no experiment: give --experiment or a TopoWatch.experiment header field");
        }
        String sample = first(overrides.sample(), header(data, "sample"), data.header("Sample.name").orElse(null));
        if (sample == null) {
            throw lines.error(0, "no sample: give --sample, or a TopoWatch.sample or Sample.name header field");
        }
        Integer setpoint = overrides.setpoint() != null ? overrides.setpoint() : integer(data, lines, "setpoint");
        if (setpoint == null) {
            throw lines.error(0, "no setpoint: give --setpoint or a TopoWatch.setpoint header field");
        }
        Map<String, Double> control = new LinkedHashMap<>();
        temperatureOfSample(data, lines).ifPresent(t -> control.put(ScanRecord.TEMPERATURE_K, t));
        for (String name : List.of(ScanRecord.FIELD_T, ScanRecord.STRAIN_PCT, ScanRecord.TEMPERATURE_K)) {
            String value = header(data, name);
            if (value != null) {
                control.put(name, number(lines, FAMILY + "." + name, value));
            }
        }
        control.putAll(overrides.control());
        if (control.isEmpty()) {
            throw lines.error(0, "no control variable: give --field-T, --strain-pct or --temperature-K, or a "
                    + "TopoWatch.field_T, TopoWatch.strain_pct or TopoWatch.temperature_K header field");
        }
        Integer spaceGroup = overrides.spaceGroup() != null ? overrides.spaceGroup()
                : integer(data, lines, "space_group");
        if (spaceGroup == null) {
            throw lines.error(0, "no space group: give --space-group or a TopoWatch.space_group header field");
        }
        List<String> sampleElements = overrides.sampleElements();
        if (sampleElements == null) {
            String listed = header(data, "sample_elements");
            sampleElements = listed == null ? List.of(element)
                    : Arrays.stream(listed.split("[\\s,;]+")).filter(s -> !s.isBlank()).toList();
        }
        String fileName = Path.of(data.source()).getFileName().toString();
        String scanId = first(header(data, "scan_id"),
                experiment + "/" + sample + "/" + setpoint + "/" + element + "/" + fileName);
        ScanRecord scan = new ScanRecord(ScanRecord.SCHEMA, scanId, experiment, sample, setpoint, element, edge,
                control, spaceGroup, sampleElements, data.energy().get(), muValues, null, null, null,
                startTime(data, lines));
        try {
            ScanValidator.validate(scan);
        } catch (InvalidRecordException e) {
            throw lines.error(lines.lineOf(e.field()), e.getMessage());
        }
        return scan;
    }

    private static String header(XasData data, String key) {
        return data.header(FAMILY + "." + key).map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
    }

    private static Integer integer(XasData data, Lines lines, String key) {
        String value = header(data, key);
        if (value == null) {
            return null;
        }
        if (!value.matches("\\d{1,9}")) {
            throw lines.error(lines.headerLine(FAMILY + "." + key), FAMILY + "." + key
                    + ": expected a whole number, got '" + value + "'");
        }
        return Integer.parseInt(value);
    }

    private static double number(Lines lines, String field, String value) {
        Matcher m = SCALAR.matcher(value);
        if (!m.matches()) {
            throw lines.error(lines.headerLine(field), field + ": expected a number, got '" + value + "'");
        }
        return Double.parseDouble(m.group(1));
    }

    /** XDI's Sample.temperature, in kelvin: "10 K", "25 C", or a bare number taken as kelvin. */
    private static Optional<Double> temperatureOfSample(XasData data, Lines lines) {
        Optional<String> t = data.header("Sample.temperature");
        if (t.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = SCALAR.matcher(t.get());
        String unit = m.matches() ? m.group(2).toUpperCase(Locale.ROOT) : "?";
        if (!m.matches() || !(unit.isEmpty() || unit.equals("K") || unit.equals("C"))) {
            throw lines.error(lines.headerLine("Sample.temperature"), "Sample.temperature: expected a number with "
                    + "unit K or C, got '" + t.get() + "'");
        }
        double value = Double.parseDouble(m.group(1));
        return Optional.of(unit.equals("C") ? value + 273.15 : value);
    }

    private static Instant startTime(XasData data, Lines lines) {
        Optional<String> t = data.header("Scan.start_time").map(String::strip);
        if (t.isPresent()) {
            String s = t.get().replace(' ', 'T');
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e2) {
                    // XdiReader warns about it; the scan still has a time
                }
            }
        }
        return Instant.now();
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** Line numbers in the file, for messages: header fields by name, data values by row index. */
    private static final class Lines {
        private static final Pattern INDEXED = Pattern.compile("(\\w+)\\[(\\d+)]");
        private final String source;
        private final List<String> lines;
        private final List<Integer> rows = new ArrayList<>();

        Lines(String source, String text) {
            this.source = source;
            this.lines = List.of(text.split("\r\n|\r|\n", -1));
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i).strip();
                if (!l.isEmpty() && !l.startsWith("#") && (Character.isDigit(l.charAt(0)) || "+-.".indexOf(l.charAt(0)) >= 0)) {
                    rows.add(i + 1);
                }
            }
        }

        ScanFileException error(int line, String message) {
            return new ScanFileException(Diagnostic.error(source, line, message));
        }

        int headerLine(String field) {
            Pattern p = Pattern.compile("(?i)#\\s*" + Pattern.quote(field) + "\\s*:.*");
            for (int i = 0; i < lines.size(); i++) {
                if (p.matcher(lines.get(i).strip()).matches()) {
                    return i + 1;
                }
            }
            return 0;
        }

        /** The line of a scan record field: a data row for {@code mu[12]}, a header field for the metadata. */
        int lineOf(String field) {
            Matcher m = INDEXED.matcher(field == null ? "" : field);
            if (m.matches()) {
                int row = Integer.parseInt(m.group(2));
                return row < rows.size() ? rows.get(row) : 0;
            }
            return switch (field == null ? "" : field) {
                case "element" -> headerLine("Element.symbol");
                case "edge" -> headerLine("Element.edge");
                case "spaceGroup" -> headerLine(FAMILY + ".space_group");
                case "sampleElements" -> headerLine(FAMILY + ".sample_elements");
                case "setpoint" -> headerLine(FAMILY + ".setpoint");
                default -> 0;
            };
        }
    }
}
