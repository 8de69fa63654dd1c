package io.topowatch.cli;

import io.topowatch.sim.TransitionFigure;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "figure", mixinStandardHelpOptions = true,
        description = "Render the simulator's figure of spectra across a band inversion to a PNG.")
final class FigureCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "docs/simulator-transition.png", paramLabel = "FILE",
            description = "PNG to write (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--curves", defaultValue = "10", paramLabel = "N",
            description = "Field setpoints drawn, 0 to 9 T (default ${DEFAULT-VALUE}).")
    int curves;

    @Override
    public Integer call() throws Exception {
        TransitionFigure.write(out, curves);
        System.out.println("figure written to " + out);
        return 0;
    }
}
