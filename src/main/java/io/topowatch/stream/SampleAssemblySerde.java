package io.topowatch.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * The stores' encoding of a {@link SampleAssembly}: msgpack, each element's 200-point window as one binary
 * value of little-endian float32. The assembly and score-batch stores write an assembly for nearly every scan
 * (and their changelogs carry it to the broker); as JSON, formatting the windows' floats was most of the
 * stream thread's time at high scan rates.
 *
 * <p>Layout after the version: {@code experiment, sample, setpoint, control|nil, spaceGroup, [expectedElements],
 * {element: [scanId, epochSecond|nil, nano, bin]}, openedAtMs, recordTimestamp}.
 */
final class SampleAssemblySerde extends MsgpackStoreSerde<SampleAssembly> {

    SampleAssemblySerde() {
        super(SampleAssembly.class, "sample assembly", 9);
    }

    @Override
    void writeFields(MessagePacker p, SampleAssembly a) throws IOException {
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
            packInstant(p, scan.scanTime());
            byte[] values = floats(scan.values());
            p.packBinaryHeader(values.length);
            p.writePayload(values);
        }
        p.packLong(a.openedAtMs());
        p.packLong(a.recordTimestamp());
    }

    @Override
    SampleAssembly readFields(MessageUnpacker u) throws IOException {
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
            var scanTime = unpackInstant(u);
            byte[] raw = u.readPayload(u.unpackBinaryHeader());
            scans.put(element, new SampleAssembly.ElementScan(scanId, scanTime, floats(raw)));
        }
        long openedAtMs = u.unpackLong();
        long recordTimestamp = u.unpackLong();
        return new SampleAssembly(experiment, sample, setpoint, control, spaceGroup, List.copyOf(expected), scans,
                openedAtMs, recordTimestamp);
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
