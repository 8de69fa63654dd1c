package io.topowatch.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Writes a raw scan record as msgpack: the JSON record's map (same keys and order, null fields left out), with
 * each numeric array as a msgpack-numpy ndarray ({@code <i4} for arrays of int32 values such as detector counts,
 * else {@code <f8}), so that every double travels exactly and is read back in bulk, and the timestamp as the
 * msgpack timestamp extension.
 */
final class MsgpackScanWriter {

    private MsgpackScanWriter() {}

    static byte[] write(ScanRecord s) {
        Object[] fields = {s.schema(), s.scanId(), s.experiment(), s.sample(), s.setpoint(), s.element(), s.edge(),
                s.control(), s.spaceGroup(), s.sampleElements(), s.energy(), s.mu(), s.i0(), s.it(), s.ifluor(),
                s.timestamp()};
        int present = 0;
        for (Object f : fields) {
            present += f == null ? 0 : 1;
        }
        int size = 512 + 8 * (length(s.energy()) + length(s.mu()) + length(s.i0()) + length(s.it())
                + length(s.ifluor()));
        try (MessageBufferPacker p = new MessagePack.PackerConfig().withBufferSize(size).newBufferPacker()) {
            p.packMapHeader(present);
            for (int k = 0; k < fields.length; k++) {
                if (fields[k] != null) {
                    p.packString(MsgpackScanReader.FIELDS.get(k));
                    value(p, fields[k]);
                }
            }
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write scan " + s.scanId() + " as msgpack", e);
        }
    }

    private static int length(double[] a) {
        return a == null ? 0 : a.length;
    }

    private static void value(MessageBufferPacker p, Object v) throws IOException {
        if (v instanceof String text) {
            p.packString(text);
        } else if (v instanceof Integer n) {
            p.packInt(n);
        } else if (v instanceof double[] a) {
            ndarray(p, a);
        } else if (v instanceof java.time.Instant t) {
            p.packTimestamp(t);
        } else if (v instanceof Map<?, ?> control) {
            p.packMapHeader(control.size());
            for (Map.Entry<?, ?> e : control.entrySet()) {
                p.packString((String) e.getKey());
                if (e.getValue() == null) {
                    p.packNil();
                } else {
                    p.packDouble((Double) e.getValue());
                }
            }
        } else {
            List<?> elements = (List<?>) v;
            p.packArrayHeader(elements.size());
            for (Object e : elements) {
                if (e == null) {
                    p.packNil();
                } else {
                    p.packString((String) e);
                }
            }
        }
    }

    /**
     * As Python's msgpack_numpy writes an array (str keys; readers accept str or bin): {@code <i4} when every value
     * is an int32 exactly (detector counts: half the bytes of float64, the same numbers), else {@code <f8}.
     */
    private static void ndarray(MessageBufferPacker p, double[] a) throws IOException {
        boolean counts = allInt32(a);
        byte[] data;
        if (counts) {
            int[] ints = new int[a.length];
            for (int i = 0; i < a.length; i++) {
                ints[i] = (int) a[i];
            }
            data = new byte[a.length * Integer.BYTES];
            ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(ints);
        } else {
            data = new byte[a.length * Double.BYTES];
            ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().put(a);
        }
        p.packMapHeader(5);
        p.packString("nd").packBoolean(true);
        p.packString("type").packString((counts ? NdArray.DType.I4 : NdArray.DType.F8).code());
        p.packString("kind").packString("");
        p.packString("shape").packArrayHeader(1).packInt(a.length);
        p.packString("data").packBinaryHeader(data.length).addPayload(data);
    }

    /** Whether every value is an int32 to the bit (so -0.0 and NaN are not). */
    private static boolean allInt32(double[] a) {
        for (double v : a) {
            if (Double.doubleToRawLongBits(v) != Double.doubleToRawLongBits((int) v)) {
                return false;
            }
        }
        return a.length > 0;
    }
}
