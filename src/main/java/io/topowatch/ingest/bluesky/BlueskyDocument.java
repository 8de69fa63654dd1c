package io.topowatch.ingest.bluesky;

import java.util.Map;
import java.util.Set;

/**
 * One Bluesky event-model document with its name, as the RunEngine emits it and bluesky-kafka publishes
 * it: {@code start}, {@code descriptor}, {@code event}, {@code event_page}, {@code stop}, …
 */
public record BlueskyDocument(String name, Map<String, Object> document) {

    public static final Set<String> NAMES =
            Set.of("start", "descriptor", "event", "event_page", "stop", "resource", "datum", "datum_page");

    public BlueskyDocument {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown Bluesky document name '" + name + "', expected one of "
                    + new java.util.TreeSet<>(NAMES));
        }
        document = Map.copyOf(document);
    }

    /** The Kafka topic bluesky-kafka uses for a beamline's RunEngine documents. */
    public static String topic(String beamline) {
        return beamline + ".bluesky.runengine.documents";
    }
}
