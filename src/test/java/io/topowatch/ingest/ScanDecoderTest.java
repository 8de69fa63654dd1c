package io.topowatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topowatch.sim.DemoScenario;
import io.topowatch.stream.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScanDecoderTest {

    private static final ScanRecord GOOD = DemoScenario.experiment("e", 1).scans(Instant.EPOCH).get(0);

    private static byte[] json(ScanRecord s) {
        return Json.write(s).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSimulatedScanRoundTrips() {
        ScanRecord back = ScanDecoder.decode(json(GOOD));
        assertThat(back.scanId()).isEqualTo(GOOD.scanId());
        assertThat(back.energy()).containsExactly(GOOD.energy());
        assertThat(back.it()).containsExactly(GOOD.it());
    }

    @Test
    void unknownFieldsAreNamed() {
        String text = Json.write(GOOD).replaceFirst("\\{", "{\"fieldStrength\": 3,");
        assertThatThrownBy(() -> ScanDecoder.decode(text.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("fieldStrength");
    }

    @Test
    void mismatchedArrayLengthsAreReported() {
        double[] shortIt = java.util.Arrays.copyOf(GOOD.it(), 10);
        ScanRecord bad = new ScanRecord(GOOD.schema(), GOOD.scanId(), GOOD.experiment(), GOOD.sample(), GOOD.setpoint(),
                GOOD.element(), GOOD.edge(), GOOD.control(), GOOD.spaceGroup(), GOOD.sampleElements(), GOOD.energy(),
                null, GOOD.i0(), shortIt, null, GOOD.timestamp());
        assertThatThrownBy(() -> ScanDecoder.decode(json(bad)))
                .isInstanceOf(InvalidRecordException.class)
                .satisfies(e -> assertThat(((InvalidRecordException) e).field()).isEqualTo("it"))
                .hasMessageContaining("expected " + GOOD.energy().length + " values");
    }

    @Test
    void aScanThatMissesTheElementWindowIsRejected() {
        double[] shifted = GOOD.energy().clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] -= 500;
        }
        ScanRecord bad = new ScanRecord(GOOD.schema(), GOOD.scanId(), GOOD.experiment(), GOOD.sample(), GOOD.setpoint(),
                GOOD.element(), GOOD.edge(), GOOD.control(), GOOD.spaceGroup(), GOOD.sampleElements(), shifted,
                null, GOOD.i0(), GOOD.it(), null, GOOD.timestamp());
        assertThatThrownBy(() -> ScanDecoder.decode(json(bad))).hasMessageContaining("K-edge window");
    }

    @Test
    void theWindowCheckDoesNotDependOnTheScansOrder() {
        // ascending scans are judged by their ends; descending or shuffled ones by their full range
        double[] descending = reversed(GOOD.energy());
        assertThat(ScanDecoder.decode(json(withEnergy(descending, reversed(GOOD.i0()), reversed(GOOD.it())))).energy())
                .containsExactly(descending);
        double[] shiftedDown = descending.clone();
        for (int i = 0; i < shiftedDown.length; i++) {
            shiftedDown[i] -= 500;
        }
        assertThatThrownBy(() -> ScanDecoder.decode(json(withEnergy(shiftedDown, reversed(GOOD.i0()),
                reversed(GOOD.it()))))).hasMessageContaining("K-edge window");
    }

    private static double[] reversed(double[] a) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[a.length - 1 - i];
        }
        return r;
    }

    private static ScanRecord withEnergy(double[] energy, double[] i0, double[] it) {
        return new ScanRecord(GOOD.schema(), GOOD.scanId(), GOOD.experiment(), GOOD.sample(), GOOD.setpoint(),
                GOOD.element(), GOOD.edge(), GOOD.control(), GOOD.spaceGroup(), GOOD.sampleElements(), energy,
                null, i0, it, null, GOOD.timestamp());
    }

    @Test
    void truncatedJsonIsASyntaxErrorWithItsPosition() {
        assertThatThrownBy(() -> ScanDecoder.decode("{\"schema\": \"topowatch.scan/1\", \"energy\": [1, 2,"
                .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not valid JSON").hasMessageContaining("line 1");
    }

    @Test
    void aWrongTypeInAnArrayNamesTheElement() {
        String text = Json.write(GOOD).replaceFirst("\"energy\":\\[([^,]+),([^,]+),", "\"energy\":[$1,$2,\"x\",");
        assertThatThrownBy(() -> ScanDecoder.decode(text.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidRecordException.class)
                .satisfies(e -> assertThat(((InvalidRecordException) e).field()).isEqualTo("energy[2]"));
    }

    @Test
    void emptyAndNonJsonRecordsAreRejectedClearly() {
        assertThatThrownBy(() -> ScanDecoder.decode(new byte[0])).hasMessageContaining("empty record");
        assertThatThrownBy(() -> ScanDecoder.decode("hello".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> ScanDecoder.decode("null".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("null record");
    }
}
