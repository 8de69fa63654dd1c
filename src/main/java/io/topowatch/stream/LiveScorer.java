package io.topowatch.stream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.topowatch.model.Prediction;
import io.topowatch.model.Scorer;
import io.topowatch.spectrum.SampleTensor;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scorer the stream uses, swappable while it runs: {@link #swap} puts a newly promoted model in place
 * without pausing scoring. A batch scores entirely with the model it started with; the next batch takes
 * the new one; the old model is closed once its last in-flight batch has finished (reference counted: the
 * "current" slot holds one reference, each batch one more).
 *
 * <p>Publishes the gauge {@code topowatch.model.in.use{version=…}}: 1 for the version in use, 0 for
 * versions swapped out.
 */
public final class LiveScorer implements Scorer {

    public static final String MODEL_GAUGE = "topowatch.model.in.use";
    private static final Logger LOG = LoggerFactory.getLogger(LiveScorer.class);

    private static final class Lease {
        final Scorer scorer;
        final AtomicInteger refs = new AtomicInteger(1);

        Lease(Scorer scorer) {
            this.scorer = scorer;
        }
    }

    private final AtomicReference<Lease> current;
    private final MeterRegistry registry;
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();

    public LiveScorer(Scorer initial, MeterRegistry registry) {
        this.current = new AtomicReference<>(new Lease(initial));
        this.registry = registry;
        gauge(initial.modelVersion());
    }

    /** Wraps a plain scorer; returns a {@link LiveScorer} unchanged. */
    static LiveScorer of(Scorer scorer, MeterRegistry registry) {
        return scorer instanceof LiveScorer live ? live : new LiveScorer(scorer, registry);
    }

    /**
     * Puts {@code next} in place for the next batch; the previous scorer is closed when its in-flight
     * batches are done.
     */
    public void swap(Scorer next) {
        Lease old = current.getAndSet(new Lease(next));
        gauge(next.modelVersion());
        LOG.info("scoring with model {} from the next batch on (was {})", next.modelVersion(),
                old.scorer.modelVersion());
        release(old);
    }

    /** Scores a batch with one model: every prediction names the same version. */
    @Override
    public List<Prediction> scoreAll(List<SampleTensor> samples) {
        Lease lease = acquire();
        try {
            return lease.scorer.scoreAll(samples);
        } finally {
            release(lease);
        }
    }

    @Override
    public Prediction score(SampleTensor sample) {
        return scoreAll(List.of(sample)).get(0);
    }

    @Override
    public String modelVersion() {
        return current.get().scorer.modelVersion();
    }

    /** Closes the scorer in use (once in-flight batches are done). */
    @Override
    public void close() {
        release(current.get());
    }

    private Lease acquire() {
        while (true) {
            Lease lease = current.get();
            int refs = lease.refs.get();
            if (refs > 0 && lease.refs.compareAndSet(refs, refs + 1)) {
                return lease;
            }
            if (refs <= 0 && lease == current.get()) {
                throw new IllegalStateException("scorer is closed");
            }
        }
    }

    private static void release(Lease lease) {
        if (lease.refs.decrementAndGet() == 0) {
            try {
                lease.scorer.close();
            } catch (RuntimeException e) {
                LOG.warn("closing model {} failed: {}", lease.scorer.modelVersion(), e.toString());
            }
        }
    }

    private void gauge(String version) {
        if (gauged.add(version)) {
            Gauge.builder(MODEL_GAUGE, this, s -> version.equals(s.modelVersion()) ? 1.0 : 0.0)
                    .description("1 for the model version scoring now")
                    .tag("version", version)
                    .strongReference(true)
                    .register(registry);
        }
    }
}
