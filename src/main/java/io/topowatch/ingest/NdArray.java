package io.topowatch.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.List;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessageIntegerOverflowException;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * A numpy array as Python's {@code msgpack_numpy} writes it: a msgpack map {@code {nd: true, type: "<f8",
 * kind: "", shape: [n, …], data: bin}} (keys str or bin; Python writes {@code b'nd'}), or a numpy scalar
 * {@code {nd: false, type, data}}. Read straight from the payload bytes into {@code double[]}: no per-element
 * boxing. Little-endian {@code <f8 <f4 <i8 <i4 <u8 <u4} only; anything else is refused by name, since
 * guessing a byte order or a structured dtype would give wrong numbers silently.
 *
 * @param shape the dimensions, or null for a numpy scalar ({@code nd: false}, one value)
 * @param values the elements in C order, converted to double (exact for f8, f4, and integers up to 2^53)
 */
public record NdArray(DType dtype, long[] shape, double[] values) {

    /** The element types read, by numpy's dtype string. */
    public enum DType {
        F8("<f8", 8), F4("<f4", 4), I8("<i8", 8), I4("<i4", 4), U8("<u8", 8), U4("<u4", 4);

        private final String code;
        private final int itemSize;

        DType(String code, int itemSize) {
            this.code = code;
            this.itemSize = itemSize;
        }

        public String code() {
            return code;
        }

        public int itemSize() {
            return itemSize;
        }

        private static final DType[] ALL = values();

        /** The dtype of an ndarray at {@code field} (errors name {@code field.type}). */
        static DType of(String field, String code) {
            for (DType t : ALL) {
                if (t.code.equals(code)) {
                    return t;
                }
            }
            String why = code.startsWith(">") ? " (big-endian: send little-endian, e.g. numpy a.astype('<f8'))" : "";
            throw new InvalidRecordException(field + ".type", "expected a little-endian numeric dtype "
                    + Arrays.stream(values()).map(DType::code).toList() + ", got \"" + code + "\"" + why);
        }
    }

    private static final List<String> KEY_NAMES = List.of("nd", "type", "kind", "shape", "data");
    private static final byte[][] KEY_BYTES = MsgpackInput.ascii(KEY_NAMES);
    private static final int ND = 0;
    private static final int TYPE = 1;
    private static final int KIND = 2;
    private static final int SHAPE = 3;
    private static final String KEYS = String.join(", ", KEY_NAMES);

    /** The first key of a msgpack_numpy map: a map in an array's place whose first key is this is an ndarray. */
    public static final String MARKER = "nd";

    /**
     * Reads an ndarray map whose header (of {@code entries}) the caller has read.
     *
     * @param field the field path that errors name, e.g. {@code energy} (then {@code energy.data})
     * @throws InvalidRecordException naming the key at fault and what was expected
     */
    public static NdArray read(MsgpackInput in, int entries, String field) {
        if (entries == 0) {
            throw new InvalidRecordException(field, "expected a msgpack-numpy ndarray map {" + KEYS + "}, got an"
                    + " empty map");
        }
        return read(in, -1, entries, field);
    }

    /**
     * As {@link #read}, for a caller that has already read the map's first key, {@link #MARKER} (to tell an
     * ndarray from a plain map).
     */
    public static NdArray readAfterMarker(MsgpackInput in, int entries, String field) {
        return read(in, ND, entries, field);
    }

    private static NdArray read(MsgpackInput in, int firstKey, int entries, String field) {
        MessageUnpacker u = in.unpacker();
        int k = firstKey; // the entry being read, for errors; -1 while reading a key
        try {
            Boolean nd = null;
            DType dtype = null;
            long[] shape = null;
            ByteBuffer data = null;
            int seen = 0;
            for (int i = 0; i < entries; i++) {
                if (i > 0 || firstKey < 0) {
                    k = -1;
                    k = keyIndex(in, field);
                }
                if ((seen & (1 << k)) != 0) {
                    throw new InvalidRecordException(field + "." + KEY_NAMES.get(k), "repeated ndarray key");
                }
                seen |= (1 << k);
                switch (k) {
                    case ND -> nd = bool(u, field);
                    case TYPE -> dtype = DType.of(field, text(in, field));
                    case KIND -> u.skipValue(); // '' for plain dtypes; what it marks (structured, object) fails on type
                    case SHAPE -> shape = shape(u, field);
                    default -> data = bytes(in, field);
                }
            }
            return build(field, nd, dtype, shape, data);
        } catch (IOException | MessagePackException e) {
            throw malformed(k < 0 ? field : field + "." + KEY_NAMES.get(k), e);
        }
    }

    /** The next key's index in {@link #KEY_NAMES}; an unknown key is refused by name. */
    private static int keyIndex(MsgpackInput in, String field) throws IOException {
        keyPayload(in, field);
        int k = in.match(KEY_BYTES);
        if (k < 0) {
            throw new InvalidRecordException(field + "." + in.text(field), "unknown ndarray key, expected " + KEYS);
        }
        return k;
    }

    /** A map key: msgpack str, or bin holding UTF-8 text (msgpack_numpy's {@code b'nd'} keys). */
    public static String key(MsgpackInput in, String field) throws IOException {
        keyPayload(in, field);
        return in.text(field);
    }

    private static void keyPayload(MsgpackInput in, String field) throws IOException {
        MessageFormat f = in.unpacker().getNextFormat();
        if (f.getValueType() != ValueType.STRING && f.getValueType() != ValueType.BINARY) {
            throw new InvalidRecordException(field, "expected str or bin map keys, got " + describe(f));
        }
        in.payload();
    }

    private static NdArray build(String field, Boolean nd, DType dtype, long[] shape, ByteBuffer data) {
        if (nd == null) {
            throw new InvalidRecordException(field + ".nd", "missing: expected true for an array (msgpack-numpy's"
                    + " marker)");
        }
        if (dtype == null) {
            throw new InvalidRecordException(field + ".type", "missing: expected the dtype, e.g. \"<f8\"");
        }
        if (data == null) {
            throw new InvalidRecordException(field + ".data", "missing: expected the elements as bin");
        }
        if (nd && shape == null) {
            throw new InvalidRecordException(field + ".shape", "missing: expected the dimensions, e.g. [500]");
        }
        if (!nd && shape != null) {
            throw new InvalidRecordException(field + ".shape", "not expected for a numpy scalar (nd false)");
        }
        long count = count(shape);
        if (count * dtype.itemSize() != data.remaining()) {
            throw new InvalidRecordException(field + ".data", "expected " + count + " × " + dtype.itemSize()
                    + " = " + count * dtype.itemSize() + " bytes for shape " + (shape == null ? "() (scalar)"
                    : Arrays.toString(shape)) + " of " + dtype.code() + ", got " + data.remaining());
        }
        return new NdArray(dtype, shape, values(dtype, data));
    }

    /** The element count of a shape, saturating at 2^40 (more than any payload holds) instead of overflowing. */
    private static long count(long[] shape) {
        long count = 1;
        for (long n : shape == null ? new long[0] : shape) {
            count = n != 0 && count > (1L << 40) / n ? 1L << 40 : count * n;
        }
        return count;
    }

    /** The elements as doubles, by bulk view-buffer reads (no boxing). */
    private static double[] values(DType dtype, ByteBuffer data) {
        double[] out = new double[data.remaining() / dtype.itemSize()];
        switch (dtype) {
            case F8 -> data.asDoubleBuffer().get(out);
            case F4 -> {
                FloatBuffer b = data.asFloatBuffer();
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.get(i);
                }
            }
            case I8 -> {
                LongBuffer b = data.asLongBuffer();
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.get(i);
                }
            }
            case U8 -> {
                LongBuffer b = data.asLongBuffer();
                for (int i = 0; i < out.length; i++) {
                    out[i] = unsigned(b.get(i));
                }
            }
            case I4 -> {
                IntBuffer b = data.asIntBuffer();
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.get(i);
                }
            }
            case U4 -> {
                IntBuffer b = data.asIntBuffer();
                for (int i = 0; i < out.length; i++) {
                    out[i] = Integer.toUnsignedLong(b.get(i));
                }
            }
        }
        return out;
    }

    /**
     * An unsigned 64-bit integer rounded to the nearest double: halved with the lost bit kept as a sticky bit,
     * so that the one rounding of the conversion is still to nearest, then doubled exactly.
     */
    static double unsigned(long v) {
        return v >= 0 ? v : ((v >>> 1) | (v & 1)) * 2.0;
    }

    private static boolean bool(MessageUnpacker u, String field) throws IOException {
        MessageFormat f = u.getNextFormat();
        if (f.getValueType() != ValueType.BOOLEAN) {
            throw new InvalidRecordException(field + ".nd", "expected true or false, got " + describe(f));
        }
        return u.unpackBoolean();
    }

    /** The dtype string: str, or bin as older msgpack_numpy versions wrote it. */
    private static String text(MsgpackInput in, String field) throws IOException {
        MessageFormat f = in.unpacker().getNextFormat();
        if (f.getValueType() == ValueType.STRING || f.getValueType() == ValueType.BINARY) {
            in.payload();
            return in.text(field, ".type");
        }
        throw new InvalidRecordException(field + ".type", "expected a dtype string such as \"<f8\", got " + describe(f)
                + (f.getValueType() == ValueType.ARRAY ? " (a structured dtype)" : ""));
    }

    private static long[] shape(MessageUnpacker u, String field) throws IOException {
        MessageFormat f = u.getNextFormat();
        if (f.getValueType() != ValueType.ARRAY) {
            throw new InvalidRecordException(field + ".shape", "expected the dimensions as an array, e.g. [500], got "
                    + describe(f));
        }
        long[] shape = new long[u.unpackArrayHeader()];
        for (int i = 0; i < shape.length; i++) {
            MessageFormat d = u.getNextFormat();
            long n;
            try {
                n = d.getValueType() == ValueType.INTEGER ? u.unpackLong() : -1;
            } catch (MessageIntegerOverflowException e) {
                n = -1;
            }
            if (n < 0 || n > Integer.MAX_VALUE) {
                throw new InvalidRecordException(field + ".shape", "expected non-negative integer dimensions, got " + describe(d)
                        + " at index " + i);
            }
            shape[i] = n;
        }
        return shape;
    }

    /** The payload, bin (or str, as msgpack without use_bin_type writes bytes), referenced in place. */
    private static ByteBuffer bytes(MsgpackInput in, String field) throws IOException {
        MessageFormat f = in.unpacker().getNextFormat();
        if (f.getValueType() != ValueType.BINARY && f.getValueType() != ValueType.STRING) {
            throw new InvalidRecordException(field + ".data", "expected the elements as bin, got " + describe(f));
        }
        in.payload();
        return in.bytes();
    }

    private static InvalidRecordException malformed(String at, Exception e) {
        if (e instanceof MessageInsufficientBufferException) {
            return new InvalidRecordException(at, "truncated: the msgpack value ends early");
        }
        return new InvalidRecordException(at, "malformed msgpack: " + e.getMessage());
    }

    /** A msgpack value's kind in words, for "expected …, got …". */
    public static String describe(MessageFormat f) {
        return switch (f.getValueType()) {
            case NIL -> "nil";
            case BOOLEAN -> "a boolean";
            case INTEGER -> "an integer";
            case FLOAT -> "a float";
            case STRING -> "a string";
            case BINARY -> "bin (raw bytes)";
            case ARRAY -> "an array";
            case MAP -> "a map";
            case EXTENSION -> "an extension value";
        };
    }

    /** The elements nested by the shape, as Bluesky documents hold them: a number, or lists of lists. */
    public Object nested() {
        if (shape == null || shape.length == 0) {
            return values[0];
        }
        return nested(0, 0);
    }

    private Object nested(int dim, int offset) {
        int n = (int) shape[dim];
        if (dim == shape.length - 1) {
            Double[] row = new Double[n];
            for (int i = 0; i < n; i++) {
                row[i] = values[offset + i];
            }
            return List.of(row);
        }
        int stride = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            stride *= (int) shape[d];
        }
        Object[] rows = new Object[n];
        for (int i = 0; i < n; i++) {
            rows[i] = nested(dim + 1, offset + i * stride);
        }
        return List.of(rows);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NdArray a && dtype == a.dtype && Arrays.equals(shape, a.shape)
                && Arrays.equals(values, a.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "NdArray[" + dtype.code() + " " + (shape == null ? "scalar" : Arrays.toString(shape)) + "]";
    }
}
