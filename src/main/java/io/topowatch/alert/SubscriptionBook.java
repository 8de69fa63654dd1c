package io.topowatch.alert;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current subscriptions, as the compacted topic {@code topowatch.subscriptions} says: the latest value per
 * id, a null value deletes. Not thread-safe (the dashboard's event loop owns it).
 */
public final class SubscriptionBook {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionBook.class);

    private final Map<String, Subscription> byId = new TreeMap<>();

    /** Applies one record of the topic (or one the API just wrote); an invalid value is logged and skipped. */
    public void apply(String id, String value) {
        if (id == null) {
            return;
        }
        if (value == null) {
            byId.remove(id);
            return;
        }
        try {
            Subscription s = Subscription.fromJson(new JsonObject(value), false, null);
            if (!s.id().equals(id)) {
                throw new IllegalArgumentException("record key " + id + " differs from the id " + s.id());
            }
            byId.put(id, s);
        } catch (RuntimeException e) {
            LOG.warn("Ignoring invalid subscription record {}: {}", id, e.getMessage());
        }
    }

    public void put(Subscription s) {
        byId.put(s.id(), s);
    }

    public Subscription get(String id) {
        return byId.get(id);
    }

    public void remove(String id) {
        byId.remove(id);
    }

    public Collection<Subscription> all() {
        return byId.values();
    }

    /** The subscriptions that want this alarm. */
    public List<Subscription> matching(JsonObject alarm) {
        List<Subscription> out = new ArrayList<>();
        for (Subscription s : byId.values()) {
            if (s.wants(alarm)) {
                out.add(s);
            }
        }
        return out;
    }
}
