package io.topowatch.ingest.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.topowatch.ingest.InvalidRecordException;
import io.topowatch.ingest.MsgpackInput;
import io.topowatch.ingest.NdArray;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * The Kafka message form of a Bluesky document: a two-element array {@code [name, document]}, msgpack-encoded
 * as bluesky-kafka's default serializer writes it, or the same pair as JSON.
 *
 * <p>bluesky-kafka packs with msgpack_numpy, so a numpy array in a document arrives as an ndarray map
 * ({@link NdArray}: {@code {nd: true, type, kind, shape, data}}, keys str or bin) and a numpy scalar as
 * {@code {nd: false, type, data}}; they are decoded to what the JSON form would hold (a number, or lists of
 * numbers nested by the shape), so {@link RunAssembler} sees one shape of document. Other bin and extension
 * values have no meaning in a document and are refused with their path.
 */
public final class BlueskyCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BlueskyCodec() {}

    public static byte[] encode(BlueskyDocument d) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packArrayHeader(2);
            packer.packString(d.name());
            pack(packer, d.document());
            return packer.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + d.name() + " document", e);
        }
    }

    /**
     * Decodes a message: msgpack, or JSON when the first byte is '[' (a msgpack array header never is).
     *
     * @throws InvalidRecordException naming what is wrong with the message
     */
    public static BlueskyDocument decode(byte[] message) {
        if (message == null || message.length == 0) {
            throw new InvalidRecordException("$", "empty message, expected a [name, document] pair");
        }
        Object value = message[0] == '[' ? fromJson(message) : fromMsgpack(message);
        if (!(value instanceof List<?> pair) || pair.size() != 2 || !(pair.get(0) instanceof String name)
                || !(pair.get(1) instanceof Map<?, ?> document)) {
            throw new InvalidRecordException("$", "expected a [name, document] pair, got " + describe(value));
        }
        if (!BlueskyDocument.NAMES.contains(name)) {
            throw new InvalidRecordException("[0]", "unknown document name '" + name + "', expected one of "
                    + new java.util.TreeSet<>(BlueskyDocument.NAMES));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        document.forEach((k, v) -> doc.put(String.valueOf(k), v));
        return new BlueskyDocument(name, doc);
    }

    private static Object fromMsgpack(byte[] message) {
        MsgpackInput in = new MsgpackInput(message);
        try (MessageUnpacker unpacker = in.unpacker()) {
            Object value = unpack(in, "");
            if (unpacker.hasNext()) {
                throw new InvalidRecordException("$", "trailing bytes after the msgpack value");
            }
            return value;
        } catch (IOException | MessagePackException e) {
            throw new InvalidRecordException("$", "not a msgpack (or JSON) message: " + e.getMessage());
        }
    }

    private static Object fromJson(byte[] message) {
        try {
            return fromJson(JSON.readTree(message));
        } catch (IOException e) {
            throw new InvalidRecordException("$", "not valid JSON: " + e.getMessage());
        }
    }

    private static Object fromJson(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), fromJson(e.getValue()));
            }
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(fromJson(x)));
            return l;
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        return n.isNull() ? null : n.asText();
    }

    private static void pack(MessageBufferPacker p, Object v) throws IOException {
        if (v == null) {
            p.packNil();
        } else if (v instanceof String s) {
            p.packString(s);
        } else if (v instanceof Boolean b) {
            p.packBoolean(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            p.packLong(((Number) v).longValue());
        } else if (v instanceof Number n) {
            p.packDouble(n.doubleValue());
        } else if (v instanceof double[] a) {
            p.packArrayHeader(a.length);
            for (double x : a) {
                p.packDouble(x);
            }
        } else if (v instanceof Map<?, ?> m) {
            p.packMapHeader(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                p.packString(String.valueOf(e.getKey()));
                pack(p, e.getValue());
            }
        } else if (v instanceof List<?> l) {
            p.packArrayHeader(l.size());
            for (Object x : l) {
                pack(p, x);
            }
        } else {
            throw new IllegalArgumentException("cannot encode a " + v.getClass().getSimpleName() + " in a document");
        }
    }

    /**
     * One msgpack value as plain Java (maps, lists, Long, Double, String, Boolean, null); an ndarray map as its
     * number or nested lists.
     *
     * @param path where the value is, for errors: {@code event_page.data.energy}, {@code ""} for the message
     */
    private static Object unpack(MsgpackInput in, String path) throws IOException {
        MessageUnpacker u = in.unpacker();
        MessageFormat f = u.getNextFormat();
        ValueType t = f.getValueType();
        switch (t) {
            case NIL:
                u.unpackNil();
                return null;
            case BOOLEAN:
                return u.unpackBoolean();
            case INTEGER:
                return u.unpackLong();
            case FLOAT:
                return u.unpackDouble();
            case STRING:
                return u.unpackString();
            case ARRAY: {
                int n = u.unpackArrayHeader();
                List<Object> l = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    // a path is spelt only where an error can arise below: not for the numbers of a column
                    ValueType next = u.getNextFormat().getValueType();
                    boolean container = next == ValueType.ARRAY || next == ValueType.MAP || next == ValueType.BINARY
                            || next == ValueType.EXTENSION;
                    l.add(unpack(in, container ? element(path, i, l) : path));
                }
                return l;
            }
            case MAP: {
                int n = u.unpackMapHeader();
                Map<Object, Object> m = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    Object key = u.getNextFormat().getValueType() == ValueType.BINARY ? NdArray.key(in, at(path))
                            : unpack(in, at(path));
                    // msgpack_numpy writes nd first, a boolean; a data key that happens to be named "nd" is not
                    if (i == 0 && NdArray.MARKER.equals(key) && u.getNextFormat().getValueType() == ValueType.BOOLEAN) {
                        return NdArray.readAfterMarker(in, n, at(path)).nested();
                    }
                    m.put(key, unpack(in, path.isEmpty() ? String.valueOf(key) : path + "." + key));
                }
                return m;
            }
            case BINARY:
                throw new InvalidRecordException(at(path), "unsupported msgpack bin value (" + u.unpackBinaryHeader()
                        + " bytes): raw bytes are read only as the data of a msgpack-numpy ndarray");
            default:
                ExtensionTypeHeader h = u.unpackExtensionTypeHeader();
                throw new InvalidRecordException(at(path), "unsupported msgpack extension value (type " + h.getType()
                        + "): expected numbers, strings, arrays, maps or msgpack-numpy ndarrays");
        }
    }

    /** An array element's path; the document itself (the pair's second element) is named by the first. */
    private static String element(String path, int index, List<Object> before) {
        if (path.isEmpty() && index == 1 && before.get(0) instanceof String name
                && BlueskyDocument.NAMES.contains(name)) {
            return name;
        }
        return path + "[" + index + "]";
    }

    private static String at(String path) {
        return path.isEmpty() ? "$" : path;
    }

    private static String describe(Object v) {
        return v == null ? "nil" : v instanceof List<?> l ? "an array of " + l.size() : v.getClass().getSimpleName();
    }
}
