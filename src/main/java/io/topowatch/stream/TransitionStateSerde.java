package io.topowatch.stream;

import io.topowatch.alert.Observation;
import io.topowatch.alert.TransitionAlert;
import io.topowatch.alert.TransitionState;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * The detector store's encoding of a {@link TransitionState}: msgpack, the observations as compact arrays. The
 * state is read and rewritten for every scored sample and holds the sample's whole sweep; as JSON it was a
 * tenth of the stream thread at 2,000 scans/s (JFR). The last alert, rare and rich, stays JSON inside.
 * Values written as JSON by earlier versions (first byte {@code {}) are still read.
 *
 * <p>Layout: {@code [1, experiment, sample, [observation…], segmentFrom|nil, lastAlertJson|nil, alertsRaised]},
 * an observation {@code [setpoint, {control}, probability, uncertainty, modelVersion|nil, [scanIds],
 * epochSecond|nil, nano]}.
 */
final class TransitionStateSerde implements Serde<TransitionState> {

    private static final int VERSION = 1;
    private static final int FIELDS = 7;
    private static final Serde<TransitionState> JSON = Json.serde(TransitionState.class);
    private static final Serde<TransitionAlert> ALERT = Json.serde(TransitionAlert.class);

    @Override
    public Serializer<TransitionState> serializer() {
        return (topic, state) -> state == null ? null : write(state);
    }

    @Override
    public Deserializer<TransitionState> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == '{') {
                return JSON.deserializer().deserialize(topic, bytes);
            }
            return read(bytes);
        };
    }

    static byte[] write(TransitionState s) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(FIELDS);
            p.packInt(VERSION);
            p.packString(s.experiment());
            p.packString(s.sample());
            p.packArrayHeader(s.observations().size());
            for (Observation o : s.observations()) {
                p.packArrayHeader(8);
                p.packInt(o.setpoint());
                p.packMapHeader(o.control().size());
                for (Map.Entry<String, Double> c : o.control().entrySet()) {
                    p.packString(c.getKey());
                    p.packDouble(c.getValue());
                }
                p.packDouble(o.probability());
                p.packDouble(o.uncertainty());
                stringOrNil(p, o.modelVersion());
                p.packArrayHeader(o.scanIds().size());
                for (String id : o.scanIds()) {
                    p.packString(id);
                }
                if (o.timestamp() == null) {
                    p.packNil();
                    p.packInt(0);
                } else {
                    p.packLong(o.timestamp().getEpochSecond());
                    p.packInt(o.timestamp().getNano());
                }
            }
            if (s.segmentFrom() == null) {
                p.packNil();
            } else {
                p.packDouble(s.segmentFrom());
            }
            if (s.lastAlert() == null) {
                p.packNil();
            } else {
                byte[] alert = ALERT.serializer().serialize(null, s.lastAlert());
                p.packBinaryHeader(alert.length);
                p.writePayload(alert);
            }
            p.packInt(s.alertsRaised());
            return p.toByteArray();
        } catch (IOException e) {
            throw new SerializationException("cannot write detector state of " + s.experiment() + "/" + s.sample(), e);
        }
    }

    static TransitionState read(byte[] bytes) {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
            int fields = u.unpackArrayHeader();
            int version = u.unpackInt();
            if (fields != FIELDS || version != VERSION) {
                throw new SerializationException("detector state: unknown layout (version " + version + ", "
                        + fields + " fields)");
            }
            String experiment = u.unpackString();
            String sample = u.unpackString();
            int n = u.unpackArrayHeader();
            List<Observation> observations = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                u.unpackArrayHeader();
                int setpoint = u.unpackInt();
                int nControl = u.unpackMapHeader();
                Map<String, Double> control = new HashMap<>();
                for (int c = 0; c < nControl; c++) {
                    control.put(u.unpackString(), u.unpackDouble());
                }
                double probability = u.unpackDouble();
                double uncertainty = u.unpackDouble();
                String modelVersion = u.tryUnpackNil() ? null : u.unpackString();
                int nIds = u.unpackArrayHeader();
                List<String> scanIds = new ArrayList<>(nIds);
                for (int k = 0; k < nIds; k++) {
                    scanIds.add(u.unpackString());
                }
                Instant timestamp = null;
                if (u.tryUnpackNil()) {
                    u.unpackInt();
                } else {
                    long second = u.unpackLong();
                    timestamp = Instant.ofEpochSecond(second, u.unpackInt());
                }
                observations.add(new Observation(setpoint, control, probability, uncertainty, modelVersion, scanIds,
                        timestamp));
            }
            Double segmentFrom = u.tryUnpackNil() ? null : u.unpackDouble();
            TransitionAlert lastAlert = u.tryUnpackNil() ? null
                    : ALERT.deserializer().deserialize(null, u.readPayload(u.unpackBinaryHeader()));
            int alertsRaised = u.unpackInt();
            return new TransitionState(experiment, sample, observations, segmentFrom, lastAlert, alertsRaised);
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException se) {
                throw se;
            }
            throw new SerializationException("cannot read detector state: " + e.getMessage(), e);
        }
    }

    private static void stringOrNil(MessageBufferPacker p, String s) throws IOException {
        if (s == null) {
            p.packNil();
        } else {
            p.packString(s);
        }
    }
}
