package io.topowatch.cli;

import io.topowatch.sim.DemoScenario;
import io.topowatch.sim.ScanPublisher;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Publish simulated field-sweep scans to a Kafka cluster's raw-scan topic.")
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

    @Override
    public Integer call() throws Exception {
        if (experiments < 1) {
            throw new IllegalArgumentException("--experiments must be at least 1, got " + experiments);
        }
        try (ScanPublisher publisher = new ScanPublisher(bootstrapServers, Map.of(), rate)) {
            for (int i = 1; i <= experiments; i++) {
                int sent = publisher.publish(DemoScenario.experiment(String.format("sim-%03d", i), seed + i));
                System.out.println("experiment sim-" + String.format("%03d", i) + ": " + sent + " scans");
            }
        }
        return 0;
    }
}
