package io.topowatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** DecimalConversion either declines (NaN) or returns exactly Double.parseDouble's bits. */
class DecimalConversionTest {

    /** m·10^q through DecimalConversion, with m's significant digits counted as the JSON reader counts them. */
    private static double convert(String digits, int q) {
        String significant = digits.replaceFirst("^0+", "");
        long m = significant.isEmpty() ? 0 : Long.parseUnsignedLong(significant);
        return DecimalConversion.exact(m, significant.length(), q);
    }

    private static void assertExactOrDeclined(String digits, int q) {
        double v = convert(digits, q);
        if (!Double.isNaN(v)) {
            assertThat(Double.doubleToRawLongBits(v)).as(digits + "e" + q)
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(digits + "e" + q)));
        }
    }

    @Property(tries = 5000)
    void shortestFormsOfRandomDoubles(@ForAll long bits) {
        double d = Math.abs(Double.longBitsToDouble(bits));
        if (!Double.isFinite(d) || d == 0) {
            return;
        }
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        assertExactOrDeclined(digits, -exact.scale());
        if (d >= Double.MIN_NORMAL) {
            assertThat(convert(digits, -exact.scale())).as("a normal double in shortest form is converted")
                    .isEqualTo(d);
        }
    }

    @Property(tries = 5000)
    void arbitraryDigitsAndExponents(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long m,
            @ForAll @IntRange(min = -360, max = 360) int q) {
        assertExactOrDeclined(Long.toString(m), q);
    }

    @Test
    void halfwayAndOutOfRangeCasesAreDeclinedOrExact() {
        assertExactOrDeclined("9007199254740993", 0);       // 2^53 + 1: exactly half-way
        assertExactOrDeclined("9007199254740995", 0);
        assertExactOrDeclined("2470328229206232721", -343); // near the smallest subnormal
        assertExactOrDeclined("17976931348623157", 292);    // Double.MAX_VALUE
        assertExactOrDeclined("17976931348623159", 292);    // overflows
        assertThat(convert("8912345678901234", -16)).isEqualTo(0.8912345678901234);
        assertThat(convert("0", 5)).isEqualTo(0.0);
    }
}
