package io.topowatch.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * The stores' encoding of a {@link SampleAssembly}: msgpack, each element's 200-point window as one binary
 * value of little-endian float32. The assembly and score-batch stores write an assembly for nearly every scan
 * (and their changelogs carry it to the broker); as JSON, formatting the windows' floats was most of the
 * stream thread's time at high scan rates. Values written as JSON by earlier versions (first byte {@code {})
 * are still read, so a store restored from an old changelog keeps its contents.
 *
 * <p>Layout: an array {@code [1, experiment, sample, setpoint, control|nil, spaceGroup, [expectedElements],
 * {element: [scanId, epochSecond|nil, nano, bin]}, openedAtMs, recordTimestamp]}; the leading 1 is the
 * layout's version.
 */
final class SampleAssemblySerde implements Serde<SampleAssembly> {

    private static final int VERSION = 1;
    private static final int FIELDS = 10;
    private static final Serde<SampleAssembly> LEGACY_JSON = Json.serde(SampleAssembly.class);

    @Override
    public Serializer<SampleAssembly> serializer() {
        return (topic, assembly) -> assembly == null ? null : write(assembly);
    }

    @Override
    public Deserializer<SampleAssembly> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == '{') {
                return LEGACY_JSON.deserializer().deserialize(topic, bytes);
            }
            return read(bytes);
        };
    }

    static byte[] write(SampleAssembly a) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(FIELDS);
            p.packInt(VERSION);
            p.packString(a.experiment());
            p.packString(a.sample());
            p.packInt(a.setpoint());
            if (a.control() == null) {
                p.packNil();
            } else {
                p.packMapHeader(a.control().size());
                for (Map.Entry<String, Double> c : a.control().entrySet()) {
                    p.packString(c.getKey());
                    p.packDouble(c.getValue());
                }
            }
            p.packInt(a.spaceGroup());
            p.packArrayHeader(a.expectedElements().size());
            for (String e : a.expectedElements()) {
                p.packString(e);
            }
            p.packMapHeader(a.scans().size());
            for (Map.Entry<String, SampleAssembly.ElementScan> s : a.scans().entrySet()) {
                SampleAssembly.ElementScan scan = s.getValue();
                p.packString(s.getKey());
                p.packArrayHeader(4);
                p.packString(scan.scanId());
                if (scan.scanTime() == null) {
                    p.packNil();
                    p.packInt(0);
                } else {
                    p.packLong(scan.scanTime().getEpochSecond());
                    p.packInt(scan.scanTime().getNano());
                }
                byte[] values = floats(scan.values());
                p.packBinaryHeader(values.length);
                p.writePayload(values);
            }
            p.packLong(a.openedAtMs());
            p.packLong(a.recordTimestamp());
            return p.toByteArray();
        } catch (IOException e) {
            throw new SerializationException("cannot write sample assembly " + a.key(), e);
        }
    }

    static SampleAssembly read(byte[] bytes) {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
            int fields = u.unpackArrayHeader();
            int version = u.unpackInt();
            if (fields != FIELDS || version != VERSION) {
                throw new SerializationException("sample assembly: unknown layout (version " + version + ", "
                        + fields + " fields)");
            }
            String experiment = u.unpackString();
            String sample = u.unpackString();
            int setpoint = u.unpackInt();
            Map<String, Double> control = null;
            if (!u.tryUnpackNil()) {
                int n = u.unpackMapHeader();
                control = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    control.put(u.unpackString(), u.unpackDouble());
                }
            }
            int spaceGroup = u.unpackInt();
            int nExpected = u.unpackArrayHeader();
            List<String> expected = new ArrayList<>(nExpected);
            for (int i = 0; i < nExpected; i++) {
                expected.add(u.unpackString());
            }
            int nScans = u.unpackMapHeader();
            Map<String, SampleAssembly.ElementScan> scans = new TreeMap<>();
            for (int i = 0; i < nScans; i++) {
                String element = u.unpackString();
                u.unpackArrayHeader();
                String scanId = u.unpackString();
                Instant scanTime = null;
                if (u.tryUnpackNil()) {
                    u.unpackInt();
                } else {
                    long second = u.unpackLong();
                    scanTime = Instant.ofEpochSecond(second, u.unpackInt());
                }
                byte[] raw = u.readPayload(u.unpackBinaryHeader());
                scans.put(element, new SampleAssembly.ElementScan(scanId, scanTime, floats(raw)));
            }
            long openedAtMs = u.unpackLong();
            long recordTimestamp = u.unpackLong();
            return new SampleAssembly(experiment, sample, setpoint, control, spaceGroup, List.copyOf(expected), scans,
                    openedAtMs, recordTimestamp);
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException se) {
                throw se;
            }
            throw new SerializationException("cannot read sample assembly: " + e.getMessage(), e);
        }
    }

    private static byte[] floats(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    private static float[] floats(byte[] raw) {
        float[] values = new float[raw.length / Float.BYTES];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }
}
