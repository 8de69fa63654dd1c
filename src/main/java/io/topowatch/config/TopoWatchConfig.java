package io.topowatch.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.dataformat.javaprop.JavaPropsMapper;
import io.topowatch.alert.DetectorSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * TopoWatch's one configuration: built-in defaults, then an optional properties file, then environment
 * variables, each overriding the last. A variable names a key in upper case with dots and camel-case
 * humps as underscores: {@code TOPOWATCH_DASHBOARD_PORT} sets {@code dashboard.port},
 * {@code TOPOWATCH_KAFKA_BOOTSTRAP_SERVERS} sets {@code kafka.bootstrapServers}.
 * {@code kafka.properties.*} passes any Kafka client or Streams setting through (SASL, TLS, …).
 */
public record TopoWatchConfig(Kafka kafka, Stream stream, Dashboard dashboard, Model model, Simulator simulator,
        Detector detector) {

    /** The sections before {@code detector}, with the default detector settings. */
    public TopoWatchConfig(Kafka kafka, Stream stream, Dashboard dashboard, Model model, Simulator simulator) {
        this(kafka, stream, dashboard, model, simulator, Detector.defaults());
    }

    public TopoWatchConfig {
        if (detector == null) {
            detector = Detector.defaults();
        }
    }

    /** Where the cluster is and any extra client settings. */
    public record Kafka(String bootstrapServers, Map<String, String> properties) {}

    /**
     * The stream application.
     *
     * @param batchSize          most samples scored in one model call
     * @param batchMaxWaitMs     longest a sample waits for its batch to fill
     * @param assemblyTimeoutMs  how long a sample at one setpoint waits for its missing elements before it is
     *                           scored as a partial sample
     * @param emittedRetentionMs how long a scored setpoint is remembered, so that a late scan for it becomes a
     *                           dead letter
     * @param commitIntervalMs   while the stream keeps up, the shortest time between the commits it asks for
     *                           after each scored batch: under exactly-once, about how long a score waits before
     *                           consumers reading committed data see it
     * @param busyCommitIntervalMs Kafka Streams' commit.interval.ms, the interval while the stream works off a
     *                           backlog (a scored scan produced longer ago than this): fewer, larger transactions
     * @param measuredSpectrumIntervalMs how often, at most, a (sample, element)'s normalised-spectrum record also
     *                           carries the measured energy and mu arrays (0: always)
     */
    public record Stream(String applicationId, String processingGuarantee, String stateDir, int batchSize,
            long batchMaxWaitMs, long assemblyTimeoutMs, long emittedRetentionMs, long commitIntervalMs,
            long busyCommitIntervalMs, long measuredSpectrumIntervalMs) {

        /** The stream settings with the default batching, timeouts and commit intervals. */
        public Stream(String applicationId, String processingGuarantee, String stateDir) {
            this(applicationId, processingGuarantee, stateDir, 64, 10, 60_000, 3_600_000, 20, 250, 250);
        }
    }

    /**
     * The dashboard's HTTP server; an empty token (and no {@code tokens}) means "generate one at start-up".
     *
     * @param tokens              experiment-scoped tokens, {@code tokA:exp-1*,tokB:*} (see dashboard.TokenScopes);
     *                            {@code token} is added with scope {@code *}
     * @param allowedOrigins      comma-separated browser origins allowed on the websocket; empty = same origin
     * @param tlsCertPath         PEM certificate (chain); with {@code tlsKeyPath} the dashboard serves HTTPS/WSS
     * @param tlsKeyPath          PEM private key
     * @param alertHoldOffSeconds repeats of an alarm within this many seconds fold into it
     */
    public record Dashboard(String host, int port, String token, String tokens, String allowedOrigins,
                            String tlsCertPath, String tlsKeyPath, long alertHoldOffSeconds) {

        /** Host, port and one all-experiments token; defaults for the rest. */
        public Dashboard(String host, int port, String token) {
            this(host, port, token, "", "", "", "", 600);
        }
    }

    /**
     * The model to score with, the model registry, and how the scorer runs.
     *
     * @param path     a model artifact directory, or empty for the model bundled in the jar
     * @param registry the model registry's folder ({@code topowatch models}), or empty for
     *                 {@code ~/.topowatch/models}
     * @param threads  PyTorch intra-op and inter-op threads (set before the engine loads); 0 leaves
     *                 PyTorch's own default (one per core)
     * @param mcPasses MC-dropout passes per scored sample (the uncertainty bars); 0 scores deterministically
     *                 with uncertainty 0
     */
    public record Model(String path, String registry, int threads, int mcPasses) {

        /** Default {@link #mcPasses}: the stream's 20 MC-dropout passes. */
        public static final int DEFAULT_MC_PASSES = 20;

        public Model {
            if (threads < 0) {
                throw new IllegalArgumentException("model.threads must be >= 0 (0: PyTorch's default), got " + threads);
            }
            if (mcPasses < 0) {
                throw new IllegalArgumentException("model.mcPasses must be >= 0 (0: no MC dropout), got " + mcPasses);
            }
        }

        /** A model path and registry with the default threads and MC passes. */
        public Model(String path, String registry) {
            this(path, registry, 0, DEFAULT_MC_PASSES);
        }

        /** A model path with the default registry. */
        public Model(String path) {
            this(path, "");
        }
    }

    /** The demo's simulator. */
    public record Simulator(double scansPerSecond, long seed) {}

    /**
     * The transition detector of the stream's alert stage ({@code detector.*}); each key is the
     * {@link DetectorSettings} parameter of the same name, with its default and its meaning
     * (docs/MODEL.md, "Transition detection"). The calibration keys ({@code classifierOffset},
     * {@code trivialSideWidening}, {@code topologicalSideWidening}) belong to the model: re-measure them with
     * {@code topowatch detect-eval} when scoring with another one.
     *
     * @param controlVariable the swept control key; empty: the one whose values vary most
     */
    public record Detector(double hysteresis, double uncertaintyZ, double uncertaintyFloor, int minSegment,
            int confirmPoints, double minStep, double minConfidence, DetectorSettings.ConfidenceMethod confidenceMethod,
            int permutations, double intervalMass, double classifierOffset, double trivialSideWidening,
            double topologicalSideWidening, double steerConfidence, double steerResolution, String controlVariable) {

        public Detector {
            controlVariable = controlVariable == null ? "" : controlVariable.strip();
            settings(hysteresis, uncertaintyZ, uncertaintyFloor, minSegment, confirmPoints, minStep, minConfidence,
                    confidenceMethod, permutations, intervalMass, classifierOffset, trivialSideWidening,
                    topologicalSideWidening, steerConfidence, steerResolution, controlVariable);
        }

        /** {@link DetectorSettings#defaults()} as configuration. */
        public static Detector defaults() {
            return of(DetectorSettings.defaults());
        }

        public static Detector of(DetectorSettings s) {
            return new Detector(s.hysteresis(), s.uncertaintyZ(), s.uncertaintyFloor(), s.minSegment(),
                    s.confirmPoints(), s.minStep(), s.minConfidence(), s.confidenceMethod(), s.permutations(),
                    s.intervalMass(), s.classifierOffset(), s.trivialSideWidening(), s.topologicalSideWidening(),
                    s.steerConfidence(), s.steerResolution(), s.controlVariable());
        }

        /** The detector settings these keys give (validated when the configuration is built). */
        public DetectorSettings settings() {
            return settings(hysteresis, uncertaintyZ, uncertaintyFloor, minSegment, confirmPoints, minStep,
                    minConfidence, confidenceMethod, permutations, intervalMass, classifierOffset,
                    trivialSideWidening, topologicalSideWidening, steerConfidence, steerResolution, controlVariable);
        }

        private static DetectorSettings settings(double hysteresis, double uncertaintyZ, double uncertaintyFloor,
                int minSegment, int confirmPoints, double minStep, double minConfidence,
                DetectorSettings.ConfidenceMethod confidenceMethod, int permutations, double intervalMass,
                double classifierOffset, double trivialSideWidening, double topologicalSideWidening,
                double steerConfidence, double steerResolution, String controlVariable) {
            try {
                return new DetectorSettings(hysteresis, uncertaintyZ, uncertaintyFloor, minSegment, confirmPoints,
                        minStep, minConfidence, confidenceMethod, permutations, intervalMass, classifierOffset,
                        trivialSideWidening, topologicalSideWidening, steerConfidence, steerResolution,
                        controlVariable == null || controlVariable.isBlank() ? null : controlVariable);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("detector." + e.getMessage(), e);
            }
        }
    }

    /** This configuration with another cluster address. */
    public TopoWatchConfig withBootstrapServers(String bootstrapServers) {
        return new TopoWatchConfig(new Kafka(bootstrapServers, kafka.properties()), stream, dashboard, model, simulator,
                detector);
    }

    /** This configuration with another dashboard port. */
    public TopoWatchConfig withDashboardPort(int port) {
        Dashboard d = dashboard;
        return new TopoWatchConfig(kafka, stream, new Dashboard(d.host(), port, d.token(), d.tokens(),
                d.allowedOrigins(), d.tlsCertPath(), d.tlsKeyPath(), d.alertHoldOffSeconds()), model,
                simulator, detector);
    }

    /** This configuration with another simulator rate. */
    public TopoWatchConfig withScansPerSecond(double scansPerSecond) {
        return new TopoWatchConfig(kafka, stream, dashboard, model, new Simulator(scansPerSecond, simulator.seed()),
                detector);
    }

    public static final String ENV_PREFIX = "TOPOWATCH_";
    public static final String KAFKA_PROPERTIES_PREFIX = "kafka.properties.";

    private static final JavaPropsMapper MAPPER = (JavaPropsMapper) new JavaPropsMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static TopoWatchConfig defaults() {
        return new TopoWatchConfig(
                new Kafka("127.0.0.1:9092", Map.of()),
                new Stream("topowatch-stream", "exactly_once_v2", ""),
                new Dashboard("0.0.0.0", 8080, ""),
                new Model("", ""),
                new Simulator(10.0, 42L),
                Detector.defaults());
    }

    /**
     * Loads the configuration.
     *
     * @param file an optional properties file (null for none)
     * @param env  the environment, normally {@code System.getenv()}
     * @throws IllegalArgumentException naming the file, key or variable at fault
     */
    public static TopoWatchConfig load(Path file, Map<String, String> env) {
        Properties merged;
        try {
            merged = MAPPER.writeValueAsProperties(defaults());
        } catch (IOException e) {
            throw new IllegalStateException("cannot flatten the default configuration", e);
        }
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("config file not found: " + file);
            }
            Properties fromFile = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                fromFile.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("config file " + file + " is not a properties file: "
                        + e.getMessage());
            }
            merged.putAll(fromFile);
        }
        Map<String, String> byEnvName = new HashMap<>();
        for (String key : merged.stringPropertyNames()) {
            byEnvName.put(envName(key), key);
        }
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && byEnvName.containsKey(name)) {
                merged.setProperty(byEnvName.get(name), value);
            }
        });
        // Kafka's own keys contain dots, which the binder would read as nesting: take them out whole.
        Map<String, String> kafkaProperties = new java.util.TreeMap<>();
        for (String key : merged.stringPropertyNames()) {
            if (key.startsWith(KAFKA_PROPERTIES_PREFIX)) {
                kafkaProperties.put(key.substring(KAFKA_PROPERTIES_PREFIX.length()), merged.getProperty(key));
                merged.remove(key);
            }
        }
        try {
            TopoWatchConfig bound = MAPPER.readPropertiesAs(merged, TopoWatchConfig.class);
            return new TopoWatchConfig(new Kafka(bound.kafka().bootstrapServers(), Map.copyOf(kafkaProperties)),
                    bound.stream(), bound.dashboard(), bound.model(), bound.simulator(), bound.detector());
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException("configuration: " + cause.getMessage()
                    + (file == null ? "" : " [file " + file + "]"));
        } catch (JsonMappingException e) {
            String key = e.getPath().stream().map(r -> r.getFieldName()).reduce((a, b) -> a + "." + b).orElse("?");
            throw new IllegalArgumentException("configuration key '" + key + "' (or " + envName(key) + "): "
                    + e.getOriginalMessage() + (file == null ? "" : " [file " + file + "]"));
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid configuration: " + e.getMessage());
        }
    }

    /** {@code dashboard.port} → {@code TOPOWATCH_DASHBOARD_PORT}; {@code kafka.bootstrapServers} → {@code …_BOOTSTRAP_SERVERS}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
    }
}
