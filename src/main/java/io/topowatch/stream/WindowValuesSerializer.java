package io.topowatch.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

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
        gen.writeRawValue(format(values));
    }

    static String format(float[] values) {
        char[] out = new char[2 + values.length * 20];
        int n = 0;
        out[n++] = '[';
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out[n++] = ',';
            }
            n = append(values[i], out, n);
        }
        out[n++] = ']';
        return new String(out, 0, n);
    }

    private static int append(float value, char[] out, int n) {
        if (!(Math.abs(value) < LIMIT)) {
            String s = Float.toString(value);
            s.getChars(0, s.length(), out, n);
            return n + s.length();
        }
        long scaled = Math.round(value * (double) SCALE);
        if (scaled < 0) {
            out[n++] = '-';
            scaled = -scaled;
        }
        long whole = scaled / SCALE;
        long fraction = scaled - whole * SCALE;
        n = appendDigits(whole, out, n);
        if (fraction != 0) {
            out[n++] = '.';
            long divisor = SCALE / 10;
            while (fraction != 0) {
                long digit = fraction / divisor;
                out[n++] = (char) ('0' + digit);
                fraction -= digit * divisor;
                divisor /= 10;
            }
        }
        return n;
    }

    private static int appendDigits(long value, char[] out, int n) {
        if (value < 10) {
            out[n++] = (char) ('0' + value);
            return n;
        }
        int start = n;
        while (value > 0) {
            out[n++] = (char) ('0' + value % 10);
            value /= 10;
        }
        for (int i = start, j = n - 1; i < j; i++, j--) {
            char c = out[i];
            out[i] = out[j];
            out[j] = c;
        }
        return n;
    }
}
