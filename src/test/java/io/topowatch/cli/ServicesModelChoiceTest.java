package io.topowatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.topowatch.config.TopoWatchConfig;
import io.topowatch.model.ModelArtifact;
import io.topowatch.model.ModelRegistry;
import io.topowatch.model.RegistryFixtures;
import io.topowatch.model.Scorer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServicesModelChoiceTest {

    @TempDir
    Path dir;

    @Test
    void theBundledModelWhenNothingIsConfiguredOrPromoted() throws Exception {
        String bundled = ModelArtifact.loadFromClasspath(Services.BUNDLED_MODEL).version();
        try (Scorer s = Services.loadScorer(new TopoWatchConfig.Model("", dir.resolve("empty").toString()))) {
            assertThat(s.modelVersion()).isEqualTo(bundled);
        }
    }

    @Test
    void thePromotedVersionWinsOverTheBundledOneAndAnExplicitPathWinsOverBoth() throws Exception {
        ModelArtifact bundled = ModelArtifact.loadFromClasspath(Services.BUNDLED_MODEL);
        ModelArtifact renamed = RegistryFixtures.renamed(bundled, "promoted-1");
        ModelRegistry registry = new ModelRegistry(dir.resolve("registry"));
        registry.register(renamed);
        registry.promote("promoted-1");
        try (Scorer s = Services.loadScorer(new TopoWatchConfig.Model("", dir.resolve("registry").toString()))) {
            assertThat(s.modelVersion()).isEqualTo("promoted-1");
        }
        Path explicit = dir.resolve("explicit");
        RegistryFixtures.renamed(bundled, "explicit-1").save(explicit);
        try (Scorer s = Services.loadScorer(new TopoWatchConfig.Model(explicit.toString(),
                dir.resolve("registry").toString()))) {
            assertThat(s.modelVersion()).isEqualTo("explicit-1");
        }
    }

    @Test
    void theScorerUsesTheConfiguredMcPasses() throws Exception {
        try (Scorer s = Services.loadScorer(new TopoWatchConfig.Model("", dir.resolve("empty").toString(), 0, 3))) {
            assertThat(((io.topowatch.model.DjlScorer) s).mcPasses()).isEqualTo(3);
        }
        try (Scorer s = Services.loadScorer(new TopoWatchConfig.Model("", dir.resolve("empty").toString()))) {
            assertThat(((io.topowatch.model.DjlScorer) s).mcPasses()).isEqualTo(TopoWatchConfig.Model.DEFAULT_MC_PASSES);
        }
    }
}
