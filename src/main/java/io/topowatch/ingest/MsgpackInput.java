package io.topowatch.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * A msgpack message and its unpacker, with str and bin payloads read in place from the message's bytes: keys
 * matched against known names without making a String, text decoded as strict UTF-8, ndarray data viewed
 * without a copy. msgpack-core's {@code unpackString} gives each unpacker a decoder and a 16 KB char buffer
 * and by default replaces malformed bytes; for the ~30 short keys and values of a scan record that was a third
 * of the decode time (measured), and the JSON path refuses malformed UTF-8.
 */
public final class MsgpackInput {

    private final byte[] source;
    private final MessageUnpacker unpacker;
    private int from;
    private int to;

    public MsgpackInput(byte[] message) {
        this.source = message;
        this.unpacker = MessagePack.newDefaultUnpacker(message);
    }

    public MessageUnpacker unpacker() {
        return unpacker;
    }

    /** Bytes of the message not yet read. */
    public long remaining() {
        return source.length - unpacker.getTotalReadBytes();
    }

    /** Steps over the next value, a str or bin (the caller checked), keeping where its payload lies. */
    void payload() throws IOException {
        int start = (int) unpacker.getTotalReadBytes();
        MessageFormat f = unpacker.getNextFormat();
        unpacker.skipValue();
        to = (int) unpacker.getTotalReadBytes();
        from = start + switch (f) {
            case FIXSTR -> 1;
            case STR8, BIN8 -> 2;
            case STR16, BIN16 -> 3;
            default -> 5; // STR32, BIN32
        };
    }

    /** The index of the last payload among {@code names} (ASCII), or -1. */
    int match(byte[][] names) {
        int length = to - from;
        for (int k = 0; k < names.length; k++) {
            if (names[k].length == length && Arrays.equals(source, from, to, names[k], 0, length)) {
                return k;
            }
        }
        return -1;
    }

    /** The last payload as text: strict UTF-8, as the JSON path reads it; {@code field} names a failure. */
    String text(String field) {
        return text(field, "");
    }

    /** As {@link #text(String)}, a failure naming {@code field + suffix} (spelt only then). */
    String text(String field, String suffix) {
        for (int i = from; i < to; i++) {
            if (source[i] < 0) {
                return utf8(field + suffix);
            }
        }
        return new String(source, from, to - from, StandardCharsets.ISO_8859_1); // ASCII: one byte a char
    }

    /** The last payload, viewed in place: its bytes are the buffer's remaining ones, little-endian. */
    ByteBuffer bytes() {
        return ByteBuffer.wrap(source, from, to - from).order(ByteOrder.LITTLE_ENDIAN);
    }

    private String utf8(String field) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(source, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRecordException(field, "expected UTF-8 text, got malformed bytes (" + e + ")");
        }
    }

    static byte[][] ascii(List<String> names) {
        return names.stream().map(n -> n.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
    }
}
