package io.topowatch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.topowatch.spectrum.SampleTensor;
import io.topowatch.train.LabelledSample;
import io.topowatch.train.SyntheticSamples;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArtifactTest {

    private static ModelArtifact artifact;
    private static List<SampleTensor> probes;

    @TempDir
    Path dir;

    @BeforeAll
    static void createArtifact() throws Exception {
        artifact = TestArtifacts.untrained("test-1.0", 11);
        probes = SyntheticSamples.generate(8, 99).stream().map(LabelledSample::tensor).toList();
    }

    @Test
    void saveThenLoadGivesTheSameModelAndPredictions() throws Exception {
        artifact.save(dir);

        ModelArtifact loaded = ModelArtifact.load(dir);

        assertThat(loaded.version()).isEqualTo("test-1.0");
        assertThat(loaded.config()).isEqualTo(artifact.config());
        assertThat(loaded.standardizer()).isEqualTo(artifact.standardizer());
        assertThat(loaded.metadata()).isEqualTo(artifact.metadata());
        assertThat(loaded.parametersSha256()).isEqualTo(artifact.parametersSha256());
        assertThat(probabilities(loaded)).containsExactly(probabilities(artifact));
        JsonNode json = new ObjectMapper().readTree(dir.resolve(ModelArtifact.MODEL_JSON).toFile());
        assertThat(json.fieldNames()).toIterable().containsExactly("format", "version", "channels", "parametersFile", "config",
                "standardizer", "metadata");
        assertThat(json.get("channels").asText()).isEqualTo(io.topowatch.spectrum.ElementChannels.VERSION);
        assertThat(json.get("config").fieldNames()).toIterable().containsExactlyInAnyOrder("convFilters",
                "kernelSize", "poolSize", "spectralDenseUnits", "symmetryDenseUnits", "jointDenseUnits", "dropout",
                "kernelL2", "useSymmetry");
        assertThat(json.get("standardizer").get("means")).hasSize(81);
        assertThat(Files.readString(dir.resolve(ModelArtifact.MANIFEST)))
                .contains("  " + ModelArtifact.MODEL_JSON + "\n", "  " + ModelArtifact.PARAMS_FILE + "\n");
    }

    @Test
    void refusesATamperedParamsFile() throws Exception {
        artifact.save(dir);
        Path params = dir.resolve(ModelArtifact.PARAMS_FILE);
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length - 3] ^= 0x01;
        Files.write(params, bytes);

        assertThatThrownBy(() -> ModelArtifact.load(dir))
                .isInstanceOf(ArtifactIntegrityException.class)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ModelArtifact.PARAMS_FILE)
                .hasMessageContaining("SHA-256")
                .satisfies(e -> assertThat(((ArtifactIntegrityException) e).file()).isEqualTo(ModelArtifact.PARAMS_FILE));
    }

    @Test
    void refusesAModelTrainedOnOtherElementChannels() throws Exception {
        artifact.save(dir);
        Path json = dir.resolve(ModelArtifact.MODEL_JSON);
        byte[] edited = Files.readString(json).replace(io.topowatch.spectrum.ElementChannels.VERSION,
                "element-channels-v0").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(json, edited);
        // A consistent manifest: the artifact is intact, only trained for another channel table.
        Files.writeString(dir.resolve(ModelArtifact.MANIFEST), ModelArtifact.sha256(edited) + "  "
                + ModelArtifact.MODEL_JSON + "\n" + artifact.parametersSha256() + "  " + ModelArtifact.PARAMS_FILE + "\n");

        assertThatThrownBy(() -> ModelArtifact.load(dir))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("element-channels-v0")
                .hasMessageContaining("retrain");
    }

    @Test
    void refusesMissingFilesNamingThem() throws Exception {
        artifact.save(dir);
        Files.delete(dir.resolve(ModelArtifact.MODEL_JSON));
        assertThatThrownBy(() -> ModelArtifact.load(dir)).isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("missing file '" + ModelArtifact.MODEL_JSON + "'");

        Files.delete(dir.resolve(ModelArtifact.MANIFEST));
        assertThatThrownBy(() -> ModelArtifact.load(dir)).isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining(ModelArtifact.MANIFEST);
    }

    @Test
    void refusesAManifestThatLeavesTheParamsOut() throws Exception {
        artifact.save(dir);
        Path manifest = dir.resolve(ModelArtifact.MANIFEST);
        List<String> kept = Files.readAllLines(manifest).stream()
                .filter(l -> !l.endsWith(ModelArtifact.PARAMS_FILE)).toList();
        Files.write(manifest, kept);

        assertThatThrownBy(() -> ModelArtifact.load(dir)).isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining(ModelArtifact.PARAMS_FILE).hasMessageContaining("not listed");
    }

    @Test
    void loadsFromTheClasspath() throws Exception {
        artifact.save(dir.resolve("models/topo-net"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            ModelArtifact loaded = ModelArtifact.loadFromClasspath("/models/topo-net/", loader);

            assertThat(loaded.parametersSha256()).isEqualTo(artifact.parametersSha256());
            assertThat(probabilities(loaded)).containsExactly(probabilities(artifact));
            assertThatThrownBy(() -> ModelArtifact.loadFromClasspath("models/none", loader))
                    .isInstanceOf(ArtifactIntegrityException.class).hasMessageContaining("models/none/manifest.sha256");
        }
    }

    @Test
    void refusesParametersThatDoNotFitTheConfig() throws Exception {
        ModelArtifact mismatched = new ModelArtifact("bad", artifact.config().withUseSymmetry(false),
                artifact.standardizer(), artifact.metadata(), paramsOf(artifact));

        assertThatThrownBy(mismatched::newModel).isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining(ModelArtifact.PARAMS_FILE);
    }

    private byte[] paramsOf(ModelArtifact a) throws Exception {
        Path d = dir.resolve("params-" + a.version());
        a.save(d);
        return Files.readAllBytes(d.resolve(ModelArtifact.PARAMS_FILE));
    }

    private static double[] probabilities(ModelArtifact a) throws Exception {
        try (DjlScorer scorer = new DjlScorer(a)) {
            return probes.stream().mapToDouble(s -> scorer.score(s).probability()).toArray();
        }
    }
}
