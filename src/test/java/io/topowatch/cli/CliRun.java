package io.topowatch.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One run of the real command line, as a user would type it, with what it printed and its exit code. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        CommandLine cli = TopoWatch.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
