package io.topowatch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code topowatch} command line. */
@Command(name = "topowatch",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Live monitor of electronic band topology from in-situ XANES scans.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            TopicsCommand.class,
            SimulateCommand.class,
            ReplayCommand.class,
            TrainCommand.class,
            DatasetCommand.class,
            FigureCommand.class,
            BenchCommand.class,
            ValidateCommand.class,
            NormalizeCommand.class,
            EvaluateCommand.class,
            ModelsCommand.class,
            DetectEvalCommand.class,
            CommandLine.HelpCommand.class
        })
public final class TopoWatch implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int exitCode = 1;
        try {
            exitCode = commandLine().execute(args);
        } finally {
            // Always exit: non-daemon threads (Vert.x event loops) would otherwise keep a failed JVM alive.
            System.exit(exitCode);
        }
    }

    /** The configured command line: errors are one clear line on stderr, never a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TopoWatch());
        cli.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
            // The qualified name: "topowatch demo", "topowatch models promote".
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": error: " + describe(error));
            return 1;
        });
        return cli;
    }

    static String describe(Throwable error) {
        Throwable t = error;
        while ((t instanceof java.util.concurrent.ExecutionException || t instanceof java.io.UncheckedIOException
                || t.getMessage() == null) && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
