package io.topowatch.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.msgpack.core.MessagePacker;

/**
 * Writes ndarrays byte for byte as Python's msgpack_numpy 0.4 does with msgpack's {@code use_bin_type=True}
 * ({@code encode}: {@code {b'nd': True, b'type': a.dtype.str, b'kind': b'', b'shape': a.shape, b'data':
 * a.data}}): bin keys, the dtype a str, kind an empty bin, the shape an array, the data bin in the array's own
 * byte order. Python was not available to record fixtures; this follows msgpack_numpy's source.
 */
public final class MsgpackNumpy {

    private MsgpackNumpy() {}

    /** An ndarray of {@code dtype} and {@code shape} with the given raw element bytes. */
    public static void ndarray(MessagePacker p, String dtype, long[] shape, byte[] data) throws IOException {
        p.packMapHeader(5);
        bin(p, "nd").packBoolean(true);
        bin(p, "type").packString(dtype);
        bin(p, "kind").packBinaryHeader(0);
        bin(p, "shape").packArrayHeader(shape.length);
        for (long n : shape) {
            p.packLong(n);
        }
        bin(p, "data").packBinaryHeader(data.length).writePayload(data);
    }

    /** A numpy scalar: {@code {b'nd': False, b'type': …, b'data': …}}. */
    public static void scalar(MessagePacker p, String dtype, byte[] data) throws IOException {
        p.packMapHeader(3);
        bin(p, "nd").packBoolean(false);
        bin(p, "type").packString(dtype);
        bin(p, "data").packBinaryHeader(data.length).writePayload(data);
    }

    public static MessagePacker bin(MessagePacker p, String key) throws IOException {
        byte[] b = key.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return p.packBinaryHeader(b.length).writePayload(b);
    }

    public static byte[] f8(double... values) {
        ByteBuffer b = le(values.length * 8);
        b.asDoubleBuffer().put(values);
        return b.array();
    }

    public static byte[] f8BigEndian(double... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8);
        b.asDoubleBuffer().put(values);
        return b.array();
    }

    public static byte[] f4(float... values) {
        ByteBuffer b = le(values.length * 4);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    public static byte[] i8(long... values) {
        ByteBuffer b = le(values.length * 8);
        b.asLongBuffer().put(values);
        return b.array();
    }

    public static byte[] i4(int... values) {
        ByteBuffer b = le(values.length * 4);
        b.asIntBuffer().put(values);
        return b.array();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
