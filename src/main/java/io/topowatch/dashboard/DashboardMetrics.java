package io.topowatch.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dashboard's meters ({@code topowatch_dashboard_*} in Prometheus): connected websocket clients, messages
 * sent, clients dropped by reason, feed records taken in by topic.
 */
final class DashboardMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger clients = new AtomicInteger();
    private final AtomicInteger alarmsUnacknowledged = new AtomicInteger();
    private final Counter sent;

    DashboardMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("topowatch.dashboard.clients", clients, AtomicInteger::get)
                .description("Connected websocket clients").register(registry);
        Gauge.builder("topowatch.dashboard.alarms.unacknowledged", alarmsUnacknowledged, AtomicInteger::get)
                .description("Alarms waiting for an acknowledgement").register(registry);
        sent = Counter.builder("topowatch.dashboard.messages.sent")
                .description("Websocket messages sent to clients").register(registry);
    }

    MeterRegistry registry() {
        return registry;
    }

    void clients(int n) {
        clients.set(n);
    }

    void unacknowledged(int n) {
        alarmsUnacknowledged.set(n);
    }

    void sent() {
        sent(1);
    }

    /** @param n messages sent to clients for one event (counted once per event, not once per client) */
    void sent(int n) {
        if (n > 0) {
            sent.increment(n);
        }
    }

    /** @param reason slow, rate-limited, too-large */
    void dropped(String reason) {
        Counter.builder("topowatch.dashboard.clients.dropped").description("Websocket clients closed by the server")
                .tag("reason", reason).register(registry).increment();
    }

    void record(String topic) {
        Counter.builder("topowatch.dashboard.records").description("Feed records taken in by the dashboard")
                .tag("topic", topic).register(registry).increment();
    }

    void rejected(String topic) {
        Counter.builder("topowatch.dashboard.records.rejected").description("Feed records the dashboard could not use")
                .tag("topic", topic).register(registry).increment();
    }
}
