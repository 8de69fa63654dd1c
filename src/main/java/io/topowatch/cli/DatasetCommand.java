package io.topowatch.cli;

import io.topowatch.sim.Dataset;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = "Write a labelled training set of simulated spectra of real materials (see docs/SIMULATOR.md).")
final class DatasetCommand implements Callable<Integer> {

    @Option(names = "--materials", required = true, paramLabel = "N", description = "Materials to simulate.")
    int materials;

    @Option(names = "--seed", defaultValue = "7", description = "Seed: the same seed gives byte-identical files "
            + "(default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for manifest.json and the splits.")
    Path out;

    @Option(names = "--coupling", paramLabel = "X",
            description = "Every absorber's coupling to the topological bands, 0..1 (0: spectra carry no "
                    + "topological information; default: drawn per element in 0.5..1).")
    Double coupling;

    @Option(names = "--near-critical", defaultValue = "0.25", paramLabel = "SHARE",
            description = "Share of samples with a band mass near the gap closing (2 ± 0.01..0.4), labelled by "
                    + "their exact invariant (default ${DEFAULT-VALUE}; 0: none).")
    double nearCritical;

    @Override
    public Integer call() throws Exception {
        Dataset.Manifest m = Dataset.write(out, materials, seed, coupling, nearCritical);
        m.splits().forEach((split, c) -> System.out.printf("%-10s %6d samples: %d topological, %d trivial%n",
                split, c.count(), c.topological(), c.trivial()));
        System.out.println("dataset " + m.format() + " (" + m.simulatorVersion() + ", seed " + seed + ") written to "
                + out);
        return 0;
    }
}
