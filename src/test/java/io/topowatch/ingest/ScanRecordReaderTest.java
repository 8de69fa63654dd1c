package io.topowatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadFeature;
import io.topowatch.sim.DemoScenario;
import io.topowatch.stream.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The streaming path must agree with databind on everything it accepts, and leave the rest to databind (so
 * that every error keeps its wording, which {@link ScanDecoderTest} pins).
 */
class ScanRecordReaderTest {

    private static final List<ScanRecord> SCANS = DemoScenario.experiment("e", 1).scans(Instant.EPOCH).subList(0, 12);

    private static ScanRecord databind(byte[] json) throws Exception {
        return ScanDecoder.mapper().readValue(json, ScanRecord.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Component by component, arrays bit for bit (ScanRecord's equals compares arrays by identity). */
    private static void assertSame(ScanRecord fast, ScanRecord slow) {
        assertThat(fast).isNotNull();
        assertThat(fast.schema()).isEqualTo(slow.schema());
        assertThat(fast.scanId()).isEqualTo(slow.scanId());
        assertThat(fast.experiment()).isEqualTo(slow.experiment());
        assertThat(fast.sample()).isEqualTo(slow.sample());
        assertThat(fast.setpoint()).isEqualTo(slow.setpoint());
        assertThat(fast.element()).isEqualTo(slow.element());
        assertThat(fast.edge()).isEqualTo(slow.edge());
        assertThat(fast.control()).isEqualTo(slow.control());
        assertThat(fast.control() == null ? null : fast.control().getClass())
                .isEqualTo(slow.control() == null ? null : slow.control().getClass());
        assertThat(fast.control() == null ? null : List.copyOf(fast.control().keySet()))
                .isEqualTo(slow.control() == null ? null : List.copyOf(slow.control().keySet()));
        assertThat(fast.spaceGroup()).isEqualTo(slow.spaceGroup());
        assertThat(fast.sampleElements()).isEqualTo(slow.sampleElements());
        for (int k = 0; k < 5; k++) {
            double[] f = new double[][] {fast.energy(), fast.mu(), fast.i0(), fast.it(), fast.ifluor()}[k];
            double[] s = new double[][] {slow.energy(), slow.mu(), slow.i0(), slow.it(), slow.ifluor()}[k];
            assertThat(f == null ? null : Arrays.stream(f).mapToLong(Double::doubleToRawLongBits).toArray())
                    .isEqualTo(s == null ? null : Arrays.stream(s).mapToLong(Double::doubleToRawLongBits).toArray());
        }
        assertThat(fast.timestamp()).isEqualTo(slow.timestamp());
    }

    @Test
    void simulatedScansReadAsDatabindReadsThem() throws Exception {
        for (ScanRecord scan : SCANS) {
            byte[] json = bytes(Json.write(scan));
            assertSame(ScanRecordReader.read(json), databind(json));
        }
    }

    @Test
    void whitespaceNullsEmptyArraysAndAnyKeyOrderAreRead() throws Exception {
        String text = " {\n\t\"timestamp\" : \"2026-11-21T10:15:30.5Z\", \"mu\": [ -0.0 , 1E3,2.5e-3, 0, -12 ],"
                + " \"energy\" : [], \"i0\": null, \"control\": {\"field_T\": 1, \"strain_pct\": null, \"field_T\": -2.5},"
                + " \"sampleElements\": [\"Cu\", null], \"setpoint\": -0, \"spaceGroup\": 2147483647,"
                + " \"schema\": \"topowatch.scan/1\", \"scanId\": \"a b/c\", \"edge\": null } trailing ignored";
        byte[] json = bytes(text);
        assertSame(ScanRecordReader.read(json), databind(json));
    }

    @Test
    void timestampsMeanWhatDatabindReadsThemAs() throws Exception {
        String good = Json.write(SCANS.get(0));
        for (String t : List.of("2026-11-21T00:00:00Z", "1970-01-01T00:00:00Z", "2024-02-29T23:59:59.999999999Z",
                "2026-11-21T10:15:30.5Z", "1969-12-31T23:59:59.123Z", "0001-01-01T00:00:00Z",
                "2016-12-31T23:59:60Z", "2026-11-21T10:15:30+02:00", "2026-11-21T10:15:30.Z", "2023-02-29T00:00:00Z",
                "2026-13-01T00:00:00Z", "2026-11-21T24:00:00Z")) {
            byte[] json = bytes(good.replaceFirst("\"timestamp\":\"[^\"]+\"", "\"timestamp\":\"" + t + "\""));
            ScanRecord slow;
            try {
                slow = databind(json);
            } catch (Exception e) {
                assertThat(ScanRecordReader.read(json)).as(t).isNull(); // databind's error, worded by databind
                continue;
            }
            assertSame(ScanRecordReader.read(json), slow);
        }
    }

    @Test
    void escapesAndNonAsciiAreReadAsDatabindReadsThem() throws Exception {
        String good = Json.write(SCANS.get(0));
        for (String text : List.of(
                good.replaceFirst("\"sample\":\"", "\"sample\":\"\\\\u0041\\\\n\\\\\\\\"),
                good.replaceFirst("\"sample\":\"", "\"sample\":\"é☃"))) {
            byte[] json = bytes(text);
            assertSame(ScanRecordReader.read(json), databind(json));
        }
    }

    @Test
    void unusualInputIsLeftToDatabind() {
        String good = Json.write(SCANS.get(0));
        List<String> declined = List.of(
                good.replaceFirst("\\{", "{\"fieldStrength\": 3,"),               // unknown key
                good.replaceFirst("\\{", "{\"scanId\": \"x\","),                   // repeated key
                good.replaceFirst("\"setpoint\":(\\d+)", "\"setpoint\":$1.0"),     // float for an int
                good.replaceFirst("\"setpoint\":(\\d+)", "\"setpoint\":\"$1\""),   // string for an int
                good.replaceFirst("\"element\":\"(\\w+)\"", "\"element\":5"),     // number for a string
                good.replaceFirst("\"energy\":\\[", "\"energy\":[\"1\","),         // string in an array
                good.replaceFirst("\"energy\":\\[", "\"energy\":[null,"),          // null in an array
                good.replaceFirst("\"energy\":\\[", "\"energy\":[01,"),            // leading zero
                good.replaceFirst("\"energy\":\\[", "\"energy\":[.5,"),            // no integer part
                good.replaceFirst("\"energy\":\\[", "\"energy\":[1.,"),            // no fraction digits
                good.replaceFirst("\"energy\":\\[", "\"energy\":[NaN,"),           // not JSON
                good.replaceFirst("\"energy\":\\[", "\"energy\":[+1,"),            // plus sign
                good.replaceFirst("\"energy\":\\[([^,]+),", "\"energy\":[$1,,"),    // empty item
                good.replaceFirst("\"timestamp\":\"[^\"]+\"", "\"timestamp\":\"yesterday\""),
                good.replaceFirst("\"timestamp\":\"[^\"]+\"", "\"timestamp\":0"),
                good.substring(0, good.length() / 2),                              // truncated
                "[" + good + "]", "hello", "null",
                "\uFEFF" + good);                                                 // byte order mark
        for (String text : declined) {
            assertThat(ScanRecordReader.read(bytes(text))).as(text.length() > 120 ? text.substring(0, 120) : text)
                    .isNull();
        }
        byte[] notUtf8 = bytes(good.replaceFirst("\"sample\":\"", "\"sample\":\"#"));
        notUtf8[new String(notUtf8, StandardCharsets.ISO_8859_1).indexOf('#')] = (byte) 0xFF;
        assertThat(ScanRecordReader.read(notUtf8)).as("not UTF-8").isNull();
    }

    @Test
    void theParserUsesJacksonsFastDoubleParser() {
        assertThat(ScanDecoder.mapper().getFactory().isEnabled(StreamReadFeature.USE_FAST_DOUBLE_PARSER)).isTrue();
    }

    /**
     * Jackson's FastDoubleParser (USE_FAST_DOUBLE_PARSER) is exact: every number, in an array, as a control
     * value and through the whole decoder's reading, is {@link Double#parseDouble}'s bits, and databind's.
     */
    @Property(tries = 2000)
    void everyNumberConvertsToParseDoublesBits(@ForAll("numbers") String number) throws Exception {
        byte[] json = bytes("{\"energy\": [" + number + ", " + number + "], \"control\": {\"x\": " + number + "}}");
        ScanRecord fast = ScanRecordReader.read(json);
        assertSame(fast, databind(json));
        // parseDouble's bits, except that an integer token is read as an integer, so "-0" is +0.0
        double expected = number.matches("-0+") ? 0.0 : Double.parseDouble(number);
        long bits = Double.doubleToRawLongBits(expected);
        assertThat(Double.doubleToRawLongBits(fast.energy()[0])).isEqualTo(bits);
        assertThat(Double.doubleToRawLongBits(fast.energy()[1])).isEqualTo(bits);
        assertThat(Double.doubleToRawLongBits(fast.control().get("x"))).isEqualTo(bits);
    }

    /** Shortest representations of random doubles (what producers write) and random decimal strings. */
    @Provide
    Arbitrary<String> numbers() {
        Arbitrary<String> shortest = Arbitraries.longs()
                .map(Double::longBitsToDouble).filter(Double::isFinite).map(ScanRecordReaderTest::json);
        Arbitrary<String> scaled = Arbitraries.doubles().between(-1e4, 1e4).ofScale(6).map(d -> json(d.doubleValue()));
        Arbitrary<String> decimal = Arbitraries.strings().withCharRange('0', '9').ofMinLength(1).ofMaxLength(22)
                .map(s -> s.replaceFirst("^0+(?=.)", ""))
                .flatMap(digits -> Arbitraries.integers().between(0, digits.length())
                        .flatMap(point -> Arbitraries.integers().between(-330, 310).injectNull(0.5).map(exp -> {
                            String frac = digits.substring(point);
                            String whole = point == 0 ? "0" : digits.substring(0, point);
                            if (whole.length() > 1 && whole.startsWith("0")) {
                                whole = whole.replaceFirst("^0+(?=.)", "");
                            }
                            return whole + (frac.isEmpty() ? "" : "." + frac) + (exp == null ? "" : "e" + exp);
                        })));
        return Arbitraries.oneOf(shortest, scaled, decimal, decimal.map(s -> "-" + s));
    }

    /** A double as Jackson writes it (Double.toString). */
    private static String json(double d) {
        return Json.write(d);
    }
}
