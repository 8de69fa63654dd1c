package io.topowatch.cli;

import io.topowatch.bench.WebSocketLoad;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run the JMH benchmarks shipped in the jar (all, or those matching a pattern).",
                "With --ws-clients N: load-test the dashboard's websocket fan-out instead (dashboard alone, no"
                        + " Kafka; N clients plus one that never reads)."})
final class BenchCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "PATTERN",
            description = "Regular expressions of benchmark names, e.g. Preprocessing (default: all).")
    List<String> patterns;

    @Option(names = "--quick", description = "One fork, short warm-up and measurement: a smoke run, not a figure to record.")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write the results as JSON to FILE (JMH's format, or the websocket load test's).")
    String json;

    @Option(names = "--ws-clients", paramLabel = "N",
            description = "Websocket load test with N clients on loopback (see docs/BENCHMARKS.md).")
    Integer wsClients;

    @Option(names = "--points-per-second", paramLabel = "R", defaultValue = "200",
            description = "Websocket load test: trajectory points fed per second (default 200).")
    double pointsPerSecond;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "30",
            description = "Websocket load test: seconds of feeding (default 30).")
    long durationSeconds;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "20",
            description = "Websocket load test: seconds of feeding before measuring (default 20).")
    long warmupSeconds;

    @Option(names = "--no-slow-client", description = "Websocket load test: leave out the client that never reads.")
    boolean noSlowClient;

    @Override
    public Integer call() throws Exception {
        if (wsClients != null) {
            if (patterns != null && !patterns.isEmpty()) {
                throw new IllegalArgumentException("--ws-clients runs the websocket load test and takes no PATTERN");
            }
            var result = WebSocketLoad.run(new WebSocketLoad.Settings(wsClients, pointsPerSecond,
                    Duration.ofSeconds(durationSeconds), Duration.ofSeconds(warmupSeconds), !noSlowClient), System.out);
            if (json != null) {
                Files.writeString(Path.of(json), result.encodePrettily() + System.lineSeparator());
            }
            return 0;
        }
        ChainedOptionsBuilder options = new OptionsBuilder();
        if (patterns == null || patterns.isEmpty()) {
            options.include("io\\.topowatch\\.bench\\..*");
        } else {
            patterns.forEach(options::include);
        }
        if (quick) {
            options.forks(1).warmupIterations(1).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(2).measurementTime(TimeValue.seconds(1));
        }
        if (json != null) {
            options.resultFormat(org.openjdk.jmh.results.format.ResultFormatType.JSON).result(json);
        }
        if (new Runner(options.build()).run().isEmpty()) {
            throw new IllegalArgumentException("no benchmark matches " + patterns);
        }
        return 0;
    }
}
