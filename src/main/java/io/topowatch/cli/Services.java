package io.topowatch.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.topowatch.alert.KafkaSubscriptionJournal;
import io.topowatch.broker.TopicDefinitions;
import io.topowatch.broker.TopicProvisioner;
import io.topowatch.config.TopoWatchConfig;
import io.topowatch.dashboard.DashboardConfig;
import io.topowatch.dashboard.DashboardVerticle;
import io.topowatch.dashboard.FeedRelay;
import io.topowatch.dashboard.FeedTopics;
import io.topowatch.dashboard.StreamTrajectorySource;
import io.topowatch.model.DjlScorer;
import io.topowatch.model.ModelArtifact;
import io.topowatch.model.ModelRegistry;
import io.topowatch.model.Scorer;
import io.topowatch.stream.CommitPacing;
import io.topowatch.stream.LiveScorer;
import io.topowatch.stream.ModelWatcher;
import io.topowatch.stream.PipelineOptions;
import io.topowatch.stream.ScanPipeline;
import io.topowatch.stream.StreamSettings;
import io.topowatch.stream.TrajectoryQueries;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TopoWatch's running parts against one Kafka cluster: topics, model, stream and dashboard. Started in
 * data-flow order, closed in reverse.
 */
final class Services implements AutoCloseable {

    /** Where the bundled model lives on the classpath. */
    static final String BUNDLED_MODEL = "models/topownet";

    private static final Logger LOG = LoggerFactory.getLogger(Services.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final PrometheusMeterRegistry meterRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private ScanPipeline pipeline;
    private int dashboardPort;
    private String token;
    private String modelVersion;

    static Services start(TopoWatchConfig config, Path workDir) throws Exception {
        Services s = new Services();
        try {
            s.startAll(config, workDir);
            return s;
        } catch (Exception | Error e) {
            s.close();
            throw e;
        }
    }

    private void startAll(TopoWatchConfig config, Path workDir) throws Exception {
        String bootstrap = config.kafka().bootstrapServers();
        ensureTopics(bootstrap, config.kafka().properties());

        LiveScorer scorer = new LiveScorer(loadScorer(config.model()), meterRegistry);
        started.push(scorer);
        modelVersion = scorer.modelVersion();
        LOG.info("scoring with model {}", modelVersion);

        Map<String, String> streamOverrides = new HashMap<>(config.kafka().properties());
        streamOverrides.put(StreamsConfig.APPLICATION_ID_CONFIG, config.stream().applicationId());
        streamOverrides.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.stream().processingGuarantee());
        streamOverrides.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                String.valueOf(config.stream().busyCommitIntervalMs()));
        Path stateDir = config.stream().stateDir().isBlank() ? workDir.resolve("streams")
                : Path.of(config.stream().stateDir());
        Files.createDirectories(stateDir);
        Properties settings = StreamSettings.of(bootstrap, stateDir, streamOverrides);
        pipeline = ScanPipeline.start(settings, scorer, pipelineOptions(config), meterRegistry,
                Duration.ofSeconds(90));
        started.push(pipeline);
        if (config.model().path().isBlank()) {
            // model.path pins a model; otherwise follow the registry's promotions (hot swap)
            ModelRegistry registry = new ModelRegistry(ModelRegistry.root(config.model().registry()));
            started.push(ModelWatcher.start(bootstrap, config.kafka().properties(), scorer,
                    ModelWatcher.fromRegistry(registry)));
        }

        DashboardConfig dashboardConfig = DashboardConfig.of(config.dashboard(), Services::newToken);
        token = dashboardConfig.tokens().firstToken();
        Vertx vertx = Vertx.vertx();
        started.push(() -> vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        KafkaSubscriptionJournal journal = new KafkaSubscriptionJournal(vertx, bootstrap, config.kafka().properties());
        started.push(journal);
        // The REST trajectories come from the stream's own store (interactive queries), not the dashboard's copy.
        DashboardVerticle dashboard = new DashboardVerticle(dashboardConfig, meterRegistry, journal,
                new StreamTrajectorySource(pipeline.trajectories(), dashboardConfig.historyPerSample()));
        try {
            vertx.deployVerticle(dashboard).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("dashboard cannot listen on " + config.dashboard().host() + ":"
                    + config.dashboard().port() + ": " + TopoWatch.describe(e), e);
        }
        dashboardPort = dashboard.actualPort();
        started.push(new FeedRelay(vertx, bootstrap, config.kafka().properties(), FeedTopics.ALL).start());
    }

    int dashboardPort() {
        return dashboardPort;
    }

    String token() {
        return token;
    }

    /** The model version scoring at start-up (a promotion may swap it while running). */
    String modelVersion() {
        return modelVersion;
    }

    /** The one meter registry: the stream's meters; the dashboard serves {@code scrape()} at /metrics. */
    PrometheusMeterRegistry meterRegistry() {
        return meterRegistry;
    }

    /** Each experiment's trajectory points, ordered by control variable (interactive queries). */
    TrajectoryQueries trajectoryQueries() {
        return pipeline.trajectories();
    }

    /** The model version scoring now. */
    String modelInUse() {
        return pipeline.scorer().modelVersion();
    }

    /** The stages' options: batching and timeouts from {@code stream.*}, the detector from {@code detector.*}. */
    static PipelineOptions pipelineOptions(TopoWatchConfig config) {
        TopoWatchConfig.Stream stream = config.stream();
        return new PipelineOptions(Duration.ofMillis(stream.assemblyTimeoutMs()),
                Duration.ofMillis(stream.emittedRetentionMs()), stream.batchSize(),
                Duration.ofMillis(stream.batchMaxWaitMs()), config.detector().settings(),
                new CommitPacing(Duration.ofMillis(stream.commitIntervalMs()),
                        Duration.ofMillis(stream.busyCommitIntervalMs())),
                Duration.ofMillis(stream.measuredSpectrumIntervalMs()));
    }

    /** Registers something started after the services, to be closed before them. */
    void closeFirst(AutoCloseable resource) {
        started.push(resource);
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable resource = started.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("error while shutting down {}: {}", resource, e.toString());
            }
        }
    }

    static void ensureTopics(String bootstrap, Map<String, String> clientProperties) throws Exception {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            TopicProvisioner.Report report = TopicProvisioner.ensure(admin, TopicDefinitions.bundled());
            if (!report.created().isEmpty()) {
                LOG.info("created topics {}", report.created());
            }
        }
    }

    /**
     * The model to score with: {@code model.path} when set; else the version promoted in the registry
     * ({@code model.registry}); else the model bundled in the jar. Scores with {@code model.mcPasses} MC-dropout
     * passes, on {@code model.threads} PyTorch threads when the engine has not loaded yet.
     */
    static Scorer loadScorer(TopoWatchConfig.Model model) throws Exception {
        DjlScorer.configureThreads(model.threads());
        int passes = model.mcPasses();
        if (!model.path().isBlank()) {
            return new DjlScorer(ModelArtifact.load(Path.of(model.path())), passes);
        }
        Path root = ModelRegistry.root(model.registry());
        ModelRegistry registry = new ModelRegistry(root);
        Optional<ModelRegistry.Entry> promoted = Files.isDirectory(root) ? registry.promoted() : Optional.empty();
        if (promoted.isPresent()) {
            LOG.info("model {} is promoted in {}", promoted.get().version(), root);
            return new DjlScorer(registry.load(promoted.get().version()), passes);
        }
        return new DjlScorer(ModelArtifact.loadFromClasspath(BUNDLED_MODEL), passes);
    }

    static String newToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
