package io.topowatch.dashboard;

import io.topowatch.broker.PromotionPublisher;
import io.topowatch.stream.Topics;
import java.util.List;

/** The topics the dashboard reads (through {@link FeedRelay}) and writes (subscriptions, acknowledgements). */
public final class FeedTopics {

    public static final String TRAJECTORIES = Topics.TRAJECTORIES.name();
    public static final String SPECTRA = Topics.NORMALIZED_SPECTRA.name();
    public static final String ALERTS = Topics.ALERTS.name();
    public static final String SUGGESTIONS = "topowatch.suggestions";
    public static final String MODELS = PromotionPublisher.TOPIC;
    /** Compacted; key subscription id, value Subscription JSON, null = deleted. */
    public static final String SUBSCRIPTIONS = "topowatch.subscriptions";
    /** Compacted; key alarm id, value {id, experiment, by, at}. */
    public static final String ACKS = "topowatch.alerts.acks";

    /** Everything the dashboard replays at start and follows. */
    public static final List<String> ALL =
            List.of(SUBSCRIPTIONS, ACKS, MODELS, ALERTS, SUGGESTIONS, TRAJECTORIES, SPECTRA);

    private FeedTopics() {}
}
