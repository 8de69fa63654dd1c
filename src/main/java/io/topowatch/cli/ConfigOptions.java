package io.topowatch.cli;

import io.topowatch.config.TopoWatchConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option shared by the long-running commands. */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with TopoWatch settings; TOPOWATCH_* environment variables override it.")
    Path file;

    TopoWatchConfig load() {
        return TopoWatchConfig.load(file, System.getenv());
    }
}
