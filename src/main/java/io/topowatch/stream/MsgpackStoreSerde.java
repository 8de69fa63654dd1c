package io.topowatch.stream;

import java.io.IOException;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * A state store's value encoding in msgpack: one array whose first element is the layout's version, then the
 * fields a subclass writes. Values written as JSON by earlier versions (first byte {@code {}) are still read, so
 * a store restored from an old changelog keeps its contents. Every failure is a {@link SerializationException}
 * naming what was being read or written.
 */
abstract class MsgpackStoreSerde<T> implements Serde<T> {

    private static final int VERSION = 1;
    /**
     * msgpack-core's defaults give every unpacker that reads a string an 8,192-char decoding buffer (16 KB
     * zeroed per value read, unused for byte-array input, where strings are built directly) and every packer an
     * 8 KB first chunk: together ≈ 4 % of the stream thread at 5,000 scans/s (JFR). Store values are a few kB
     * and their strings short.
     */
    private static final MessagePack.UnpackerConfig UNPACKING =
            new MessagePack.UnpackerConfig().withStringDecoderBufferSize(256);
    private static final MessagePack.PackerConfig PACKING = new MessagePack.PackerConfig().withBufferSize(2048);

    private final String what;
    private final int fields;
    private final Serde<T> legacyJson;

    /**
     * @param what   the value, as error messages name it
     * @param fields array elements after the version
     */
    MsgpackStoreSerde(Class<T> type, String what, int fields) {
        this.what = what;
        this.fields = fields;
        this.legacyJson = Json.serde(type);
    }

    /** Writes the value's fields, in layout order. */
    abstract void writeFields(MessagePacker p, T value) throws IOException;

    /** Reads the fields {@link #writeFields} wrote. */
    abstract T readFields(MessageUnpacker u) throws IOException;

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : write(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == '{') {
                return legacyJson.deserializer().deserialize(topic, bytes);
            }
            return read(bytes);
        };
    }

    final byte[] write(T value) {
        try (MessageBufferPacker p = PACKING.newBufferPacker()) {
            p.packArrayHeader(fields + 1);
            p.packInt(VERSION);
            writeFields(p, value);
            return p.toByteArray();
        } catch (IOException e) {
            throw new SerializationException("cannot write " + what, e);
        }
    }

    final T read(byte[] bytes) {
        try (MessageUnpacker u = UNPACKING.newUnpacker(bytes)) {
            int n = u.unpackArrayHeader();
            int version = u.unpackInt();
            if (n != fields + 1 || version != VERSION) {
                throw new SerializationException(what + ": unknown layout (version " + version + ", " + n + " fields)");
            }
            return readFields(u);
        } catch (SerializationException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot read " + what + ": " + e.getMessage(), e);
        }
    }

    /** An instant as two values, epoch second (nil for null) and nano. */
    static void packInstant(MessagePacker p, Instant t) throws IOException {
        if (t == null) {
            p.packNil();
            p.packInt(0);
        } else {
            p.packLong(t.getEpochSecond());
            p.packInt(t.getNano());
        }
    }

    static Instant unpackInstant(MessageUnpacker u) throws IOException {
        if (u.tryUnpackNil()) {
            u.unpackInt();
            return null;
        }
        long second = u.unpackLong();
        return Instant.ofEpochSecond(second, u.unpackInt());
    }

    static void packStringOrNil(MessagePacker p, String s) throws IOException {
        if (s == null) {
            p.packNil();
        } else {
            p.packString(s);
        }
    }
}
