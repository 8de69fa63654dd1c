package io.topowatch.dashboard;

import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;

/**
 * Spectrum events to the browsers: at most one per (experiment, sample, element) every {@code intervalMs}, the
 * latest winning; one that arrives sooner waits for the rest of the interval (and is replaced by any later
 * one). A chart redrawn faster than a few times a second shows nothing more, while encoding every spectrum
 * for the websocket was most of the event loop's work at thousands of scans a second. The dashboard's state
 * (the REST view) still takes every spectrum. Runs on the verticle's event loop only.
 */
final class SpectrumEvents {

    /** Above this many remembered keys, those idle for an interval are forgotten. */
    private static final int TIDY_ABOVE = 4_096;

    private final Vertx vertx;
    private final long intervalMs;
    private final Map<String, Long> lastSentMs = new HashMap<>();
    private final Map<String, Runnable> waiting = new HashMap<>();

    SpectrumEvents(Vertx vertx, long intervalMs) {
        this.vertx = vertx;
        this.intervalMs = intervalMs;
    }

    /** @param publish publishes the event; run only if and when it is due */
    void offer(String key, Runnable publish) {
        long now = System.nanoTime() / 1_000_000;
        Long last = lastSentMs.get(key);
        if (intervalMs <= 0 || last == null || now - last >= intervalMs) {
            waiting.remove(key);
            send(key, publish, now);
            return;
        }
        if (waiting.put(key, publish) == null) {
            vertx.setTimer(Math.max(1, intervalMs - (now - last)), id -> {
                Runnable latest = waiting.remove(key);
                if (latest != null) {
                    send(key, latest, System.nanoTime() / 1_000_000);
                }
            });
        }
    }

    private void send(String key, Runnable publish, long now) {
        lastSentMs.put(key, now);
        if (lastSentMs.size() > TIDY_ABOVE) {
            lastSentMs.values().removeIf(t -> now - t >= intervalMs);
        }
        publish.run();
    }
}
