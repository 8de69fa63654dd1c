package io.topowatch.cli;

import io.topowatch.ingest.ScanFormat;
import io.topowatch.sim.Beamline;
import io.topowatch.sim.DemoScenario;
import io.topowatch.sim.Experiment;
import io.topowatch.sim.ExperimentGenerator;
import io.topowatch.sim.ScanPublisher;
import io.topowatch.stream.Json;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.topowatch.broker.TopicDefinition;
import io.topowatch.broker.TopicProvisioner;
import io.topowatch.ingest.bluesky.BlueskyDocument;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Publish simulated field- and strain-sweep scans of real labelled materials to a Kafka "
                + "cluster's raw-scan topic.")
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT", description = "Kafka cluster.")
    String bootstrapServers;

    @Option(names = "--experiments", defaultValue = "1", description = "Experiments to run (default ${DEFAULT-VALUE}).")
    int experiments;

    @Option(names = "--rate", defaultValue = "10", paramLabel = "SCANS_PER_S",
            description = "Scans per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--seed", defaultValue = "42", description = "Seed: the same seed gives the same scans.")
    long seed;

    @Option(names = "--crossing-fraction", defaultValue = "0.5", paramLabel = "F",
            description = "Share of experiments driven through a band inversion (default ${DEFAULT-VALUE}).")
    double crossingFraction;

    @Option(names = "--setpoints", defaultValue = "19", paramLabel = "N",
            description = "Setpoints per sweep (default ${DEFAULT-VALUE}).")
    int setpoints;

    @Option(names = "--ideal", description = "Clean transmission scans: no glitches, calibration offsets, varied "
            + "grids, fluorescence, missing or out-of-order scans.")
    boolean ideal;

    @Option(names = "--demo", description = "Publish the demo's three-sample field sweep instead (MgO, Bi2Se3, GeTe).")
    boolean demo;

    @Option(names = "--bluesky", description = "Also publish every scan as Bluesky event-model documents "
            + "(msgpack [name, doc] pairs, as bluesky-kafka does) on BEAMLINE.bluesky.runengine.documents.")
    boolean bluesky;

    @Option(names = "--beamline", defaultValue = "topowatch-sim", paramLabel = "NAME",
            description = "Beamline name for the Bluesky topic and start documents (default ${DEFAULT-VALUE}).")
    String beamline;

    @Option(names = "--format", paramLabel = "json|msgpack", defaultValue = "json",
            converter = ReplayCommand.FormatOption.class,
            description = "Encoding of the raw scan records: json or msgpack (arrays as msgpack-numpy ndarrays, "
                    + "faster to decode); the stream reads both (default ${DEFAULT-VALUE}).")
    ScanFormat format;

    @Option(names = "--ground-truth", paramLabel = "FILE",
            description = "Also write each experiment's ground truth (critical points, Chern number per setpoint) "
                    + "as one JSON line per experiment.")
    Path groundTruth;

    @Override
    public Integer call() throws Exception {
        if (experiments < 1) {
            throw new IllegalArgumentException("--experiments must be at least 1, got " + experiments);
        }
        ExperimentGenerator.Options options = ExperimentGenerator.Options.defaults()
                .withCrossingFraction(crossingFraction).withSetpoints(setpoints)
                .withBeamline(ideal ? Beamline.IDEAL : Beamline.REALISTIC);
        if (bluesky) {
            createBlueskyTopic();
        }
        try (ScanPublisher publisher = new ScanPublisher(bootstrapServers, Map.of(), rate, format);
                BufferedWriter truth = groundTruth == null ? null
                        : Files.newBufferedWriter(groundTruth, StandardCharsets.UTF_8)) {
            for (int i = 1; i <= experiments; i++) {
                String id = String.format("sim-%03d", i);
                Experiment experiment = demo ? DemoScenario.experiment(id, seed + i)
                        : ExperimentGenerator.generate(id, seed + i, options);
                if (truth != null) {
                    truth.write(Json.write(experiment.groundTruth()));
                    truth.write('\n');
                    truth.flush();
                }
                int sent = publisher.publish(experiment, bluesky ? beamline : null);
                System.out.println("experiment " + id + ": " + sent + " scans");
            }
        }
        return 0;
    }

    /** One partition, so the documents of every run arrive in the order the RunEngine emitted them. */
    private void createBlueskyTopic() throws Exception {
        TopicDefinition topic = new TopicDefinition(BlueskyDocument.topic(beamline),
                "Bluesky RunEngine documents of beamline " + beamline, 1, (short) 3,
                Map.of("cleanup.policy", "delete", "retention.ms", "1209600000", "min.insync.replicas", "2"),
                null, null);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            TopicProvisioner.ensure(admin, List.of(topic));
        }
    }
}
