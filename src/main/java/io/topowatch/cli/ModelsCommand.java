package io.topowatch.cli;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.topowatch.broker.PromotionPublisher;
import io.topowatch.model.ModelArtifact;
import io.topowatch.model.ModelRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "The model registry: register trained models, list them, promote one, roll back.",
        subcommands = {ModelsCommand.ListCommand.class, ModelsCommand.RegisterCommand.class,
            ModelsCommand.PromoteCommand.class, ModelsCommand.RollbackCommand.class})
final class ModelsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The options every subcommand shares: where the registry is. */
    static final class RegistryOptions {

        @Option(names = "--registry", paramLabel = "DIR",
                description = "Registry folder (default: model.registry of the config, else ~/.topowatch/models).")
        Path registry;

        @Mixin
        ConfigOptions configOptions;

        ModelRegistry open() {
            return ModelSource.registry(registry, configOptions.load());
        }
    }

    /** Where promotions and rollbacks are mirrored, if anywhere. */
    static final class KafkaOptions {

        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
                description = "Also record the change on the compacted topic " + PromotionPublisher.TOPIC
                        + " of this cluster (without it only the registry folder changes).")
        String bootstrapServers;

        @Option(names = "--command-config", paramLabel = "FILE",
                description = "Kafka client properties (SASL, TLS, …) for --bootstrap-servers.")
        Path commandConfig;

        /** Runs a change with the topic's publisher, or with none when no cluster is given. */
        ModelRegistry.Promotion apply(Change change) throws Exception {
            if (bootstrapServers == null) {
                return change.apply(ModelRegistry.PromotionSink.NONE);
            }
            Map<String, String> props = new LinkedHashMap<>();
            TopicsCommand.clientProperties(commandConfig).forEach((k, v) -> props.put(k.toString(), v.toString()));
            try (PromotionPublisher publisher = PromotionPublisher.connect(bootstrapServers, props)) {
                return change.apply(publisher);
            }
        }

        /** Where the change went, for the command's last line. */
        String recordedWhere() {
            return bootstrapServers == null
                    ? "registry folder updated only: no --bootstrap-servers, so " + PromotionPublisher.TOPIC + " was not told"
                    : "recorded on " + PromotionPublisher.TOPIC + " at " + bootstrapServers;
        }

        interface Change {
            ModelRegistry.Promotion apply(ModelRegistry.PromotionSink sink) throws Exception;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List registered versions: created, registered, parameters SHA-256, training metrics; * marks the promoted one.")
    static final class ListCommand implements Callable<Integer> {

        @Mixin
        RegistryOptions registryOptions;

        @Option(names = "--json", description = "Print {registry, promoted, models, history} as one JSON object.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ModelRegistry registry = registryOptions.open();
            List<ModelRegistry.Entry> entries = registry.list();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("registry", registry.root().toString());
                doc.put("promoted", registry.promoted().map(ModelRegistry.Entry::version).orElse(null));
                doc.put("models", entries);
                doc.put("history", registry.history());
                out.println(JsonMapper.builder().build().writeValueAsString(doc));
            } else if (entries.isEmpty()) {
                out.println("no models registered in " + registry.root());
            } else {
                out.printf(Locale.ROOT, "  %-24s %-20s %-20s %-12s %8s %8s%n", "version", "created", "registered",
                        "params", "val.acc", "val.loss");
                for (ModelRegistry.Entry e : entries) {
                    out.printf(Locale.ROOT, "%s %-24s %-20s %-20s %-12s %8s %8s%n", e.promoted() ? "*" : " ",
                            e.version(), shortTime(e.createdAt()), shortTime(e.registeredAt()),
                            e.parametersSha256().substring(0, 12), metric(e, "validationAccuracy"),
                            metric(e, "validationLoss"));
                }
            }
            out.flush();
            return 0;
        }

        private static String shortTime(String iso) {
            return iso == null ? "-" : iso.length() > 19 ? iso.substring(0, 19).replace('T', ' ') : iso;
        }

        private static String metric(ModelRegistry.Entry e, String name) {
            Double v = e.metrics().get(name);
            return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Copy a model artifact folder (topowatch train --out) into the registry under its version.")
    static final class RegisterCommand implements Callable<Integer> {

        @Parameters(paramLabel = "PATH", description = "Model artifact folder.")
        Path path;

        @Mixin
        RegistryOptions registryOptions;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (!java.nio.file.Files.isDirectory(path)) {
                throw new IllegalArgumentException("model artifact folder not found: " + path);
            }
            ModelArtifact artifact = ModelArtifact.load(path);
            ModelRegistry registry = registryOptions.open();
            ModelRegistry.Registration r = registry.register(artifact);
            PrintWriter out = spec.commandLine().getOut();
            out.println(r.added()
                    ? "registered " + artifact.version() + " (parameters sha256 " + artifact.parametersSha256() + ") in "
                            + registry.root()
                    : artifact.version() + " is already registered with identical files: nothing to do");
            out.flush();
            return 0;
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = "Verify a registered version's artifact (SHA-256) and make it the promoted model.")
    static final class PromoteCommand implements Callable<Integer> {

        @Parameters(paramLabel = "VERSION", description = "A registered version.")
        String version;

        @Mixin
        RegistryOptions registryOptions;

        @Mixin
        KafkaOptions kafkaOptions;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ModelRegistry registry = registryOptions.open();
            PrintWriter out = spec.commandLine().getOut();
            Optional<String> before = registry.promoted().map(ModelRegistry.Entry::version);
            ModelRegistry.Promotion p = kafkaOptions.apply(sink -> registry.promote(version, sink));
            out.println(before.filter(version::equals).isPresent()
                    ? version + " was already the promoted model"
                    : "promoted " + p.version() + (p.previous() == null ? "" : " (was " + p.previous() + ")"));
            out.println(kafkaOptions.recordedWhere());
            out.flush();
            return 0;
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Go back to the version promoted before the current one (after verifying its artifact).")
    static final class RollbackCommand implements Callable<Integer> {

        @Mixin
        RegistryOptions registryOptions;

        @Mixin
        KafkaOptions kafkaOptions;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ModelRegistry registry = registryOptions.open();
            PrintWriter out = spec.commandLine().getOut();
            ModelRegistry.Promotion p = kafkaOptions.apply(registry::rollback);
            out.println("rolled back from " + p.previous() + " to " + p.version());
            out.println(kafkaOptions.recordedWhere());
            out.flush();
            return 0;
        }
    }
}
