package io.topowatch.spectrum.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class TextInputTest {

    /** The grammar the hand-written scanner must accept, exactly. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eEdD][+-]?\\d+)?");

    @Provide
    Arbitrary<String> numberLikeTokens() {
        return Arbitraries.strings().withChars("0123456789+-.eEdDx ").ofMinLength(0).ofMaxLength(10);
    }

    @Property(tries = 5000)
    void scannerAcceptsExactlyTheNumberGrammar(@ForAll("numberLikeTokens") String token) {
        assertThat(TextInput.isNumber(token)).as(token).isEqualTo(NUMBER.matcher(token).matches());
    }

    @Property(tries = 1000)
    void wordsAreThoseOfAWhitespaceSplit(@ForAll("numberLikeTokens") String a, @ForAll("numberLikeTokens") String b) {
        String line = " \t" + a + "\t  " + b + "  ";
        String stripped = line.strip();
        String[] expected = stripped.isEmpty() ? new String[0] : stripped.split("\\s+");
        assertThat(TextInput.words(line)).containsExactly(expected);
    }

    @Property(tries = 1000)
    void linesAreThoseOfASplitAtEveryKindOfLineBreak(@ForAll("textWithBreaks") String text) {
        java.util.List<String> expected = new java.util.ArrayList<>(java.util.List.of(text.split("\r\n|\r|\n", -1)));
        if (expected.get(expected.size() - 1).isEmpty()) {
            expected.remove(expected.size() - 1);
        }
        assertThat(TextInput.lines(text)).containsExactlyElementsOf(expected);
    }

    @Provide
    Arbitrary<String> textWithBreaks() {
        return Arbitraries.strings().withChars("ab \r\n").ofMinLength(0).ofMaxLength(12);
    }

    /** Random decimals: sign, up to 20 integer and 20 fraction digits (zeros favoured), optional exponent. */
    @Provide
    Arbitrary<String> decimals() {
        Arbitrary<String> sign = Arbitraries.of("", "", "+", "-");
        Arbitrary<String> digits = Arbitraries.strings().withChars("0123456789000").ofMinLength(0).ofMaxLength(20);
        Arbitrary<String> exponent = Arbitraries.oneOf(Arbitraries.just(""),
                net.jqwik.api.Combinators.combine(Arbitraries.of("e", "E", "d", "D"), Arbitraries.of("", "+", "-"),
                        Arbitraries.integers().between(0, 400)).as((e, s, v) -> e + s + v));
        return net.jqwik.api.Combinators.combine(sign, digits, Arbitraries.of(".", ".", ""), digits, exponent)
                .as((s, i, p, f, e) -> s + i + p + (p.isEmpty() ? "" : f) + e)
                .filter(TextInput::isNumber);
    }

    /** Decimals as scan files write them: up to 15 significant digits, a small exponent — the fast case. */
    @Provide
    Arbitrary<String> shortDecimals() {
        return net.jqwik.api.Combinators.combine(Arbitraries.of("", "-"), Arbitraries.longs().between(0, 999_999_999_999_999L),
                Arbitraries.integers().between(0, 15), Arbitraries.of("", "e-3", "E+05", "D2", "e-7"))
                .as((s, m, point, e) -> {
                    String digits = Long.toString(m);
                    int p = Math.min(point, digits.length());
                    return s + digits.substring(0, digits.length() - p) + "." + digits.substring(digits.length() - p) + e;
                })
                .filter(TextInput::isNumber);
    }

    @Property(tries = 20000)
    void fastParserIsExactlyParseDouble(@ForAll("decimals") String token) {
        double fast = TextInput.parseDecimal(token, 0, token.length());
        if (!Double.isNaN(fast)) {
            assertThat(Double.doubleToRawLongBits(fast)).as(token)
                    .isEqualTo(Double.doubleToRawLongBits(TextInput.parseNumber(token)));
        }
    }

    @Property(tries = 20000)
    void fastParserTakesAndGetsRightTheCommonCase(@ForAll("shortDecimals") String token) {
        double fast = TextInput.parseDecimal(token, 0, token.length());
        assertThat(fast).as(token).isNotNaN();
        assertThat(Double.doubleToRawLongBits(fast)).as(token)
                .isEqualTo(Double.doubleToRawLongBits(TextInput.parseNumber(token)));
    }

    @Property(tries = 5000)
    void fastParserRefusesWhatIsNotANumber(@ForAll("numberLikeTokens") String token) {
        if (!TextInput.isNumber(token)) {
            assertThat(TextInput.parseDecimal(token, 0, token.length())).as(token).isNaN();
        }
    }

    @Test
    void fastParserReadsWithinALine() {
        String line = "  8979.250  -151234.5\t4.5e-3 ";
        assertThat(TextInput.parseDecimal(line, 2, 10)).isEqualTo(8979.25);
        assertThat(TextInput.parseDecimal(line, 12, 21)).isEqualTo(-151234.5);
        assertThat(TextInput.parseDecimal(line, 22, 28)).isEqualTo(4.5e-3);
        assertThat(TextInput.parseDecimal("-0.000", 0, 6)).isEqualTo(-0.0);
        assertThat(TextInput.parseDecimal("1234567890123456", 0, 16)).isNaN(); // 16 digits: general path
    }

    @Test
    void parsesFortranExponents() {
        assertThat(TextInput.parseNumber("1.5D+03")).isEqualTo(1500.0);
        assertThat(TextInput.parseNumber("-2.5e-1")).isEqualTo(-0.25);
        assertThat(TextInput.isNumber("1.")).isTrue();
        assertThat(TextInput.isNumber(".")).isFalse();
        assertThat(TextInput.isNumber("1e")).isFalse();
        assertThat(TextInput.isNumber("NaN")).isFalse();
    }
}
