package io.topowatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.topowatch.model.ModelArtifact;
import io.topowatch.model.ModelRegistry;
import io.topowatch.model.RegistryFixtures;
import io.topowatch.sim.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path dataset;
    private static ModelArtifact bundled;

    @BeforeAll
    static void smallDataset() throws Exception {
        dataset = shared.resolve("ds");
        Dataset.write(dataset, 100, 5, null);
        bundled = ModelArtifact.loadFromClasspath(Services.BUNDLED_MODEL);
    }

    @Test
    void scoresTheBundledModelAndWritesTheReportWithAJsonSummary() throws Exception {
        Path out = dir.resolve("report");
        CliRun r = CliRun.of("evaluate", "--model", "bundled", "--dataset", dataset.toString(), "--out", out.toString(),
                "--json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode summary = new ObjectMapper().readTree(r.out());
        int testSamples = Dataset.manifest(dataset).splits().get("test").count();
        assertThat(summary.get("model").asText()).isEqualTo(bundled.version());
        assertThat(summary.get("n").asInt()).isEqualTo(testSamples);
        assertThat(summary.get("auc").asDouble()).isBetween(0.0, 1.0);
        assertThat(summary.get("threshold").asDouble()).isEqualTo(0.5);
        for (String cls : new String[] {"topological", "trivial"}) {
            for (String field : new String[] {"recall", "precision", "f1", "support"}) {
                assertThat(summary.get(cls).get(field)).as(cls + "." + field).isNotNull();
            }
        }
        assertThat(summary.get("topological").get("support").asInt() + summary.get("trivial").get("support").asInt())
                .isEqualTo(testSamples);
        assertThat(r.out().strip().lines()).as("stdout is one JSON object").hasSize(1);
        assertThat(out.resolve("metrics.json")).exists();
        assertThat(out.resolve("report.html")).content().contains("Evaluation of " + bundled.version());
        assertThat(out.resolve("roc.png")).exists();
        assertThat(out.resolve("calibration.png")).exists();
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertThat(metrics.get("auc").asDouble()).isEqualTo(summary.get("auc").asDouble());
        assertThat(metrics.get("perElement").size()).isPositive();
    }

    @Test
    void printsAShortHumanSummaryAndScoresARegisteredVersion() throws Exception {
        Path registry = dir.resolve("registry");
        new ModelRegistry(registry).register(bundled);
        Path out = dir.resolve("by-version");

        CliRun r = CliRun.of("evaluate", "--model", bundled.version(), "--registry", registry.toString(),
                "--dataset", dataset.toString(), "--split", "validation", "--out", out.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("model " + bundled.version() + " on " + dataset + " (validation)")
                .contains("AUC ").contains("topological  recall").contains("trivial      recall")
                .contains("report written to " + out.resolve("report.html"));
        assertThat(r.out().lines()).hasSizeLessThanOrEqualTo(6);
        assertThat(out.resolve("metrics.json")).exists();
    }

    @Test
    void aMissingDatasetIsOneLine() {
        CliRun r = CliRun.of("evaluate", "--model", "bundled", "--dataset", dir.resolve("nope").toString(),
                "--out", dir.resolve("o").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("topowatch evaluate: error: dataset not found: " + dir.resolve("nope"));
    }

    @Test
    void anUnknownVersionIsOneLineNamingTheRegistry() {
        Path registry = dir.resolve("empty-registry");
        CliRun r = CliRun.of("evaluate", "--model", "topownet-9.9", "--registry", registry.toString(),
                "--dataset", dataset.toString(), "--out", dir.resolve("o").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("topowatch evaluate: error: unknown model 'topownet-9.9'")
                .contains(registry.toAbsolutePath().toString()).doesNotContain("\n");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void aTamperedArtifactIsRefusedInOneLine() throws Exception {
        Path artifact = dir.resolve("tampered");
        bundled.save(artifact);
        RegistryFixtures.tamper(artifact);

        CliRun r = CliRun.of("evaluate", "--model", artifact.toString(), "--dataset", dataset.toString(),
                "--out", dir.resolve("o").toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("topowatch evaluate: error: model artifact file '"
                + ModelArtifact.PARAMS_FILE + "'").contains("fails its SHA-256 check").doesNotContain("\n")
                .doesNotContain("\tat ");
    }

    @Test
    void anUnknownSplitIsOneLine() {
        CliRun r = CliRun.of("evaluate", "--model", "bundled", "--dataset", dataset.toString(), "--split", "dev",
                "--out", dir.resolve("o").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("topowatch evaluate: error: dataset has no split 'dev', only [")
                .doesNotContain("\n");
    }
}
