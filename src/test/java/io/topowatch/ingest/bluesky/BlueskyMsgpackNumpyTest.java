package io.topowatch.ingest.bluesky;

import static io.topowatch.ingest.MsgpackNumpy.f4;
import static io.topowatch.ingest.MsgpackNumpy.f8;
import static io.topowatch.ingest.MsgpackNumpy.f8BigEndian;
import static io.topowatch.ingest.MsgpackNumpy.i8;
import static io.topowatch.ingest.MsgpackNumpy.ndarray;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topowatch.ingest.InvalidRecordException;
import io.topowatch.ingest.MsgpackNumpy;
import io.topowatch.ingest.ScanRecord;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * Documents as bluesky-kafka publishes them from a RunEngine holding numpy arrays: msgpack with msgpack_numpy's
 * ndarray maps. They must give the scan the plain-list documents give.
 */
class BlueskyMsgpackNumpyTest {

    private static final ScanRecord SCAN = BlueskyRuns.scan();

    /** Packs a document as msgpack_numpy would: the number lists under data and seq_num become ndarrays. */
    private static byte[] numpy(BlueskyDocument d) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(2).packString(d.name());
            pack(p, d.document(), false);
            return p.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pack(MessagePacker p, Object v, boolean numeric) throws IOException {
        if (v instanceof Map<?, ?> m) {
            p.packMapHeader(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                p.packString((String) e.getKey());
                pack(p, e.getValue(), numeric || e.getKey().equals("data") || e.getKey().equals("seq_num"));
            }
        } else if (v instanceof List<?> l && numeric && !l.isEmpty() && l.stream().allMatch(x -> x instanceof Number)) {
            if (l.stream().allMatch(x -> x instanceof Long || x instanceof Integer)) {
                ndarray(p, "<i8", new long[] {l.size()}, i8(l.stream().mapToLong(x -> ((Number) x).longValue())
                        .toArray()));
            } else {
                ndarray(p, "<f8", new long[] {l.size()}, f8(l.stream().mapToDouble(x -> ((Number) x).doubleValue())
                        .toArray()));
            }
        } else if (v instanceof List<?> l) {
            p.packArrayHeader(l.size());
            for (Object x : l) {
                pack(p, x, numeric);
            }
        } else if (v instanceof String s) {
            p.packString(s);
        } else if (v instanceof Long n) {
            p.packLong(n);
        } else if (v instanceof Number n) {
            p.packDouble(n.doubleValue());
        } else if (v instanceof Boolean b) {
            p.packBoolean(b);
        } else {
            p.packNil();
        }
    }

    private static ScanRecord assemble(List<byte[]> messages) {
        RunAssembler assembler = RunAssembler.inMemory();
        RunAssembler.Step last = null;
        for (byte[] m : messages) {
            last = assembler.accept(BlueskyCodec.decode(m), null);
        }
        assertThat(last).isInstanceOf(RunAssembler.Step.Completed.class);
        return ((RunAssembler.Step.Completed) last).scan();
    }

    private static void assertSameScan(ScanRecord got, ScanRecord expected) {
        assertThat(got.scanId()).isEqualTo(expected.scanId());
        assertThat(got.control()).isEqualTo(expected.control());
        assertThat(got.energy()).containsExactly(expected.energy());
        assertThat(got.i0()).containsExactly(expected.i0());
        assertThat(got.it()).containsExactly(expected.it());
        assertThat(got.mu()).isEqualTo(expected.mu());
        assertThat(got.timestamp()).isEqualTo(expected.timestamp());
    }

    @Test
    void eventPagesWithNdarrayColumnsGiveTheScanOfTheListForm() {
        List<BlueskyDocument> docs = BlueskyRuns.eventPages(SCAN, 50);
        ScanRecord fromLists = assemble(docs.stream().map(BlueskyCodec::encode).toList());
        List<byte[]> numpy = docs.stream().map(BlueskyMsgpackNumpyTest::numpy).toList();
        assertThat(new String(numpy.get(2), java.nio.charset.StandardCharsets.ISO_8859_1)).contains("<f8", "<i8");
        ScanRecord fromNdarrays = assemble(numpy);
        assertSameScan(fromNdarrays, fromLists);
        assertSameScan(fromNdarrays, SCAN);
    }

    @Test
    void wholeArraysInOneEventAsNdarraysGiveTheSameScan() {
        List<BlueskyDocument> docs = BlueskyRuns.arraysInOneEvent(SCAN);
        assertSameScan(assemble(docs.stream().map(BlueskyMsgpackNumpyTest::numpy).toList()), SCAN);
    }

    @Test
    void ndarraysBecomeWhatTheJsonFormHolds() throws IOException {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        p.packArrayHeader(2).packString("event");
        p.packMapHeader(1).packString("data").packMapHeader(4);
        p.packString("matrix");
        ndarray(p, "<f4", new long[] {2, 3}, f4(1, 2, 3, 4, 5, 6.5f));
        p.packString("zero_d");
        ndarray(p, "<i8", new long[0], i8(7));
        p.packString("scalar");
        MsgpackNumpy.scalar(p, "<f4", f4(0.25f));
        p.packString("nd"); // a detector called nd is no ndarray marker: its value is no boolean
        p.packMapHeader(1).packString("nd").packDouble(3.5);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) BlueskyCodec.decode(p.toByteArray()).document().get("data");
        assertThat(data.get("matrix")).isEqualTo(List.of(List.of(1.0, 2.0, 3.0), List.of(4.0, 5.0, 6.5)));
        assertThat(data.get("zero_d")).isEqualTo(7.0);
        assertThat(data.get("scalar")).isEqualTo(0.25);
        assertThat(data.get("nd")).isEqualTo(Map.of("nd", 3.5));
    }

    @Test
    void otherBinAndExtensionValuesAreRefusedWithTheirPath() throws IOException {
        MessageBufferPacker bin = MessagePack.newDefaultBufferPacker();
        bin.packArrayHeader(2).packString("event").packMapHeader(1).packString("data").packMapHeader(1)
                .packString("image").packBinaryHeader(3).writePayload(new byte[3]);
        assertThatThrownBy(() -> BlueskyCodec.decode(bin.toByteArray())).isInstanceOf(InvalidRecordException.class)
                .satisfies(e -> assertThat(((InvalidRecordException) e).field()).isEqualTo("event.data.image"))
                .hasMessageContaining("unsupported msgpack bin value (3 bytes)");
        MessageBufferPacker ext = MessagePack.newDefaultBufferPacker();
        ext.packArrayHeader(2).packString("event").packMapHeader(1).packString("time")
                .packExtensionTypeHeader((byte) 5, 2).writePayload(new byte[2]);
        assertThatThrownBy(() -> BlueskyCodec.decode(ext.toByteArray()))
                .satisfies(e -> assertThat(((InvalidRecordException) e).field()).isEqualTo("event.time"))
                .hasMessageContaining("unsupported msgpack extension value (type 5)");
        MessageBufferPacker inList = MessagePack.newDefaultBufferPacker();
        inList.packArrayHeader(2).packString("event_page").packMapHeader(1).packString("uid").packArrayHeader(2)
                .packString("a").packBinaryHeader(1).writePayload(new byte[1]);
        assertThatThrownBy(() -> BlueskyCodec.decode(inList.toByteArray()))
                .satisfies(e -> assertThat(((InvalidRecordException) e).field()).isEqualTo("event_page.uid[1]"));
    }

    @Test
    void aMalformedNdarrayIsNamedWithinTheDocument() throws IOException {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        p.packArrayHeader(2).packString("event_page").packMapHeader(1).packString("data").packMapHeader(1)
                .packString("energy");
        ndarray(p, ">f8", new long[] {2}, f8BigEndian(1, 2));
        assertThatThrownBy(() -> BlueskyCodec.decode(p.toByteArray())).isInstanceOf(InvalidRecordException.class)
                .satisfies(e -> assertThat(((InvalidRecordException) e).field()).isEqualTo("event_page.data.energy.type"))
                .hasMessageContaining("big-endian");
    }
}
