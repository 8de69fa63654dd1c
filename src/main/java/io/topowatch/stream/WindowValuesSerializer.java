package io.topowatch.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a normalised window ({@link NormalizedScan#values()}) as a JSON array of decimals rounded to
 * {@value #DECIMALS} places (1e-6 of the edge step, below float32's own resolution near 1 and far below any
 * spectrum's noise), trailing zeros dropped. Shortest-round-trip float formatting of the 200 values was a fifth of
 * the stream thread at 3,000 scans/s (JFR); fixed-point digits from one integer multiply are several times
 * cheaper. The stream scores the unrounded floats; only the topic's copy is rounded. Values of magnitude 1e9
 * or more, and non-finite ones, are written as {@link Float#toString} does.
 */
final class WindowValuesSerializer extends StdSerializer<float[]> {

    static final int DECIMALS = 6;
    private static final long SCALE = 1_000_000L;
    private static final double LIMIT = 1e9;

    WindowValuesSerializer() {
        super(float[].class);
    }

    @Override
    public void serialize(float[] values, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeRawValue(new AsciiJson(ascii(values)));
    }

    /** The window as JSON text (for tests and callers that want a string). */
    static String format(float[] values) {
        return new String(ascii(values), StandardCharsets.ISO_8859_1);
    }

    /**
     * The window as ASCII bytes, which the UTF-8 generator copies as they are: formatting into chars and
     * handing Jackson a String made it convert every character to UTF-8 once more, a third of this
     * serializer's time at 5,000 scans/s (JFR).
     */
    static byte[] ascii(float[] values) {
        byte[] out = new byte[2 + values.length * 20];
        int n = 0;
        out[n++] = '[';
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out[n++] = ',';
            }
            n = append(values[i], out, n);
        }
        out[n++] = ']';
        return Arrays.copyOf(out, n);
    }

    private static int append(float value, byte[] out, int n) {
        if (!(Math.abs(value) < LIMIT)) {
            byte[] s = Float.toString(value).getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(s, 0, out, n, s.length);
            return n + s.length;
        }
        long scaled = Math.round(value * (double) SCALE);
        if (scaled < 0) {
            out[n++] = '-';
            scaled = -scaled;
        }
        long whole = scaled / SCALE;
        int fraction = (int) (scaled - whole * SCALE);
        n = appendDigits(whole, out, n);
        if (fraction != 0) {
            // six digits by constant divisors (multiplies once compiled), then the trailing zeros taken back: a
            // loop dividing by a falling power of ten paid a real division per digit
            out[n++] = '.';
            n = appendPair(fraction / 10_000, out, n);
            n = appendPair(fraction / 100 % 100, out, n);
            n = appendPair(fraction % 100, out, n);
            while (out[n - 1] == '0') {
                n--;
            }
        }
        return n;
    }

    private static int appendPair(int twoDigits, byte[] out, int n) {
        out[n] = (byte) ('0' + twoDigits / 10);
        out[n + 1] = (byte) ('0' + twoDigits % 10);
        return n + 2;
    }

    private static int appendDigits(long value, byte[] out, int n) {
        if (value < 10) {
            out[n++] = (byte) ('0' + value);
            return n;
        }
        int start = n;
        while (value > 0) {
            out[n++] = (byte) ('0' + value % 10);
            value /= 10;
        }
        for (int i = start, j = n - 1; i < j; i++, j--) {
            byte c = out[i];
            out[i] = out[j];
            out[j] = c;
        }
        return n;
    }
}
