package io.topowatch.ingest;

import static io.topowatch.ingest.SameScan.assertSame;
import static org.assertj.core.api.Assertions.assertThat;

import io.topowatch.sim.DemoScenario;
import io.topowatch.stream.Topics;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Both encodings of a record decode to the same record, to the bit. */
class ScanFormatTest {

    private static final List<ScanRecord> BASES = DemoScenario.experiment("p", 3).scans(Instant.EPOCH).subList(0, 6);

    /**
     * Any valid record (random strings, controls, timestamps to the nanosecond, arrays of any finite doubles
     * around a real scan's grid, mu or counters) reads the same from msgpack as from JSON.
     */
    @Property(tries = 300, edgeCases = EdgeCasesMode.MIXIN)
    void msgpackAndJsonDecodeToTheSameRecord(@ForAll("scans") ScanRecord scan) {
        ScanRecord fromJson = ScanDecoder.decode(ScanFormat.JSON.encode(scan));
        ScanRecord fromMsgpack = ScanDecoder.decode(ScanFormat.MSGPACK.encode(scan));
        assertSame(fromMsgpack, fromJson);
        assertThat(SameScan.bits(fromMsgpack.absorption())).isEqualTo(SameScan.bits(scan.absorption()));
    }

    @Provide
    Arbitrary<ScanRecord> scans() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange('\u0000', '\uD7FF').ofMaxLength(12)
                .map(s -> "s" + s);
        Arbitrary<Map<String, Double>> control = Arbitraries.maps(
                Arbitraries.of(ScanRecord.FIELD_T, ScanRecord.STRAIN_PCT, ScanRecord.TEMPERATURE_K, "x"),
                Arbitraries.doubles()).ofMinSize(1).map(LinkedHashMap::new);
        Arbitrary<Instant> timestamp = Arbitraries.longs().between(-62_135_596_800L, 253_402_300_799L)
                .flatMap(s -> Arbitraries.integers().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n)));
        Arbitrary<ScanRecord> base = Arbitraries.of(BASES);
        Arbitrary<Long> seed = Arbitraries.longs();
        Arbitrary<Boolean> counters = Arbitraries.of(true, false);
        return Combinators.combine(base, text, text, control, timestamp, seed, counters,
                Arbitraries.integers().between(0, Integer.MAX_VALUE)).as((b, id, sample, c, t, s, useCounters, setpoint) -> {
                    java.util.SplittableRandom r = new java.util.SplittableRandom(s);
                    int n = b.energy().length;
                    double[] energy = new double[n];
                    double[] a = new double[n];
                    double[] i0 = new double[n];
                    for (int i = 0; i < n; i++) {
                        energy[i] = b.energy()[i] + (r.nextDouble() - 0.5); // full 53-bit mantissas
                        a[i] = anyFinite(r);
                        i0[i] = Math.abs(anyFinite(r)) + Double.MIN_VALUE; // positive: subnormals to huge
                    }
                    return new ScanRecord(ScanRecord.SCHEMA, id, "e", sample, setpoint, b.element(), b.edge(), c,
                            b.spaceGroup(), b.sampleElements(), energy, useCounters ? null : a,
                            useCounters ? i0 : null, null, useCounters ? a : null, t);
                });
    }

    /** A finite double drawn over all exponents (and zeros of both signs), not only near 1. */
    private static double anyFinite(java.util.SplittableRandom r) {
        double d;
        do {
            d = Double.longBitsToDouble(r.nextLong());
        } while (!Double.isFinite(d));
        return r.nextInt(50) == 0 ? (r.nextBoolean() ? 0.0 : -0.0) : d;
    }

    @Test
    void countersOfWholeNumbersTravelAsInt32AndDecodeToTheSameNumbers() {
        ScanRecord counters = DemoScenario.experiment("p", 3).scans(Instant.EPOCH).stream()
                .filter(s -> s.i0() != null).findFirst().orElseThrow();
        byte[] bytes = ScanFormat.MSGPACK.encode(counters);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(text).contains("<i4").contains("<f8"); // counts as int32, energies as float64
        assertSame(ScanDecoder.decode(bytes), counters);
        double[] fractional = counters.i0().clone();
        fractional[3] += 0.5;
        ScanRecord notCounts = new ScanRecord(counters.schema(), counters.scanId(), counters.experiment(),
                counters.sample(), counters.setpoint(), counters.element(), counters.edge(), counters.control(),
                counters.spaceGroup(), counters.sampleElements(), counters.energy(), null, fractional, counters.it(),
                counters.ifluor(), counters.timestamp());
        assertThat(ScanDecoder.decode(ScanFormat.MSGPACK.encode(notCounts)).i0()).containsExactly(fractional);
    }

    @Test
    void theProducerRecordCarriesTheChosenEncodingKeyedBySample() {
        ScanRecord scan = BASES.get(0);
        ProducerRecord<String, byte[]> msgpack = RawScanProducer.record(scan, 1234L, ScanFormat.MSGPACK);
        assertThat(msgpack.topic()).isEqualTo(Topics.RAW_SCANS.name());
        assertThat(msgpack.key()).isEqualTo(Topics.sampleKey(scan.experiment(), scan.sample()));
        assertThat(msgpack.timestamp()).isEqualTo(1234L);
        assertThat(msgpack.value()).isEqualTo(ScanFormat.MSGPACK.encode(scan));
        assertThat(RawScanProducer.record(scan, 1234L).value()).isEqualTo(ScanFormat.JSON.encode(scan));
        assertThat(RawScanProducer.record(scan).value()).isEqualTo(ScanFormat.JSON.encode(scan));
        assertThat(RawScanProducer.record(scan, ScanFormat.MSGPACK).timestamp()).isNull();
        assertSame(ScanDecoder.decode(msgpack.value()), ScanDecoder.decode(RawScanProducer.record(scan).value()));
    }
}
