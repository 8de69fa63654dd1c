package io.topowatch.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * A hand-built msgpack scan record for tests: a record's fields in JSON's order (arrays as msgpack arrays of
 * float64, the timestamp an ISO string), any of which a test replaces, removes, repeats or adds.
 */
final class MsgpackRecord {

    interface Value {
        void pack(MessagePacker p) throws IOException;
    }

    private final List<Map.Entry<String, Value>> entries = new ArrayList<>();

    static MsgpackRecord of(ScanRecord s) {
        MsgpackRecord r = new MsgpackRecord();
        r.put("schema", p -> p.packString(s.schema()));
        r.put("scanId", p -> p.packString(s.scanId()));
        r.put("experiment", p -> p.packString(s.experiment()));
        r.put("sample", p -> p.packString(s.sample()));
        r.put("setpoint", p -> p.packInt(s.setpoint()));
        r.put("element", p -> p.packString(s.element()));
        r.put("edge", p -> p.packString(s.edge()));
        r.put("control", p -> {
            p.packMapHeader(s.control().size());
            for (Map.Entry<String, Double> e : s.control().entrySet()) {
                p.packString(e.getKey()).packDouble(e.getValue());
            }
        });
        r.put("spaceGroup", p -> p.packInt(s.spaceGroup()));
        r.put("sampleElements", p -> {
            p.packArrayHeader(s.sampleElements().size());
            for (String e : s.sampleElements()) {
                p.packString(e);
            }
        });
        String[] names = {"energy", "mu", "i0", "it", "if"};
        double[][] arrays = {s.energy(), s.mu(), s.i0(), s.it(), s.ifluor()};
        for (int k = 0; k < names.length; k++) {
            if (arrays[k] != null) {
                r.put(names[k], doubles(arrays[k]));
            }
        }
        r.put("timestamp", p -> p.packString(s.timestamp().toString()));
        return r;
    }

    static Value doubles(double[] a) {
        return p -> {
            p.packArrayHeader(a.length);
            for (double x : a) {
                p.packDouble(x);
            }
        };
    }

    /** Replaces the key's value in place, or appends it. */
    MsgpackRecord put(String key, Value value) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).getKey().equals(key)) {
                entries.set(i, Map.entry(key, value));
                return this;
            }
        }
        entries.add(Map.entry(key, value));
        return this;
    }

    /** Appends the key even if present (a repeated key). */
    MsgpackRecord append(String key, Value value) {
        entries.add(Map.entry(key, value));
        return this;
    }

    MsgpackRecord remove(String key) {
        entries.removeIf(e -> e.getKey().equals(key));
        return this;
    }

    byte[] bytes() {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(entries.size());
            for (Map.Entry<String, Value> e : entries) {
                p.packString(e.getKey());
                e.getValue().pack(p);
            }
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
