package io.topowatch.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SampleAssemblySerdeTest {

    private final SampleAssemblySerde serde = new SampleAssemblySerde();

    private static float[] window(float seed) {
        float[] v = new float[200];
        for (int i = 0; i < v.length; i++) {
            v[i] = seed * i - 1.5e-7f * i * i;
        }
        v[7] = Float.MIN_VALUE;
        v[8] = -0.0f;
        return v;
    }

    private static SampleAssembly assembly(Map<String, Double> control, Instant scanTime) {
        Map<String, SampleAssembly.ElementScan> scans = new TreeMap<>();
        scans.put("Te", new SampleAssembly.ElementScan("scan-te-1", scanTime, window(0.013f)));
        scans.put("Ge", new SampleAssembly.ElementScan("scan-ge-1", Instant.parse("2026-11-21T10:00:00.123456789Z"),
                window(-0.7f)));
        return new SampleAssembly("exp-1", "GeTe", 12, control, 160, List.of("Ge", "Te", "Bi"), scans,
                1_763_719_200_123L, 1_763_719_200_456L);
    }

    private SampleAssembly roundTrip(SampleAssembly a) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", a));
    }

    private static void assertSame(SampleAssembly actual, SampleAssembly expected) {
        assertThat(actual).usingRecursiveComparison().ignoringFields("scans").isEqualTo(expected);
        assertThat(actual.scans().keySet()).containsExactlyElementsOf(expected.scans().keySet());
        expected.scans().forEach((element, scan) -> {
            SampleAssembly.ElementScan got = actual.scans().get(element);
            assertThat(got.scanId()).isEqualTo(scan.scanId());
            assertThat(got.scanTime()).isEqualTo(scan.scanTime());
            assertThat(Arrays.equals(got.values(), scan.values())).as(element + " window bits").isTrue();
        });
    }

    @Test
    void roundTripsEveryFieldAndEveryFloatBit() {
        SampleAssembly a = assembly(Map.of("field_T", 4.25, "temperature_K", 10.0), Instant.parse("2026-01-02T03:04:05Z"));
        assertSame(roundTrip(a), a);
    }

    @Test
    void roundTripsAbsentControlAndScanTime() {
        SampleAssembly a = assembly(null, null);
        assertSame(roundTrip(a), a);
    }

    @Test
    void isFarSmallerThanJson() {
        SampleAssembly a = assembly(Map.of("field_T", 4.25), Instant.now());
        int binary = serde.serializer().serialize("t", a).length;
        int json = Json.write(a).getBytes(StandardCharsets.UTF_8).length;
        assertThat(binary).isLessThan(json / 2);
    }

    @Test
    void readsAssembliesWrittenAsJsonByEarlierVersions() {
        SampleAssembly a = assembly(Map.of("field_T", 1.0), Instant.parse("2026-01-02T03:04:05Z"));
        assertSame(serde.deserializer().deserialize("t", Json.write(a).getBytes(StandardCharsets.UTF_8)), a);
    }

    @Test
    void rejectsTruncatedOrUnknownBytesWithAReason() {
        byte[] bytes = serde.serializer().serialize("t", assembly(null, null));
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(bytes, bytes.length / 2)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("cannot read sample assembly");
        byte[] otherVersion = bytes.clone();
        otherVersion[1] = 2;
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", otherVersion))
                .isInstanceOf(SerializationException.class).hasMessageContaining("version 2");
    }
}
