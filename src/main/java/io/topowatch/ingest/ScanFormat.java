package io.topowatch.ingest;

import io.topowatch.stream.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The encodings of a raw scan record on {@code topowatch.scans.raw}: JSON text, or msgpack (the same map, arrays
 * as msgpack-numpy ndarrays: ~20× faster to decode). {@link ScanDecoder#decode} tells them apart by the first
 * byte, so producers may use either and consumers need no setting.
 */
public enum ScanFormat {

    JSON {
        @Override
        public byte[] encode(ScanRecord scan) {
            try {
                return Json.MAPPER.writeValueAsBytes(scan);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write scan " + scan.scanId() + " as JSON", e);
            }
        }
    },

    MSGPACK {
        @Override
        public byte[] encode(ScanRecord scan) {
            return MsgpackScanWriter.write(scan);
        }
    };

    /**
     * The record's bytes in this encoding; arrays exact: JSON's shortest round-trip text, msgpack's {@code <f8}, or
     * {@code <i4} for arrays of int32 values (detector counts).
     */
    public abstract byte[] encode(ScanRecord scan);

    /**
     * The encoding of a record's bytes: msgpack when the first byte is a msgpack map header (fixmap 0x80–0x8f,
     * map16 0xde, map32 0xdf: none can start JSON text, whitespace and byte order marks included), else JSON.
     */
    public static ScanFormat of(byte[] record) {
        int first = record.length == 0 ? 0 : record[0] & 0xff;
        return (first & 0xf0) == 0x80 || first == 0xde || first == 0xdf ? MSGPACK : JSON;
    }

    /** The format named on a command line: {@code json} or {@code msgpack}, any case. */
    public static ScanFormat parse(String name) {
        for (ScanFormat f : values()) {
            if (f.name().equalsIgnoreCase(name.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("expected json or msgpack, got '" + name + "'");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
