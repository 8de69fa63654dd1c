package io.topowatch.cli;

import io.topowatch.bench.WebSocketLoad;
import io.topowatch.ingest.ScanFormat;
import io.topowatch.stream.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run the JMH benchmarks shipped in the jar (all, or those matching a pattern),",
            "or with --rate an end-to-end load test: embedded broker and pipeline as in demo, simulated scans at R/s,",
            "p50/p99 latency from scan produced to score appended, and the throughput achieved;",
            "or with --ws-clients N a load test of the dashboard's websocket fan-out (dashboard alone, no Kafka;",
            "N clients plus one that never reads)."})
final class BenchCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "PATTERN",
            description = "Regular expressions of benchmark names, e.g. Preprocessing (default: all).")
    List<String> patterns;

    @Option(names = "--quick", description = "One fork, short warm-up and measurement: a smoke run, not a figure to record.")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", arity = "0..1", fallbackValue = "",
            description = "JMH: also write JMH's JSON results to FILE. --rate: print the result as one JSON object "
                    + "(and write it to FILE when given).")
    String json;

    @Option(names = "--rate", paramLabel = "SCANS_PER_S",
            description = "End-to-end load test at this many scans per second instead of JMH.")
    Double rate;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "30",
            description = "--rate, --ws-clients: seconds of measured load (default ${DEFAULT-VALUE}).")
    double durationSeconds;

    @Option(names = "--warmup", paramLabel = "SECONDS",
            description = "--rate, --ws-clients: seconds of load before measuring, excluded from the figures "
                    + "(default " + RATE_WARMUP_S + " for --rate: on two cores the JIT compilers of the stream and of the "
                    + "broker stay busy for about a minute at 200 scans/s; " + WS_WARMUP_S + " for --ws-clients: a "
                    + "thousand sockets take a while to settle).")
    Double warmupSeconds;

    static final double RATE_WARMUP_S = 60;
    static final double WS_WARMUP_S = 20;

    @Option(names = "--ws-clients", paramLabel = "N",
            description = "Websocket load test with N clients on loopback instead of JMH (see docs/BENCHMARKS.md).")
    Integer wsClients;

    @Option(names = "--points-per-second", paramLabel = "R", defaultValue = "200",
            description = "--ws-clients: trajectory points fed per second (default ${DEFAULT-VALUE}).")
    double pointsPerSecond;

    @Option(names = "--no-slow-client", description = "--ws-clients: leave out the client that never reads.")
    boolean noSlowClient;

    @Option(names = "--client-event-loops", paramLabel = "N", defaultValue = "1",
            description = "--ws-clients: event-loop threads the clients share (default ${DEFAULT-VALUE}).")
    int clientEventLoops;

    @Option(names = "--max-p99-ms", paramLabel = "MS", defaultValue = "2000",
            description = "--rate: the run counts as sustained when every scan is scored, the backlog drains within "
                    + "2 s and p99 latency is at most this (default ${DEFAULT-VALUE}).")
    double maxP99Ms;

    @Option(names = "--seed", defaultValue = "42", description = "--rate: simulator seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--format", paramLabel = "json|msgpack", defaultValue = "msgpack", converter = ReplayCommand.FormatOption.class,
            description = "--rate: encoding of the raw scan records the bench publishes (default ${DEFAULT-VALUE}; "
                    + "the stream reads both).")
    ScanFormat format;

    @Option(names = "--scores-csv", paramLabel = "FILE",
            description = "--rate: also write one line per measured score to FILE (produced, scored, appended and "
                    + "received times, epoch ms), to look into the latency tail.")
    Path scoresCsv;

    @Mixin
    ConfigOptions configOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (rate != null && wsClients != null) {
            throw new ParameterException(spec.commandLine(), "--rate and --ws-clients are two different load tests: give one");
        }
        if (rate != null) {
            return rateMode();
        }
        if (wsClients != null) {
            return webSocketMode();
        }
        if (json != null && json.isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "--json needs a FILE for JMH results (without --rate)");
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

    private Integer rateMode() throws Exception {
        String problem = !(rate > 0) || !Double.isFinite(rate) ? "--rate must be a positive number of scans per second, got " + rate
                : !(durationSeconds > 0) ? "--duration must be a positive number of seconds, got " + durationSeconds
                : !(maxP99Ms > 0) ? "--max-p99-ms must be positive, got " + maxP99Ms
                : !(warmup(RATE_WARMUP_S) >= 0) ? "--warmup must be >= 0 seconds, got " + warmupSeconds
                : patterns != null && !patterns.isEmpty() ? "--rate takes no benchmark PATTERN, got " + patterns
                : quick ? "--quick is for JMH benchmarks, not --rate"
                : scoresCsv != null && !Files.isDirectory(scoresCsv.toAbsolutePath().getParent())
                        ? "--scores-csv: no folder " + scoresCsv.toAbsolutePath().getParent() + " to write "
                                + scoresCsv.getFileName() + " in" : null;
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        Path dir = Files.createTempDirectory("topowatch-bench");
        RateBench.Result r;
        try {
            r = RateBench.run(configOptions.load(), dir, rate,
                    Duration.ofMillis(Math.round(durationSeconds * 1000)),
                    Duration.ofMillis(Math.round(warmup(RATE_WARMUP_S) * 1000)), seed, maxP99Ms, format, scoresCsv);
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json != null) {
            String text = Json.write(r);
            out.println(text);
            if (!json.isEmpty()) {
                Files.writeString(Path.of(json), text + "\n");
            }
        } else {
            out.printf(Locale.ROOT, "rate %.1f scans/s for %.0f s (after %.0f s warm-up and %.1f s working off its backlog):"
                    + " sent %d, produced %.1f/s,"
                    + " scored %d of %d scans in %d scores, %.1f scans/s, drained in %.1f s%s%n", r.targetScansPerSecond(),
                    r.durationSeconds(), r.warmupSeconds(), r.settleSeconds(), r.scansSent(), r.producedScansPerSecond(), r.scansScored(),
                    r.scansExpected(), r.scores(), r.scoredScansPerSecond(), r.drainSeconds(),
                    r.sustained() ? ", sustained" : ", NOT sustained");
            out.printf(Locale.ROOT, "latency scan produced -> score appended: p50 %.0f ms, p99 %.0f ms, max %.0f ms;"
                    + " to the consumer: p50 %.0f ms, p99 %.0f ms (%s records, model %s, %d cpus, load %.2f -> %.2f)%n",
                    r.latencyP50Ms(), r.latencyP99Ms(), r.latencyMaxMs(), r.visibleP50Ms(), r.visibleP99Ms(),
                    r.format(), r.modelVersion(), r.cpus(), r.loadAverageStart(), r.loadAverageEnd());
        }
        out.flush();
        return 0;
    }

    private double warmup(double defaultSeconds) {
        return warmupSeconds == null ? defaultSeconds : warmupSeconds;
    }

    private Integer webSocketMode() throws Exception {
        if (patterns != null && !patterns.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--ws-clients takes no benchmark PATTERN, got " + patterns);
        }
        WebSocketLoad.Settings settings;
        try {
            settings = new WebSocketLoad.Settings(wsClients, pointsPerSecond,
                    Duration.ofMillis(Math.round(durationSeconds * 1000)),
                    Duration.ofMillis(Math.round(warmup(WS_WARMUP_S) * 1000)), !noSlowClient,
                    clientEventLoops);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        var result = WebSocketLoad.run(settings, System.out);
        if (json != null && !json.isEmpty()) {
            Files.writeString(Path.of(json), result.encodePrettily() + System.lineSeparator());
        }
        return 0;
    }
}
