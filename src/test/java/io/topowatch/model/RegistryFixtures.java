package io.topowatch.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Artifacts for registry tests in any package: untrained ones with distinct weights, renamed copies, tampering. */
public final class RegistryFixtures {

    private RegistryFixtures() {}

    /** Seeded random weights: different seeds give different parameters. */
    public static ModelArtifact untrained(String version, int seed) throws IOException {
        return TestArtifacts.untrained(version, seed);
    }

    /** The same weights, config and metadata under another version. */
    public static ModelArtifact renamed(ModelArtifact artifact, String version) throws IOException {
        Path tmp = Files.createTempDirectory("topowatch-renamed");
        try {
            artifact.save(tmp);
            byte[] params = Files.readAllBytes(tmp.resolve(ModelArtifact.PARAMS_FILE));
            return new ModelArtifact(version, artifact.config(), artifact.standardizer(), artifact.metadata(), params);
        } finally {
            for (String f : new String[] {ModelArtifact.MODEL_JSON, ModelArtifact.PARAMS_FILE, ModelArtifact.MANIFEST}) {
                Files.deleteIfExists(tmp.resolve(f));
            }
            Files.deleteIfExists(tmp);
        }
    }

    /** Flips one bit of the params file of an artifact folder, leaving its manifest as it was. */
    public static void tamper(Path artifactDir) throws IOException {
        Path params = artifactDir.resolve(ModelArtifact.PARAMS_FILE);
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length - 3] ^= 0x01;
        Files.write(params, bytes);
    }
}
