package io.topowatch.ingest.bluesky;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link RunAssembler} holds of one Bluesky run between its start and stop documents. Plain data, written
 * as JSON to the stream's persistent store after every document.
 *
 * @param startUid    the run start document's uid
 * @param metadata    the scan metadata read from the start document; null when the start was rejected
 * @param rejected    why the start document was rejected (its later documents are then dropped), else null
 * @param descriptors the run's descriptors by uid
 * @param chunks      the event data received, by {@code descriptor#seq_num} (a redelivered event replaces itself)
 * @param openedAt    when the start document arrived (its message timestamp, epoch ms), to drop runs that never stop
 */
public record RunState(String startUid, RunMetadata metadata, String rejected, Map<String, Descriptor> descriptors,
        Map<String, Chunk> chunks, long openedAt) {

    public RunState {
        descriptors = descriptors == null ? new LinkedHashMap<>() : new LinkedHashMap<>(descriptors);
        chunks = chunks == null ? new LinkedHashMap<>() : new LinkedHashMap<>(chunks);
    }

    static RunState started(String startUid, RunMetadata metadata, long openedAt) {
        return new RunState(startUid, metadata, null, null, null, openedAt);
    }

    static RunState rejected(String startUid, String reason, long openedAt) {
        return new RunState(startUid, null, reason, null, null, openedAt);
    }

    RunState withDescriptor(String uid, Descriptor d) {
        RunState next = new RunState(startUid, metadata, rejected, descriptors, chunks, openedAt);
        next.descriptors.put(uid, d);
        return next;
    }

    RunState withChunk(Chunk c) {
        RunState next = new RunState(startUid, metadata, rejected, descriptors, chunks, openedAt);
        next.chunks.put(c.descriptor() + "#" + c.seq(), c);
        return next;
    }

    /**
     * One descriptor: its stream name ("primary", "baseline", …) and the units of its data keys.
     */
    public record Descriptor(String name, Map<String, String> units) {
        public Descriptor {
            units = units == null ? Map.of() : Map.copyOf(units);
        }
    }

    /**
     * The numeric data of one event (one value, or one array, per key), or of one event of an event page.
     *
     * @param descriptor the descriptor uid the event names
     * @param seq        its seq_num: the order of the run's events
     * @param data       each numeric data key's values; non-numeric keys (images, external references) are left out
     */
    public record Chunk(String descriptor, long seq, Map<String, double[]> data) {
        public Chunk {
            data = data == null ? Map.of() : Map.copyOf(data);
        }
    }
}
