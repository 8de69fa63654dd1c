package io.topowatch.cli;

import io.topowatch.spectrum.format.Diagnostic;
import io.topowatch.spectrum.format.XasData;
import io.topowatch.spectrum.format.XasFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code topowatch validate FILE...}: reads each file (XDI, column file or Materials Project JSON) and prints its
 * problems, compiler style, on stderr: {@code error: FILE:LINE: message} and {@code warning: FILE:LINE: message}
 * (LINE 0 when not bound to a line). On stdout, one summary line per usable file. Exit 0 when every file is usable,
 * 1 when any is not. Never a stack trace, except with {@code --debug} for a failure of the reader itself.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check XAS files (XDI 1.0, plain columns, Materials Project JSON): exit 0 when all are usable.")
final class ValidateCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to check.")
    List<Path> files;

    @Option(names = "--debug", description = "Show the stack trace when reading a file fails unexpectedly.")
    boolean debug;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean allUsable = true;
        for (Path file : files) {
            allUsable &= validate(file, out, err);
        }
        out.flush();
        err.flush();
        return allUsable ? 0 : 1;
    }

    private boolean validate(Path file, PrintWriter out, PrintWriter err) {
        XasData data;
        try {
            data = XasFiles.read(file);
        } catch (NoSuchFileException e) {
            err.println(Diagnostic.error(file.toString(), 0, "no such file"));
            return false;
        } catch (IOException e) {
            String reason = oneLine(e);
            String prefix = file + ": ";
            err.println(Diagnostic.error(file.toString(), 0,
                    "cannot read: " + (reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason)));
            return false;
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            err.println(Diagnostic.error(file.toString(), 0, "internal error while reading ("
                    + e.getClass().getSimpleName() + ": " + oneLine(e) + ")" + (debug ? "" : "; --debug shows more")));
            if (debug) {
                e.printStackTrace(err);
            }
            return false;
        }
        data.diagnostics().forEach(err::println);
        if (data.isUsable()) {
            out.println(file + ": ok, " + describe(data));
        }
        return data.isUsable();
    }

    private static String describe(XasData data) {
        String absorber = data.element().isPresent() && data.edge().isPresent()
                ? data.element().get() + " " + data.edge().get() + " edge" : "no absorber/edge";
        String kind = data.isSpectrum() ? "XAS spectrum" : "not an XAS spectrum (cannot be normalised)";
        return data.format() + ", " + absorber + ", " + data.points() + " points, " + data.warnings().size()
                + " warning(s); " + kind;
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
