package io.topowatch.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.topowatch.broker.PromotionPublisher;
import io.topowatch.model.ModelRegistry;
import io.topowatch.model.RegistryFixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the watcher does with each record of the models topic: verify, load, swap, or keep the model. */
class ModelWatcherTest {

    @TempDir
    Path root;

    private ModelRegistry registry;
    private LiveScorer live;
    private ModelWatcher watcher;
    private PipelineDriver.MeanScorer initial;

    @BeforeEach
    void setUp() throws Exception {
        registry = new ModelRegistry(root);
        registry.register(RegistryFixtures.untrained("tn-a", 1));
        registry.register(RegistryFixtures.untrained("tn-b", 2));
        initial = new PipelineDriver.MeanScorer("tn-a");
        live = new LiveScorer(initial, new SimpleMeterRegistry());
        watcher = new ModelWatcher(live, ModelWatcher.fromRegistry(registry), null);
    }

    @AfterEach
    void tearDown() {
        live.close();
    }

    @Test
    void aPromotionOfAnotherVersionIsVerifiedLoadedAndSwappedIn() throws Exception {
        ModelRegistry.Promotion promotion = registry.promote("tn-b");
        assertThat(watcher.apply(PromotionPublisher.value(promotion))).isTrue();
        assertThat(live.modelVersion()).isEqualTo("tn-b");
        assertThat(initial.closed).isTrue();
        assertThat(live.score(PipelineDriverSamples.tensor()).modelVersion()).isEqualTo("tn-b");
    }

    @Test
    void thePromotionOfTheVersionInUseChangesNothing() throws Exception {
        assertThat(watcher.apply(PromotionPublisher.value(registry.promote("tn-a")))).isFalse();
        assertThat(initial.closed).isFalse();
    }

    @Test
    void aTamperedArtifactAnUnknownVersionOrOtherParametersKeepTheModelInUse() throws Exception {
        ModelRegistry.Promotion promotion = registry.promote("tn-b");
        ModelRegistry.Promotion otherParams = new ModelRegistry.Promotion("tn-b", "00".repeat(32),
                promotion.action(), promotion.promotedAt(), promotion.previous());
        assertThat(watcher.apply(PromotionPublisher.value(otherParams))).isFalse();
        assertThat(watcher.apply(PromotionPublisher.value(new ModelRegistry.Promotion("tn-zzz", null,
                promotion.action(), promotion.promotedAt(), null)))).isFalse();
        assertThat(watcher.apply("{not json")).isFalse();
        RegistryFixtures.tamper(registry.path("tn-b"));
        assertThat(watcher.apply(PromotionPublisher.value(promotion))).isFalse();
        assertThat(live.modelVersion()).isEqualTo("tn-a");
        assertThat(initial.closed).isFalse();
    }
}
