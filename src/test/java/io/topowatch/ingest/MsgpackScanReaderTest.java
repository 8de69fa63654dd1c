package io.topowatch.ingest;

import static io.topowatch.ingest.MsgpackNumpy.f4;
import static io.topowatch.ingest.MsgpackNumpy.f8;
import static io.topowatch.ingest.MsgpackNumpy.f8BigEndian;
import static io.topowatch.ingest.MsgpackNumpy.i4;
import static io.topowatch.ingest.MsgpackNumpy.i8;
import static io.topowatch.ingest.MsgpackNumpy.ndarray;
import static io.topowatch.ingest.SameScan.assertSame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topowatch.sim.DemoScenario;
import io.topowatch.sim.ExperimentGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;

/** The msgpack form of the raw scan record: read as the JSON form is, every failure named by its field. */
class MsgpackScanReaderTest {

    private static final ScanRecord GOOD = DemoScenario.experiment("e", 1).scans(Instant.EPOCH).get(0);
    private static final int N = GOOD.energy().length;

    private static ScanRecord viaJson(ScanRecord s) {
        return ScanDecoder.decode(ScanFormat.JSON.encode(s));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> rejected(byte[] record, String field) {
        return assertThatThrownBy(() -> ScanDecoder.decode(record))
                .isInstanceOf(InvalidRecordException.class)
                .satisfies(e -> assertThat(((InvalidRecordException) e).field()).as(e.getMessage()).isEqualTo(field));
    }

    private static MsgpackRecord.Value nd(String dtype, long[] shape, byte[] data) {
        return p -> ndarray(p, dtype, shape, data);
    }

    @Test
    void simulatedScansReadAsTheirJsonFormReadsThem() {
        List<ScanRecord> scans = new ArrayList<>(DemoScenario.experiment("e", 1).scans(Instant.EPOCH).subList(0, 6));
        // the realistic beamline: fluorescence, varied grids, glitches
        scans.addAll(ExperimentGenerator.generate("x", 7, ExperimentGenerator.Options.defaults())
                .scans(Instant.parse("2026-11-21T10:15:30.123456789Z")).subList(0, 12));
        for (ScanRecord scan : scans) {
            byte[] msgpack = ScanFormat.MSGPACK.encode(scan);
            assertThat(ScanFormat.of(msgpack)).isEqualTo(ScanFormat.MSGPACK);
            assertSame(ScanDecoder.decode(msgpack), viaJson(scan));
        }
    }

    @Test
    void theEncoderWritesEachArrayAsAnNdarrayOfExactlyItsBytes() {
        byte[] msgpack = ScanFormat.MSGPACK.encode(GOOD);
        String text = new String(msgpack, StandardCharsets.ISO_8859_1);
        assertThat(text).contains("<f8");
        int counters = (GOOD.mu() == null ? 0 : 1) + (GOOD.i0() == null ? 0 : 1) + (GOOD.it() == null ? 0 : 1)
                + (GOOD.ifluor() == null ? 0 : 1);
        // the arrays' payload dominates: 8 bytes an energy, 4 (<i4) or 8 a counter, under 100 bytes of framing a field
        assertThat(msgpack.length).isBetween(8 * N + 4 * N * counters, 8 * N * (counters + 1) + 100 * 16);
        assertThat(Arrays.copyOfRange(msgpack, text.indexOf("data") + 7, text.indexOf("data") + 7 + 8 * N))
                .isEqualTo(f8(GOOD.energy()));
    }

    @Test
    void arraysOfMsgpackNumbersOfEveryKindAreRead() {
        double[] i0 = new double[N];
        float[] it = new float[N];
        for (int i = 0; i < N; i++) {
            i0[i] = Math.round(GOOD.i0()[i]);
            it[i] = (float) GOOD.it()[i];
        }
        byte[] record = MsgpackRecord.of(GOOD)
                .put("i0", p -> {
                    p.packArrayHeader(N);
                    for (double x : i0) {
                        p.packLong((long) x); // msgpack's smallest integer format for each
                    }
                })
                .put("it", p -> {
                    p.packArrayHeader(N);
                    for (float x : it) {
                        p.packFloat(x);
                    }
                }).bytes();
        ScanRecord got = ScanDecoder.decode(record);
        assertThat(SameScan.bits(got.energy())).isEqualTo(SameScan.bits(GOOD.energy()));
        assertThat(got.i0()).containsExactly(i0);
        for (int i = 0; i < N; i++) {
            assertThat(Double.doubleToRawLongBits(got.it()[i])).isEqualTo(Double.doubleToRawLongBits(it[i]));
        }
        ScanRecord viaJson = viaJson(new ScanRecord(GOOD.schema(), GOOD.scanId(), GOOD.experiment(), GOOD.sample(),
                GOOD.setpoint(), GOOD.element(), GOOD.edge(), GOOD.control(), GOOD.spaceGroup(),
                GOOD.sampleElements(), GOOD.energy(), null, i0, got.it(), null, GOOD.timestamp()));
        assertSame(got, viaJson);
    }

    @Test
    void ndarraysAsPythonsMsgpackNumpyWritesThemAreRead() {
        long[] i0 = new long[N];
        float[] it = new float[N];
        for (int i = 0; i < N; i++) {
            i0[i] = Math.round(GOOD.i0()[i]);
            it[i] = (float) GOOD.it()[i];
        }
        byte[] record = MsgpackRecord.of(GOOD)
                .put("energy", nd("<f8", new long[] {N}, f8(GOOD.energy())))
                .put("i0", nd("<i8", new long[] {N}, i8(i0)))
                .put("it", nd("<f4", new long[] {N}, f4(it))).bytes();
        ScanRecord got = ScanDecoder.decode(record);
        assertThat(SameScan.bits(got.energy())).isEqualTo(SameScan.bits(GOOD.energy()));
        for (int i = 0; i < N; i++) {
            assertThat(got.i0()[i]).isEqualTo((double) i0[i]);
            assertThat(Double.doubleToRawLongBits(got.it()[i])).isEqualTo(Double.doubleToRawLongBits(it[i]));
        }
    }

    @Test
    void unsignedAndFourByteIntegerDtypesAndAnyKeyOrderAreRead() {
        int[] counts = new int[N];
        long[] big = new long[N];
        for (int i = 0; i < N; i++) {
            counts[i] = (int) Math.round(GOOD.i0()[i]);
            big[i] = counts[i];
        }
        big[0] = -1L; // as <u8: 2^64 - 1
        int[] unsigned = counts.clone();
        unsigned[1] = -2; // as <u4: 2^32 - 2
        byte[] record = MsgpackRecord.of(GOOD)
                .put("i0", nd("<i4", new long[] {N}, i4(counts)))
                .put("it", p -> { // data before shape and type, str keys: order is free
                    p.packMapHeader(4);
                    p.packString("data").packBinaryHeader(8 * N).writePayload(i8(big));
                    p.packString("shape").packArrayHeader(1).packInt(N);
                    p.packString("type").packString("<u8");
                    p.packString("nd").packBoolean(true);
                })
                .put("if", nd("<u4", new long[] {N}, i4(unsigned))).bytes();
        // mu and the counters together fail validation, after the reading this test is about
        ScanRecord read = MsgpackScanReader.read(record);
        assertThat(read.i0()[5]).isEqualTo(counts[5]);
        assertThat(read.it()[0]).isEqualTo(0x1p64); // 2^64 - 1 rounds to 2^64
        assertThat(read.it()[2]).isEqualTo(counts[2]);
        assertThat(read.ifluor()[1]).isEqualTo(4294967294.0);
        assertThat(read.ifluor()[3]).isEqualTo(counts[3]);
        assertThat(NdArray.unsigned(Long.MIN_VALUE + 1)).isEqualTo(0x1p63); // ties and stickies round to nearest
        assertThat(NdArray.unsigned(-1025L)).isEqualTo(new java.math.BigInteger("18446744073709550591").doubleValue());
    }

    @Test
    void theTimestampIsAnIsoStringOrTheMsgpackTimestampExtension() {
        Instant t = Instant.parse("2026-11-21T10:15:30.123456789Z");
        ScanRecord fromExt = ScanDecoder.decode(MsgpackRecord.of(GOOD).put("timestamp", p -> p.packTimestamp(t)).bytes());
        assertThat(fromExt.timestamp()).isEqualTo(t);
        ScanRecord before1970 = ScanDecoder.decode(MsgpackRecord.of(GOOD)
                .put("timestamp", p -> p.packTimestamp(Instant.parse("1969-12-31T23:59:59.5Z"))).bytes());
        assertThat(before1970.timestamp()).isEqualTo(Instant.parse("1969-12-31T23:59:59.5Z"));
        for (String text : List.of("2026-11-21T10:15:30.5Z", "2026-11-21T10:15:30+02:00")) {
            ScanRecord fromText = ScanDecoder.decode(MsgpackRecord.of(GOOD).put("timestamp", p -> p.packString(text))
                    .bytes());
            String json = new String(ScanFormat.JSON.encode(GOOD), StandardCharsets.UTF_8)
                    .replaceFirst("\"timestamp\":\"[^\"]+\"", "\"timestamp\":\"" + text + "\"");
            assertThat(fromText.timestamp()).isEqualTo(ScanDecoder.decode(json.getBytes(StandardCharsets.UTF_8))
                    .timestamp());
        }
        rejected(MsgpackRecord.of(GOOD).put("timestamp", p -> p.packString("yesterday")).bytes(), "timestamp")
                .hasMessageContaining("ISO-8601").hasMessageContaining("yesterday");
        rejected(MsgpackRecord.of(GOOD).put("timestamp", p -> p.packExtensionTypeHeader((byte) 5, 4)
                .writePayload(new byte[4])).bytes(), "timestamp").hasMessageContaining("extension type 5");
        rejected(MsgpackRecord.of(GOOD).put("timestamp", p -> p.packLong(1_700_000_000L)).bytes(), "timestamp")
                .hasMessageContaining("got an integer");
    }

    @Test
    void nilIsAnAbsentFieldAsJsonNullIs() {
        assertThat(ScanDecoder.decode(MsgpackRecord.of(GOOD).put("timestamp", p -> p.packNil()).bytes()).timestamp())
                .isNull();
        rejected(MsgpackRecord.of(GOOD).put("scanId", p -> p.packNil()).bytes(), "scanId")
                .hasMessageContaining("non-empty string");
        rejected(MsgpackRecord.of(GOOD).put("energy", p -> p.packArrayHeader(2).packDouble(1).packNil()).bytes(),
                "energy[1]").hasMessageContaining("expected a number, got nil");
    }

    @Test
    void wrongTypesAreNamedWithWhatWasExpected() {
        rejected(MsgpackRecord.of(GOOD).put("setpoint", p -> p.packString("3")).bytes(), "setpoint")
                .hasMessageContaining("expected an integer, got a string");
        rejected(MsgpackRecord.of(GOOD).put("setpoint", p -> p.packDouble(3.0)).bytes(), "setpoint")
                .hasMessageContaining("expected an integer, got a float");
        rejected(MsgpackRecord.of(GOOD).put("spaceGroup", p -> p.packLong(1L << 40)).bytes(), "spaceGroup")
                .hasMessageContaining("int range");
        rejected(MsgpackRecord.of(GOOD).put("element", p -> p.packInt(29)).bytes(), "element")
                .hasMessageContaining("expected a string, got an integer");
        rejected(MsgpackRecord.of(GOOD).put("control", p -> p.packArrayHeader(0)).bytes(), "control")
                .hasMessageContaining("expected a map");
        rejected(MsgpackRecord.of(GOOD).put("control", p -> p.packMapHeader(1).packString("field_T").packString("1"))
                .bytes(), "control.field_T").hasMessageContaining("expected a number, got a string");
        rejected(MsgpackRecord.of(GOOD).put("control", p -> p.packMapHeader(1).packInt(1).packDouble(1)).bytes(),
                "control").hasMessageContaining("expected string keys");
        rejected(MsgpackRecord.of(GOOD).put("sampleElements", p -> p.packArrayHeader(1).packInt(29)).bytes(),
                "sampleElements[0]").hasMessageContaining("expected a string");
        rejected(MsgpackRecord.of(GOOD).put("energy", p -> p.packString("8979")).bytes(), "energy")
                .hasMessageContaining("expected an array of numbers or a msgpack-numpy ndarray");
        rejected(MsgpackRecord.of(GOOD).put("energy", p -> p.packArrayHeader(3).packDouble(1).packDouble(2)
                .packString("x")).bytes(), "energy[2]").hasMessageContaining("expected a number, got a string");
        rejected(MsgpackRecord.of(GOOD).put("sample", p -> p.packRawStringHeader(2).writePayload(new byte[] {'a',
                (byte) 0xff})).bytes(), "sample").hasMessageContaining("UTF-8");
    }

    @Test
    void unknownAndRepeatedKeysAreRefusedAsInJson() throws Exception {
        rejected(MsgpackRecord.of(GOOD).append("fieldStrength", p -> p.packInt(3)).bytes(), "fieldStrength")
                .hasMessageContaining("unknown field \"fieldStrength\"").hasMessageContaining("sampleElements");
        rejected(MsgpackRecord.of(GOOD).append("scanId", p -> p.packString("x")).bytes(), "scanId")
                .hasMessageContaining("repeated");
        rejected(MsgpackRecord.of(GOOD).put("control", p -> p.packMapHeader(2).packString("field_T").packDouble(1)
                .packString("field_T").packDouble(2)).bytes(), "control.field_T").hasMessageContaining("repeated");
        rejected(binKeyRecord(), "$").hasMessageContaining("expected string keys, got bin");
    }

    /** A record whose first key is bin (a JSON object has no such key). */
    private static byte[] binKeyRecord() throws Exception {
        var p = MessagePack.newDefaultBufferPacker();
        p.packMapHeader(1);
        MsgpackNumpy.bin(p, "schema").packString(ScanRecord.SCHEMA);
        return p.toByteArray();
    }

    @Test
    void malformedNdarraysAreNamedByTheirKey() {
        byte[] data = f8(GOOD.energy());
        long[] n = {N};
        rejected(MsgpackRecord.of(GOOD).put("energy", nd(">f8", n, f8BigEndian(GOOD.energy()))).bytes(),
                "energy.type").hasMessageContaining("big-endian").hasMessageContaining("<f8");
        rejected(MsgpackRecord.of(GOOD).put("energy", nd("<c16", n, data)).bytes(), "energy.type")
                .hasMessageContaining("expected a little-endian numeric dtype").hasMessageContaining("\"<c16\"");
        rejected(MsgpackRecord.of(GOOD).put("energy", nd("<f8", new long[] {2, N / 2}, Arrays.copyOf(data, 8 * 2 * (N / 2))))
                .bytes(), "energy.shape").hasMessageContaining("1-D").hasMessageContaining("[2, " + N / 2 + "]");
        rejected(MsgpackRecord.of(GOOD).put("energy", nd("<f8", new long[] {N + 1}, data)).bytes(), "energy.data")
                .hasMessageContaining("expected " + (N + 1) + " × 8 = " + 8 * (N + 1) + " bytes")
                .hasMessageContaining("got " + 8 * N);
        rejected(MsgpackRecord.of(GOOD).put("energy", nd("<f4", n, data)).bytes(), "energy.data")
                .hasMessageContaining("got " + 8 * N);
        rejected(MsgpackRecord.of(GOOD).put("energy", p -> MsgpackNumpy.scalar(p, "<f8", f8(1.0))).bytes(),
                "energy.shape").hasMessageContaining("numpy scalar");
        rejected(MsgpackRecord.of(GOOD).put("energy", p -> {
            p.packMapHeader(4);
            p.packString("nd").packBoolean(true);
            p.packString("type").packString("<f8");
            p.packString("shape").packArrayHeader(1).packInt(N);
            p.packString("order").packString("C");
        }).bytes(), "energy.order").hasMessageContaining("unknown ndarray key");
        rejected(MsgpackRecord.of(GOOD).put("energy", p -> {
            p.packMapHeader(3);
            p.packString("nd").packBoolean(true);
            p.packString("type").packString("<f8");
            p.packString("shape").packArrayHeader(1).packInt(N);
        }).bytes(), "energy.data").hasMessageContaining("missing");
        rejected(MsgpackRecord.of(GOOD).put("energy", p -> {
            p.packMapHeader(2);
            p.packString("type").packString("<f8");
            p.packString("data").packBinaryHeader(0);
        }).bytes(), "energy.nd").hasMessageContaining("missing");
        rejected(MsgpackRecord.of(GOOD).put("energy", p -> {
            p.packMapHeader(2);
            p.packString("nd").packBoolean(true);
            p.packString("nd").packBoolean(true);
        }).bytes(), "energy.nd").hasMessageContaining("repeated");
        rejected(MsgpackRecord.of(GOOD).put("energy", p -> {
            p.packMapHeader(4);
            p.packString("nd").packBoolean(true);
            p.packString("type").packString("<f8");
            p.packString("shape").packArrayHeader(1).packDouble(N);
            p.packString("data").packBinaryHeader(0);
        }).bytes(), "energy.shape").hasMessageContaining("non-negative integer dimensions");
        rejected(MsgpackRecord.of(GOOD).put("energy", p -> {
            p.packMapHeader(4);
            p.packString("nd").packBoolean(true);
            p.packString("type").packString("<f8");
            p.packString("shape").packArrayHeader(1).packInt(N);
            p.packString("data").packArrayHeader(0);
        }).bytes(), "energy.data").hasMessageContaining("expected the elements as bin");
        rejected(MsgpackRecord.of(GOOD).put("energy", p -> p.packMapHeader(0)).bytes(), "energy")
                .hasMessageContaining("empty map");
    }

    @Test
    void everyTruncationIsRefusedWithAFieldAndTrailingBytesToo() {
        byte[] whole = ScanFormat.MSGPACK.encode(GOOD);
        String text = new String(whole, StandardCharsets.ISO_8859_1);
        int insideEnergyData = text.indexOf("data") + 5 + 100;
        rejected(Arrays.copyOf(whole, insideEnergyData), "energy.data").hasMessageContaining("truncated");
        rejected(Arrays.copyOf(whole, whole.length - 1), "timestamp").hasMessageContaining("truncated");
        for (int length = 1; length < whole.length; length++) {
            byte[] cut = Arrays.copyOf(whole, length);
            assertThatThrownBy(() -> ScanDecoder.decode(cut)).as("cut at %d", length)
                    .isInstanceOf(InvalidRecordException.class).hasMessageContaining("truncated");
        }
        byte[] trailing = Arrays.copyOf(whole, whole.length + 1);
        trailing[whole.length] = (byte) 0xc0;
        rejected(trailing, "$").hasMessageContaining("1 trailing bytes");
    }

    @Test
    void theFirstByteTellsMsgpackFromJson() {
        byte[] json = ScanFormat.JSON.encode(GOOD);
        assertThat(ScanFormat.of(json)).isEqualTo(ScanFormat.JSON);
        byte[] spaced = ("\n\t " + new String(json, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        assertThat(ScanFormat.of(spaced)).isEqualTo(ScanFormat.JSON);
        assertSame(ScanDecoder.decode(spaced), ScanDecoder.decode(json));
        for (int b = 0x80; b <= 0x8f; b++) {
            assertThat(ScanFormat.of(new byte[] {(byte) b})).isEqualTo(ScanFormat.MSGPACK);
        }
        assertThat(ScanFormat.of(new byte[] {(byte) 0xde, 0, 16})).isEqualTo(ScanFormat.MSGPACK);
        assertThat(ScanFormat.of(new byte[] {(byte) 0xdf, 0, 0, 0, 16})).isEqualTo(ScanFormat.MSGPACK);
        for (int b : new int[] {'{', '[', 'n', ' ', 0xef, 0x90, 0x9f, 0xdc, 0xdd, 0xc0}) {
            assertThat(ScanFormat.of(new byte[] {(byte) b})).as("0x%x", b).isEqualTo(ScanFormat.JSON);
        }
        // all sixteen fields make a map16: read as msgpack, then refused by validation (mu and counters)
        ScanRecord all = new ScanRecord(GOOD.schema(), GOOD.scanId(), GOOD.experiment(), GOOD.sample(),
                GOOD.setpoint(), GOOD.element(), GOOD.edge(), GOOD.control(), GOOD.spaceGroup(),
                GOOD.sampleElements(), GOOD.energy(), GOOD.energy(), GOOD.i0(), GOOD.it(), GOOD.it(), GOOD.timestamp());
        byte[] map16 = ScanFormat.MSGPACK.encode(all);
        assertThat(map16[0]).isEqualTo((byte) 0xde);
        rejected(map16, "mu").hasMessageContaining("not both");
        // a msgpack array is no record: the JSON path words it, as before
        assertThatThrownBy(() -> ScanDecoder.decode(new byte[] {(byte) 0x91, 0x01})).hasMessageContaining("not valid JSON");
    }

    @Test
    void formatNamesParseInAnyCase() {
        assertThat(ScanFormat.parse("MsgPack")).isEqualTo(ScanFormat.MSGPACK);
        assertThat(ScanFormat.parse("json")).isEqualTo(ScanFormat.JSON);
        assertThatThrownBy(() -> ScanFormat.parse("xml")).hasMessageContaining("expected json or msgpack, got 'xml'");
    }
}
