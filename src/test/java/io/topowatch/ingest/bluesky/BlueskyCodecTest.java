package io.topowatch.ingest.bluesky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topowatch.ingest.InvalidRecordException;
import io.topowatch.ingest.ScanRecord;
import io.topowatch.sim.BlueskyRun;
import io.topowatch.sim.DemoScenario;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;

class BlueskyCodecTest {

    private static final ScanRecord SCAN = DemoScenario.experiment("bs", 5).scans(Instant.parse("2026-11-21T00:00:00Z")).get(0);

    @Test
    void aScanBecomesStartDescriptorOneEventPerPointAndStop() {
        List<BlueskyDocument> docs = BlueskyRun.documents(SCAN, "bl-7");
        assertThat(docs).extracting(BlueskyDocument::name).startsWith("start", "descriptor").endsWith("stop");
        assertThat(docs).hasSize(SCAN.energy().length + 3);
        Map<String, Object> start = docs.get(0).document();
        assertThat(start).containsEntry("sample", SCAN.sample()).containsEntry("element", SCAN.element())
                .containsEntry("experiment", SCAN.experiment()).containsEntry("field_T", SCAN.control().get("field_T"))
                .containsEntry("beamline_id", "bl-7");
        Map<String, Object> stop = docs.get(docs.size() - 1).document();
        assertThat(stop).containsEntry("exit_status", "success").containsEntry("run_start", start.get("uid"));
        assertThat(BlueskyRun.documents(SCAN, "bl-7")).isEqualTo(docs);
    }

    @Test
    void msgpackRoundTripKeepsEveryValueExactly() {
        List<BlueskyDocument> docs = BlueskyRun.documents(SCAN, "bl-7");
        double[] energy = new double[SCAN.energy().length];
        double[] it = new double[energy.length];
        for (int i = 0; i < energy.length; i++) {
            BlueskyDocument event = BlueskyCodec.decode(BlueskyCodec.encode(docs.get(i + 2)));
            assertThat(event.name()).isEqualTo("event");
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) event.document().get("data");
            energy[i] = (Double) data.get("energy");
            it[i] = (Double) data.get("It");
            assertThat(event.document().get("seq_num")).isEqualTo((long) i + 1);
        }
        assertThat(energy).containsExactly(SCAN.energy());
        assertThat(it).containsExactly(SCAN.it());
        BlueskyDocument start = BlueskyCodec.decode(BlueskyCodec.encode(docs.get(0)));
        assertThat(start.document().get("sample_elements")).isEqualTo(List.copyOf(SCAN.sampleElements()));
    }

    @Test
    void theSamePairAsJsonIsAccepted() {
        BlueskyDocument d = BlueskyCodec.decode(
                "[\"stop\", {\"uid\": \"u\", \"exit_status\": \"abort\", \"num_events\": {\"primary\": 3}}]"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(d.name()).isEqualTo("stop");
        assertThat(d.document()).containsEntry("exit_status", "abort");
    }

    @Test
    void badMessagesAreNamed() throws Exception {
        assertThatThrownBy(() -> BlueskyCodec.decode(new byte[0])).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> BlueskyCodec.decode("[\"start\"]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("[name, document] pair");
        assertThatThrownBy(() -> BlueskyCodec.decode("[\"party\", {}]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("unknown document name 'party'");
        assertThatThrownBy(() -> BlueskyCodec.decode(new byte[] {(byte) 0xc1}))
                .hasMessageContaining("not a msgpack");
        var packer = MessagePack.newDefaultBufferPacker();
        packer.packArrayHeader(2).packString("event").packInt(3);
        assertThatThrownBy(() -> BlueskyCodec.decode(packer.toByteArray())).hasMessageContaining("[name, document] pair");
    }
}
