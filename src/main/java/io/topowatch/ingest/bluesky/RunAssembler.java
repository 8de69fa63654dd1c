package io.topowatch.ingest.bluesky;

import io.topowatch.ingest.InvalidRecordException;
import io.topowatch.ingest.ScanRecord;
import io.topowatch.ingest.ScanValidator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Turns the documents of Bluesky runs into TopoWatch scan records: one run (start, descriptors, events or event
 * pages, stop) is one XANES scan. Pure logic over a {@link Store}; the stream keeps the store in Kafka Streams
 * state stores, tests in a map.
 *
 * <ul>
 *   <li>start: the scan metadata is read at once ({@link RunMetadata}); a start without it is rejected, and the
 *       run's later documents are dropped quietly, so one bad start gives one dead letter.</li>
 *   <li>descriptor: its stream name and data-key units are kept; only the {@code primary} stream's events make
 *       the scan (baseline and monitor streams are ignored).</li>
 *   <li>event and event_page: each event's numeric data, a value or a whole array per key. Events are found
 *       to their run through their descriptor; an event whose descriptor has not arrived yet is kept when its
 *       Kafka key is its run's start uid (as {@code simulate --bluesky} keys them) and used if the descriptor
 *       comes before the stop, else rejected.</li>
 *   <li>stop: with {@code exit_status} "success" the primary events, in {@code seq_num} order, give the
 *       columns: energy ({@code energy}, {@code energy_eV}, {@code mono_energy}, {@code dcm_energy}; keV when the
 *       descriptor says so) and either {@code mu} ({@code mutrans}, {@code mufluor}, {@code xmu}) or counters
 *       I0 ({@code i0}) with It ({@code itrans}, {@code i1}) and/or If ({@code ifluor}, {@code fluor}), matched
 *       case-insensitively. The record is checked like any raw scan ({@link ScanValidator}). Any other exit
 *       status (abort, fail), fewer events than the stop's {@code num_events}, or a bad record rejects the run.</li>
 *   <li>resource, datum, datum_page: ignored; externally stored data cannot be read here.</li>
 * </ul>
 */
public final class RunAssembler {

    /** Where runs in progress are kept between documents. */
    public interface Store {
        RunState run(String startUid);

        void putRun(RunState run);

        void removeRun(String startUid);

        /** The run start uid of a descriptor, or null. */
        String runOfDescriptor(String descriptorUid);

        void putDescriptor(String descriptorUid, String startUid);

        void removeDescriptor(String descriptorUid);

        /** A store from the get/put/remove operations of two key-value tables (runs, descriptor → run). */
        static Store of(Function<String, RunState> getRun, BiConsumer<String, RunState> putRun,
                Consumer<String> removeRun, Function<String, String> getDescriptor,
                BiConsumer<String, String> putDescriptor, Consumer<String> removeDescriptor) {
            return new Store() {
                @Override
                public RunState run(String startUid) {
                    return getRun.apply(startUid);
                }

                @Override
                public void putRun(RunState run) {
                    putRun.accept(run.startUid(), run);
                }

                @Override
                public void removeRun(String startUid) {
                    removeRun.accept(startUid);
                }

                @Override
                public String runOfDescriptor(String descriptorUid) {
                    return getDescriptor.apply(descriptorUid);
                }

                @Override
                public void putDescriptor(String descriptorUid, String startUid) {
                    putDescriptor.accept(descriptorUid, startUid);
                }

                @Override
                public void removeDescriptor(String descriptorUid) {
                    removeDescriptor.accept(descriptorUid);
                }
            };
        }
    }

    /** What one document did. */
    public sealed interface Step {
        /** The document was taken into a run in progress. */
        record Pending(String startUid) implements Step {}

        /** The document completed a run: here is its scan. */
        record Completed(String startUid, ScanRecord scan) implements Step {}

        /** The document (or the run it completes) cannot be used: {@code error} names the field and why. */
        record Rejected(String startUid, InvalidRecordException error) implements Step {}

        /** The document needs no action (a resource or datum, or a document of a rejected run). */
        record Ignored(String startUid, String why) implements Step {}
    }

    /** The stream whose events make the scan. */
    public static final String PRIMARY = "primary";

    static final List<String> ENERGY_KEYS = List.of("energy", "energy_ev", "mono_energy", "dcm_energy");
    static final List<String> MU_KEYS = List.of("mu", "mutrans", "mufluor", "xmu");
    static final List<String> I0_KEYS = List.of("i0");
    static final List<String> IT_KEYS = List.of("it", "itrans", "i1");
    static final List<String> IF_KEYS = List.of("if", "ifluor", "fluor");

    private final Store store;

    public RunAssembler(Store store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** An assembler over an in-memory store (tests, tools). */
    public static RunAssembler inMemory() {
        Map<String, RunState> runs = new HashMap<>();
        Map<String, String> descriptors = new HashMap<>();
        return new RunAssembler(Store.of(runs::get, runs::put, runs::remove, descriptors::get, descriptors::put,
                descriptors::remove));
    }

    /** As {@link #accept(BlueskyDocument, String, long)}, received now. */
    public Step accept(BlueskyDocument doc, String kafkaKey) {
        return accept(doc, kafkaKey, System.currentTimeMillis());
    }

    /**
     * Takes one document.
     *
     * @param kafkaKey   the message's key, or null/empty; used only to place an event whose descriptor is unknown
     * @param receivedAt the message's timestamp (epoch ms); a start's is kept to drop runs that never stop
     */
    public Step accept(BlueskyDocument doc, String kafkaKey, long receivedAt) {
        Map<String, Object> d = doc.document();
        try {
            return switch (doc.name()) {
                case "start" -> start(d, receivedAt);
                case "descriptor" -> descriptor(d);
                case "event" -> event(d, kafkaKey);
                case "event_page" -> eventPage(d, kafkaKey);
                case "stop" -> stop(d);
                default -> new Step.Ignored(null, doc.name() + " documents are not used (external data)");
            };
        } catch (InvalidRecordException e) {
            return new Step.Rejected(runHint(doc), e);
        }
    }

    private static String runHint(BlueskyDocument doc) {
        Object uid = doc.name().equals("start") ? doc.document().get("uid") : doc.document().get("run_start");
        return uid instanceof String s ? s : null;
    }

    /**
     * Drops a run that never got its stop document (the RunEngine died, the stop was lost) and says why, so its
     * state does not stay in the store for ever.
     */
    public Step.Rejected abandon(RunState run, String after) {
        store.removeRun(run.startUid());
        run.descriptors().keySet().forEach(store::removeDescriptor);
        return new Step.Rejected(run.startUid(), new InvalidRecordException("stop", "run " + run.startUid()
                + " had no stop document " + after + "; dropped with its " + run.chunks().size() + " events"));
    }

    private Step start(Map<String, Object> d, long receivedAt) {
        String uid = requireText(d, "uid", "start");
        RunState existing = store.run(uid);
        if (existing != null) {
            return new Step.Ignored(uid, "start document " + uid + " seen before (redelivered)");
        }
        try {
            store.putRun(RunState.started(uid, RunMetadata.fromStart(d), receivedAt));
            return new Step.Pending(uid);
        } catch (InvalidRecordException e) {
            store.putRun(RunState.rejected(uid, e.getMessage(), receivedAt));
            throw e;
        }
    }

    private Step descriptor(Map<String, Object> d) {
        String uid = requireText(d, "uid", "descriptor");
        String runUid = requireText(d, "run_start", "descriptor");
        RunState run = store.run(runUid);
        if (run == null) {
            throw new InvalidRecordException("descriptor.run_start", "descriptor " + uid + " belongs to run " + runUid
                    + ", whose start document was not seen");
        }
        store.putDescriptor(uid, runUid);
        if (run.rejected() != null) {
            return new Step.Ignored(runUid, "run " + runUid + " was rejected at its start");
        }
        String name = d.get("name") instanceof String s ? s : PRIMARY;
        Map<String, String> units = new LinkedHashMap<>();
        if (d.get("data_keys") instanceof Map<?, ?> keys) {
            keys.forEach((k, v) -> {
                if (v instanceof Map<?, ?> info && info.get("units") instanceof String u) {
                    units.put(String.valueOf(k), u);
                }
            });
        }
        store.putRun(run.withDescriptor(uid, new RunState.Descriptor(name, units)));
        return new Step.Pending(runUid);
    }

    private Step event(Map<String, Object> d, String kafkaKey) {
        String descriptor = requireText(d, "descriptor", "event");
        long seq = seq(d.get("seq_num"), "event.seq_num");
        RunState run = runOfEvent(descriptor, kafkaKey, "event");
        if (run.rejected() != null) {
            return new Step.Ignored(run.startUid(), "run " + run.startUid() + " was rejected at its start");
        }
        if (!(d.get("data") instanceof Map<?, ?> data)) {
            throw new InvalidRecordException("event.data", "expected a map of data keys to values");
        }
        Map<String, double[]> values = new LinkedHashMap<>();
        data.forEach((k, v) -> {
            double[] a = numeric(v);
            if (a != null) {
                values.put(String.valueOf(k), a);
            }
        });
        store.putRun(run.withChunk(new RunState.Chunk(descriptor, seq, values)));
        return new Step.Pending(run.startUid());
    }

    private Step eventPage(Map<String, Object> d, String kafkaKey) {
        String descriptor = requireText(d, "descriptor", "event_page");
        if (!(d.get("seq_num") instanceof List<?> seqs) || seqs.isEmpty()) {
            throw new InvalidRecordException("event_page.seq_num", "expected a non-empty list of sequence numbers");
        }
        if (!(d.get("data") instanceof Map<?, ?> data)) {
            throw new InvalidRecordException("event_page.data", "expected a map of data keys to lists of values");
        }
        RunState run = runOfEvent(descriptor, kafkaKey, "event_page");
        if (run.rejected() != null) {
            return new Step.Ignored(run.startUid(), "run " + run.startUid() + " was rejected at its start");
        }
        int n = seqs.size();
        List<Map<String, double[]>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new LinkedHashMap<>());
        }
        for (Map.Entry<?, ?> e : data.entrySet()) {
            if (!(e.getValue() instanceof List<?> column) || column.size() != n) {
                throw new InvalidRecordException("event_page.data." + e.getKey(), "expected a list of " + n
                        + " values (one per seq_num), got " + describe(e.getValue()));
            }
            for (int i = 0; i < n; i++) {
                double[] a = numeric(column.get(i));
                if (a != null) {
                    rows.get(i).put(String.valueOf(e.getKey()), a);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            run = run.withChunk(new RunState.Chunk(descriptor, seq(seqs.get(i), "event_page.seq_num[" + i + "]"),
                    rows.get(i)));
        }
        store.putRun(run);
        return new Step.Pending(run.startUid());
    }

    private RunState runOfEvent(String descriptor, String kafkaKey, String doc) {
        String runUid = store.runOfDescriptor(descriptor);
        RunState run = runUid == null ? null : store.run(runUid);
        if (run == null && kafkaKey != null && !kafkaKey.isEmpty()) {
            // The descriptor is late; the key names the run (simulate --bluesky keys by start uid).
            run = store.run(kafkaKey);
        }
        if (run == null) {
            throw new InvalidRecordException(doc + ".descriptor", "unknown descriptor " + descriptor
                    + ": its descriptor document was not seen, and the message key names no run in progress");
        }
        return run;
    }

    private Step stop(Map<String, Object> d) {
        String runUid = requireText(d, "run_start", "stop");
        RunState run = store.run(runUid);
        if (run == null) {
            throw new InvalidRecordException("stop.run_start", "stop for run " + runUid
                    + ", whose start document was not seen");
        }
        store.removeRun(runUid);
        run.descriptors().keySet().forEach(store::removeDescriptor);
        if (run.rejected() != null) {
            return new Step.Ignored(runUid, "run " + runUid + " was rejected at its start");
        }
        Object status = d.get("exit_status");
        if (!"success".equals(status)) {
            Object reason = d.get("reason");
            throw new InvalidRecordException("stop.exit_status", "run " + runUid + " ended with exit_status " + status
                    + (reason instanceof String r && !r.isBlank() ? ": " + r : "") + "; only successful runs are scans");
        }
        return new Step.Completed(runUid, scan(run, d));
    }

    /** The scan record of a successfully stopped run. */
    static ScanRecord scan(RunState run, Map<String, Object> stop) {
        List<RunState.Chunk> primary = new ArrayList<>();
        for (RunState.Chunk c : run.chunks().values()) {
            RunState.Descriptor descriptor = run.descriptors().get(c.descriptor());
            if (descriptor == null) {
                throw new InvalidRecordException("event.descriptor", "events of run " + run.startUid()
                        + " name descriptor " + c.descriptor() + ", which never arrived");
            }
            if (PRIMARY.equals(descriptor.name())) {
                primary.add(c);
            }
        }
        if (stop.get("num_events") instanceof Map<?, ?> counts && counts.get(PRIMARY) instanceof Number expected
                && expected.longValue() != primary.size()) {
            throw new InvalidRecordException("stop.num_events", "the stop document counts " + expected
                    + " primary events, " + primary.size() + " arrived");
        }
        if (primary.isEmpty()) {
            throw new InvalidRecordException("event", "run " + run.startUid() + " has no primary events");
        }
        primary.sort(Comparator.comparingLong(RunState.Chunk::seq));
        Map<String, String> units = run.descriptors().get(primary.get(0).descriptor()).units();
        RunState.Chunk first = primary.get(0);
        String energyKey = key(first, ENERGY_KEYS);
        if (energyKey == null) {
            throw new InvalidRecordException("event.data", "no energy column: expected one of " + ENERGY_KEYS
                    + " among the data keys " + first.data().keySet());
        }
        String muKey = key(first, MU_KEYS);
        String i0Key = muKey != null ? null : key(first, I0_KEYS);
        String itKey = muKey != null ? null : key(first, IT_KEYS);
        String ifKey = muKey != null ? null : key(first, IF_KEYS);
        if (muKey == null && (i0Key == null || itKey == null && ifKey == null)) {
            throw new InvalidRecordException("event.data", "no absorption: expected " + MU_KEYS + ", or I0 with It"
                    + " and/or If, among the data keys " + first.data().keySet());
        }
        double[] energy = column(primary, energyKey, energyKey);
        if ("kev".equalsIgnoreCase(String.valueOf(units.get(energyKey)))) {
            for (int i = 0; i < energy.length; i++) {
                energy[i] *= 1000;
            }
        }
        RunMetadata m = run.metadata();
        ScanRecord scan = new ScanRecord(ScanRecord.SCHEMA, m.scanId(), m.experiment(), m.sample(), m.setpoint(),
                m.element(), m.edge(), m.control(), m.spaceGroup(), m.sampleElements(), energy,
                muKey == null ? null : column(primary, muKey, energyKey),
                i0Key == null ? null : column(primary, i0Key, energyKey),
                itKey == null ? null : column(primary, itKey, energyKey),
                ifKey == null ? null : column(primary, ifKey, energyKey),
                m.timestamp());
        ScanValidator.validate(scan);
        return scan;
    }

    /** The data key among {@code names} (case-insensitive, first name first), or null. */
    private static String key(RunState.Chunk chunk, List<String> names) {
        for (String name : names) {
            for (String k : chunk.data().keySet()) {
                if (k.toLowerCase(Locale.ROOT).equals(name)) {
                    return k;
                }
            }
        }
        return null;
    }

    /** One column over all events in order; each event must give it as many values as the energy. */
    private static double[] column(List<RunState.Chunk> events, String key, String energyKey) {
        int total = 0;
        for (RunState.Chunk c : events) {
            double[] v = c.data().get(key);
            int n = c.data().get(energyKey).length;
            if (v == null || v.length != n) {
                throw new InvalidRecordException("event.data." + key, "event " + c.seq() + " gives "
                        + (v == null ? "no" : v.length) + " values of '" + key + "' for " + n + " energies");
            }
            total += n;
        }
        double[] out = new double[total];
        int at = 0;
        for (RunState.Chunk c : events) {
            double[] v = c.data().get(key);
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        return out;
    }

    /** A number as one value, a flat list of numbers as an array; anything else (images, strings) null. */
    private static double[] numeric(Object v) {
        if (v instanceof Number n) {
            return new double[] {n.doubleValue()};
        }
        if (v instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(x -> x instanceof Number)) {
            double[] a = new double[l.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = ((Number) l.get(i)).doubleValue();
            }
            return a;
        }
        return null;
    }

    private static long seq(Object v, String field) {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        throw new InvalidRecordException(field, "expected a whole sequence number, got " + v);
    }

    private static String requireText(Map<String, Object> d, String key, String doc) {
        if (d.get(key) instanceof String s && !s.isBlank()) {
            return s;
        }
        throw new InvalidRecordException(doc + "." + key, "expected a non-empty string, got " + describe(d.get(key)));
    }

    private static String describe(Object v) {
        return v == null ? "nothing" : v instanceof List<?> l ? "a list of " + l.size() : String.valueOf(v);
    }
}
