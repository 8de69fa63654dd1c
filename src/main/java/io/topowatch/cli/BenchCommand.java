package io.topowatch.cli;

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
        description = "Run the JMH benchmarks shipped in the jar (all, or those matching a pattern).")
final class BenchCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "PATTERN",
            description = "Regular expressions of benchmark names, e.g. Preprocessing (default: all).")
    List<String> patterns;

    @Option(names = "--quick", description = "One fork, short warm-up and measurement: a smoke run, not a figure to record.")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write JMH's JSON results to FILE.")
    String json;

    @Override
    public Integer call() throws Exception {
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
