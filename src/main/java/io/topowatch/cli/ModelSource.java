package io.topowatch.cli;

import io.topowatch.config.TopoWatchConfig;
import io.topowatch.model.ModelArtifact;
import io.topowatch.model.ModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the commands find models: the registry folder, and a {@code --model} argument resolved to an artifact. */
final class ModelSource {

    /** The {@code --model} value that names the model bundled in the jar. */
    static final String BUNDLED = "bundled";

    private ModelSource() {}

    /** {@code --registry} when given, else {@code model.registry} of the configuration, else {@code ~/.topowatch/models}. */
    static ModelRegistry registry(Path option, TopoWatchConfig config) {
        return new ModelRegistry(option != null ? option : ModelRegistry.root(config.model().registry()));
    }

    /**
     * {@value #BUNDLED}: the jar's model; an existing folder: the artifact in it; otherwise a version in the
     * registry. Every way verifies the artifact's SHA-256 manifest.
     */
    static ModelArtifact resolve(String model, ModelRegistry registry) throws IOException {
        if (BUNDLED.equals(model)) {
            return ModelArtifact.loadFromClasspath(Services.BUNDLED_MODEL);
        }
        Path dir = Path.of(model);
        if (Files.isDirectory(dir)) {
            return ModelArtifact.load(dir);
        }
        if (registry.find(model).isEmpty()) {
            throw new IllegalArgumentException("unknown model '" + model + "': not an artifact folder, not '" + BUNDLED
                    + "', and not a version in registry " + registry.root() + registered(registry));
        }
        return registry.load(model);
    }

    private static String registered(ModelRegistry registry) throws IOException {
        var versions = registry.list().stream().map(ModelRegistry.Entry::version).toList();
        return versions.isEmpty() ? " (it is empty)" : " (registered: " + String.join(", ", versions) + ")";
    }
}
