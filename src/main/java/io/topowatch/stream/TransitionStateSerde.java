package io.topowatch.stream;

import io.topowatch.alert.Observation;
import io.topowatch.alert.TransitionAlert;
import io.topowatch.alert.TransitionState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * The detector store's encoding of a {@link TransitionState}: msgpack, the observations as compact arrays. The
 * state is read and rewritten for every scored sample and holds the sample's whole sweep; as JSON it was a
 * tenth of the stream thread at 2,000 scans/s (JFR). The last alert, rare and rich, stays JSON inside.
 *
 * <p>Layout after the version: {@code experiment, sample, [observation…], segmentFrom|nil, lastAlertJson|nil,
 * alertsRaised}, an observation {@code [setpoint, {control}, probability, uncertainty, modelVersion|nil,
 * [scanIds], epochSecond|nil, nano]}.
 */
final class TransitionStateSerde extends MsgpackStoreSerde<TransitionState> {

    private static final Serde<TransitionAlert> ALERT = Json.serde(TransitionAlert.class);

    TransitionStateSerde() {
        super(TransitionState.class, "detector state", 6);
    }

    @Override
    void writeFields(MessagePacker p, TransitionState s) throws IOException {
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
            packStringOrNil(p, o.modelVersion());
            p.packArrayHeader(o.scanIds().size());
            for (String id : o.scanIds()) {
                p.packString(id);
            }
            packInstant(p, o.timestamp());
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
    }

    @Override
    TransitionState readFields(MessageUnpacker u) throws IOException {
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
            observations.add(new Observation(setpoint, control, probability, uncertainty, modelVersion, scanIds,
                    unpackInstant(u)));
        }
        Double segmentFrom = u.tryUnpackNil() ? null : u.unpackDouble();
        TransitionAlert lastAlert = u.tryUnpackNil() ? null
                : ALERT.deserializer().deserialize(null, u.readPayload(u.unpackBinaryHeader()));
        int alertsRaised = u.unpackInt();
        return new TransitionState(experiment, sample, observations, segmentFrom, lastAlert, alertsRaised);
    }
}
