package io.topowatch.spectrum.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.topowatch.spectrum.format.Diagnostic.Severity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class XdiReaderTest {

    /** Relative tolerance for values read from text: they round-trip exactly through Double.parseDouble. */
    private static final double EXACT = 1e-12;
    /** The files' stored mutrans has 7-8 significant digits. */
    private static final double STORED_DIGITS = 1e-6;

    private static XasData read(String name) throws IOException {
        return XdiReader.read(Resources.path(name));
    }

    // ---- the shared real files (copied from ../shared/data/xdi) ----

    @ParameterizedTest
    @ValueSource(strings = {"co_metal_rt.xdi", "cu_metal_10K.xdi", "cu_metal_rt.xdi", "fe_metal_rt.xdi",
        "ni_metal_rt.xdi", "pt_metal_rt.xdi"})
    void metalFoilsReadWithoutErrorsOrWarningsAsSpectra(String name) throws IOException {
        XasData d = read(name);
        assertThat(d.diagnostics()).isEmpty();
        assertThat(d.isSpectrum()).isTrue();
        assertThat(d.format()).isEqualTo("XDI/1.0");
        assertThat(d.energy()).hasValueSatisfying(e -> assertThat(e).hasSize(d.points()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fe2o3_rt.xdi", "fe3c_rt.xdi", "fen_rt.xdi", "se_na2so4_rt.xdi", "se_znse_rt.xdi",
        "zn_znse_rt.xdi"})
    void compoundsReadWithoutDiagnostics(String name) throws IOException {
        XasData d = read(name);
        assertThat(d.diagnostics()).isEmpty();
        assertThat(d.isSpectrum()).isTrue();
    }

    @Test
    void feoLacksOnlyTheRecommendedFacilityFields() throws IOException {
        XasData d = read("feo_rt1.xdi");
        assertThat(d.isSpectrum()).isTrue();
        assertThat(d.diagnostics()).extracting(Diagnostic::severity, Diagnostic::line, Diagnostic::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Severity.WARNING, 0, "Facility.name missing; recommended"),
                        org.assertj.core.groups.Tuple.tuple(Severity.WARNING, 0,
                                "Facility.xray_source missing; recommended"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nonxafs_1d.xdi", "nonxafs_2d.xdi", "nonxafs_negvalues.xdi"})
    void nonXafsFilesValidateButAreNotSpectra(String name) throws IOException {
        XasData d = read(name);
        assertThat(d.isUsable()).as(d.diagnostics().toString()).isTrue();
        assertThat(d.isSpectrum()).isFalse();
        assertThat(d.element()).isEmpty();
        assertThat(d.warnings()).extracting(Diagnostic::message)
                .contains("Element.symbol missing; required to name the absorber, so the data cannot be normalised",
                        "Element.edge missing; required to name the edge, so the data cannot be normalised");
    }

    @Test
    void nonXafs1dHasAPositionAxisAndSaysSo() throws IOException {
        XasData d = read("nonxafs_1d.xdi");
        assertThat(d.energy()).isEmpty();
        assertThat(d.columnLabels()).containsExactly("x", "i0", "itrans", "mutrans");
        assertThat(d.warnings()).anySatisfy(w -> {
            assertThat(w.line()).isEqualTo(2);
            assertThat(w.message()).startsWith("first column is 'x', expected energy or angle");
        });
        // The file's label line still says "energy": the disagreement is reported at its line.
        assertThat(d.warnings()).anySatisfy(w -> assertThat(w.line()).isEqualTo(26));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.spectrum(MuSource.auto()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no energy axis");
    }

    @Test
    void nonXafs2dSkipsTheOuterScanLinesInsideTheTable() throws IOException {
        XasData d = read("nonxafs_2d.xdi");
        assertThat(d.points()).isEqualTo(203);
        assertThat(d.warnings()).anySatisfy(w -> {
            assertThat(w.line()).isEqualTo(34);
            assertThat(w.message()).startsWith("40 comment line(s) inside the data table skipped (first: "
                    + "'# Outer.value: 1.10')");
        });
    }

    @Test
    void nonXafsNegativeValuesReadAsNumbersWithASpaceSeparatedTimestamp() throws IOException {
        XasData d = read("nonxafs_negvalues.xdi");
        assertThat(d.format()).isEqualTo("XDI/1.1");
        assertThat(d.column("X")[0]).isEqualTo(-0.5);
        assertThat(d.header("scan.START_TIME")).contains("2015-04-13 10:36:55");
        assertThat(d.warnings()).noneMatch(w -> w.message().contains("start_time"));
    }

    @Test
    void headerCommentsAndColumnsOfTheSpecExample() throws IOException {
        XasData d = read("cu_metal_rt.xdi");
        assertThat(d.element()).contains("Cu");
        assertThat(d.edge()).contains("K");
        assertThat(d.header("Mono.d_spacing")).contains("3.13553");
        assertThat(d.header("GSE.EXTRA")).contains("config 1");
        assertThat(d.comments()).containsExactly("Cu foil Room Temperature", "measured at beamline 13-ID");
        assertThat(d.columnLabels()).containsExactly("energy", "i0", "itrans", "mutrans");
        assertThat(d.points()).isEqualTo(408);
        assertThat(d.energy().orElseThrow()[0]).isEqualTo(8779.0);
        assertThat(d.column("i0")[0]).isEqualTo(149013.7);
    }

    @Test
    void fortranStyleNumbersRead() throws IOException {
        XasData d = read("cu_metal_10K.xdi");
        assertThat(d.energy().orElseThrow()[0]).isCloseTo(8786.204, within(8786.204 * EXACT));
        assertThat(d.column("mutrans")[0]).isCloseTo(1.013661, within(EXACT));
    }

    @Test
    void storedMutransAgreesWithLnOfTheCountersInTheSameFile() throws IOException {
        XasData d = read("cu_metal_rt.xdi");
        double[] stored = d.mu(MuSource.stored("mutrans")).values();
        double[] computed = d.mu(MuSource.transmission("i0", "itrans")).values();
        for (int i = 0; i < stored.length; i++) {
            assertThat(computed[i]).isCloseTo(stored[i], within(STORED_DIGITS));
        }
    }

    // ---- one bad file per rule: severity, line and message ----

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("bad_no_version.xdi", Severity.ERROR, 1,
                        "found '# XAS data, Cu foil', expected the version line '# XDI/1.0'"),
                Arguments.of("bad_version_number.xdi", Severity.ERROR, 1,
                        "found version 'XDI/one', expected XDI/<major>.<minor>"),
                Arguments.of("bad_field_no_colon.xdi", Severity.ERROR, 13,
                        "found 'GSE.EXTRA config 1', expected a header field '# Family.key: value' (no ':')"),
                Arguments.of("bad_field_two_colons.xdi", Severity.ERROR, 13,
                        "header field name 'Family' has no '.', expected exactly one"),
                Arguments.of("bad_field_no_dot.xdi", Severity.ERROR, 13,
                        "header field name 'FamilyKey' has no '.', expected exactly one"),
                Arguments.of("bad_field_two_dots.xdi", Severity.ERROR, 13,
                        "header field name 'Family.key.subkey' has 2 '.', expected exactly one"),
                Arguments.of("bad_family_digit.xdi", Severity.ERROR, 13,
                        "header family '1Family' starts with a digit"),
                Arguments.of("bad_field_no_value.xdi", Severity.ERROR, 13,
                        "header field Sample.name has no value, expected '# Sample.name: value'"),
                Arguments.of("bad_comment_without_fieldend.xdi", Severity.ERROR, 14,
                        "header field name 'Cu foil, room temperature' has no '.'"),
                Arguments.of("bad_column_gap.xdi", Severity.ERROR, 5,
                        "Column.4 given but Column.3 is missing; expected Column.N numbered 1, 2, 3"),
                Arguments.of("bad_column_too_many.xdi", Severity.ERROR, 13,
                        "Column.5 names column 5 but the data rows have 4 values"),
                Arguments.of("bad_column_name.xdi", Severity.ERROR, 13,
                        "found Column.one, expected Column.N with N a whole number from 1"),
                Arguments.of("bad_element_symbol.xdi", Severity.ERROR, 7,
                        "Element.symbol is 'Xx', expected the symbol of an element"),
                Arguments.of("bad_element_edge.xdi", Severity.ERROR, 6,
                        "Element.edge is 'Q', expected an edge: K, L1-L3, M1-M5, N1-N7, O1-O7 or P1-P3"),
                Arguments.of("bad_angle_no_dspacing.xdi", Severity.ERROR, 2,
                        "Column.1 is an angle, so Mono.d_spacing is required but missing"),
                Arguments.of("bad_ncols_change.xdi", Severity.ERROR, 20,
                        "found 3 values, expected 4 as on the first data row (line 18)"),
                Arguments.of("bad_nan.xdi", Severity.ERROR, 20,
                        "column 2: found 'NaN', expected a finite number"),
                Arguments.of("bad_string.xdi", Severity.ERROR, 20, "column 3: found 'abc', expected a number"),
                Arguments.of("bad_malformed_number.xdi", Severity.ERROR, 20,
                        "column 2: found malformed number '1.2.3'"),
                Arguments.of("bad_no_data.xdi", Severity.ERROR, 0, "no data rows; expected a table of numbers"),
                Arguments.of("warn_no_element.xdi", Severity.WARNING, 0, "Element.symbol missing"),
                Arguments.of("warn_timestamp_format.xdi", Severity.WARNING, 12,
                        "Scan.start_time is '26/06/2001 22:27', expected an ISO 8601 timestamp"),
                Arguments.of("warn_timestamp_range.xdi", Severity.WARNING, 12,
                        "Scan.start_time '2001-02-30T22:27:31' is out of range: day 30, expected 1-28"),
                Arguments.of("warn_dspacing_value.xdi", Severity.WARNING, 8,
                        "Mono.d_spacing is '-3.1', expected a positive number"),
                Arguments.of("warn_no_dashes.xdi", Severity.WARNING, 17,
                        "data start without a header-end line; expected '#----'"),
                Arguments.of("warn_extension_undeclared.xdi", Severity.WARNING, 13,
                        "extension field 'GSE.EXTRA' but no application 'GSE' on the version line"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void eachRuleHasItsBadFile(String name, Severity severity, int line, String message) throws IOException {
        XasData d = read("rules/" + name);
        assertThat(d.diagnostics()).as(name).anySatisfy(x -> {
            assertThat(x.severity()).isEqualTo(severity);
            assertThat(x.line()).isEqualTo(line);
            assertThat(x.message()).startsWith(message);
            assertThat(x.file()).endsWith(name);
        });
        assertThat(d.isUsable()).isEqualTo(severity == Severity.WARNING);
        if (severity == Severity.WARNING) {
            assertThat(d.errors()).isEmpty();
        }
    }

    @Test
    void theTemplateOfTheBadFilesIsClean() throws IOException {
        XasData d = read("rules/good.xdi");
        assertThat(d.diagnostics()).isEmpty();
        assertThat(d.comments()).containsExactly("Cu foil, room temperature: a comment line may look like a field");
        assertThat(d.header()).doesNotContainKey("Cu foil, room temperature");
    }

    @Test
    void angleIsConvertedToEnergyWithTheDSpacing() throws IOException {
        XasData d = read("rules/good_angle.xdi");
        assertThat(d.diagnostics()).isEmpty();
        double d111 = 3.13553;
        // Bragg's law, E = hc / (2 d sin(theta)), hc = 12398.42 eV·Å
        double expected = 12398.419843320026 / (2 * d111 * Math.sin(Math.toRadians(20.0)));
        assertThat(d.energy().orElseThrow()[0]).isCloseTo(expected, within(expected * EXACT));
        // independent value: python3 -c "import math; print(12398.419843320026/(2*3.13553*math.sin(math.radians(20))))"
        assertThat(d.energy().orElseThrow()[0]).isCloseTo(5780.610374158185, within(1e-9));
        assertThat(d.column("angle")[0]).isEqualTo(20.0);
    }

    @Test
    void keVIsConvertedToEV() throws IOException {
        XasData d = read("rules/good_kev.xdi");
        assertThat(d.diagnostics()).isEmpty();
        assertThat(d.energy().orElseThrow()[0]).isCloseTo(8779.0, within(8779.0 * EXACT));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2001-13-01T00:00:00 | month 13, expected 1-12",
        "2001-06-26T24:00:00 | hour 24, expected 0-23",
        "2001-06-26T22:60:00 | minute 60, expected 0-59",
        "2001-06-26T22:27:61 | second 61, expected 0-59",
        "1899-06-26T22:27:31 | year 1899, expected 1900 or later",
        "2000-02-30 | day 30, expected 1-29"})
    void timestampsOutOfRangeAreWarnings(String stamp, String problem) throws IOException {
        String text = java.nio.file.Files.readString(Resources.path("rules/good.xdi"))
                .replace("2001-06-26T22:27:31", stamp);
        XasData d = XdiReader.parse("t.xdi", text);
        assertThat(d.isUsable()).isTrue();
        assertThat(d.warnings()).singleElement().satisfies(w -> {
            assertThat(w.line()).isEqualTo(12);
            assertThat(w.message()).endsWith("is out of range: " + problem);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001-06-26T22:27:31", "2001-06-26 22:27:31", "2007-04-05T14:30", "2007-04-05",
        "2001-06-26T22:27:31.25Z", "2001-06-26T22:27:31+02:00"})
    void iso8601TimestampsAreAccepted(String stamp) throws IOException {
        String text = java.nio.file.Files.readString(Resources.path("rules/good.xdi"))
                .replace("2001-06-26T22:27:31", stamp);
        assertThat(XdiReader.parse("t.xdi", text).diagnostics()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"K", "L1", "L2", "L3", "M1", "M5", "N7", "O7", "P3", "l3"})
    void validEdgesAreAccepted(String edge) throws IOException {
        String text = java.nio.file.Files.readString(Resources.path("rules/good.xdi"))
                .replace("Element.edge: K", "Element.edge: " + edge);
        XasData d = XdiReader.parse("t.xdi", text);
        assertThat(d.diagnostics()).isEmpty();
        assertThat(d.edge()).contains(edge.toUpperCase(java.util.Locale.ROOT));
    }

    @Test
    void emptyAndBinaryTextAreErrorsNotExceptions() {
        assertThat(XdiReader.parse("e.xdi", "").errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("empty file"));
        assertThat(XdiReader.parse("b.xdi", "# XDI/1.0\n\0\1\2garbage").errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("binary content"));
    }

    @Test
    void manyBadRowsAreCappedSoGarbageGivesABoundedReport() {
        StringBuilder text = new StringBuilder("# XDI/1.0\n# Column.1: energy eV\n#----\n1 2\n");
        for (int i = 0; i < 500; i++) {
            text.append("x y\n");
        }
        XasData d = XdiReader.parse("many.xdi", text.toString());
        assertThat(d.errors()).hasSizeLessThanOrEqualTo(XasData.Builder.MAX_DIAGNOSTICS + 1);
        assertThat(d.errors()).anySatisfy(e -> assertThat(e.message()).isEqualTo("480 more rows with errors not shown"));
    }

    @Test
    void missingFileIsAnIoException() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> XdiReader.read(Path.of("/nonexistent/x.xdi")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    @Test
    void everySharedFileIsInTheTestResources() throws IOException {
        Path shared = Path.of("../shared/data/xdi");
        if (java.nio.file.Files.isDirectory(shared)) {
            try (Stream<Path> files = java.nio.file.Files.list(shared)) {
                List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".xdi")).toList();
                for (String n : names) {
                    assertThat(Resources.path(n)).exists();
                }
            }
        }
    }
}
