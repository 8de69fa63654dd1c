package io.topowatch.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One execution of the command line with stdout and stderr captured. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        var cli = TopoWatch.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
