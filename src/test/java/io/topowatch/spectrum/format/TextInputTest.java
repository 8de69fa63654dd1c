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
