package io.topowatch.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class WindowValuesSerializerTest {

    private static final ObjectMapper PLAIN = new ObjectMapper();

    @Property(tries = 300)
    void writesValidJsonWithinHalfAMillionthOfEveryValue(
            @ForAll @Size(max = 200) @FloatRange(min = -1e6f, max = 1e6f) float[] values) throws Exception {
        double[] read = PLAIN.readValue(WindowValuesSerializer.format(values), double[].class);
        assertThat(read).hasSameSizeAs(values);
        for (int i = 0; i < values.length; i++) {
            assertThat(read[i]).isCloseTo(values[i], within(5e-7 + Math.ulp(values[i])));
        }
    }

    @Property(tries = 300)
    void digitsAreThoseOfTheValueRoundedHalfUpToSixPlaces(@ForAll @FloatRange(min = -3f, max = 3f) float value) {
        String text = WindowValuesSerializer.format(new float[] {value});
        BigDecimal expected = new BigDecimal((double) value).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
        String plain = expected.signum() == 0 ? "0" : expected.toPlainString();
        // Math.round rounds half up; exact halves are the only place where the two can differ
        if (!new BigDecimal((double) value).movePointRight(6).remainder(BigDecimal.ONE).abs()
                .equals(new BigDecimal("0.5"))) {
            assertThat(text).isEqualTo("[" + plain + "]");
        }
    }

    @Test
    void writesIntegersWithoutAPointAndTinyNegativesAsZero() {
        assertThat(WindowValuesSerializer.format(new float[] {0f, 1f, -2f, 1.5f, -1e-8f, 0.000001f, 12345.25f}))
                .isEqualTo("[0,1,-2,1.5,0,0.000001,12345.25]");
        assertThat(WindowValuesSerializer.format(new float[0])).isEqualTo("[]");
    }

    @Test
    void farOutValuesFallBackToFloatToString() {
        assertThat(WindowValuesSerializer.format(new float[] {3e9f, -1e20f})).isEqualTo("[3.0E9,-1.0E20]");
    }

    @Test
    void normalisedScansUseIt() {
        NormalizedScan scan = new NormalizedScan("s", "e", "x", 0, "Cu", "K", null, 225, java.util.List.of("Cu"),
                8979, 1, 8950, 9100, new float[] {0.1234567f, 1f}, null, null, null);
        assertThat(Json.write(scan)).contains("\"values\":[0.123457,1]");
    }

    @Test
    void aWindowLongerThanTheGeneratorsBufferIsWrittenWhole() throws Exception {
        // 2,000 values of up to 20 bytes: more than Jackson's 8,000-byte output buffer, so the generator
        // takes the bytes-at-once path as well as the copy into its buffer
        float[] values = new float[2000];
        for (int i = 0; i < values.length; i++) {
            values[i] = -1234.5f + i * 1.000001f;
        }
        NormalizedScan scan = new NormalizedScan("s", "e", "x", 0, "Cu", "K", null, 225, java.util.List.of("Cu"),
                8979, 1, 8950, 9100, values, null, null, null);
        byte[] bytes = Json.MAPPER.writeValueAsBytes(scan);
        String chars = Json.MAPPER.writeValueAsString(scan);
        assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(chars)
                .contains("\"values\":" + WindowValuesSerializer.format(values));
        assertThat(PLAIN.readTree(bytes).get("values").size()).isEqualTo(values.length);
    }
}
