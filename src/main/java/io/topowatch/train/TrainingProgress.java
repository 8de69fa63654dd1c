package io.topowatch.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A per-epoch progress bar for {@code topowatch train}. On a terminal it redraws one line in place while an
 * epoch runs ({@code epoch  3/30 [#########           ]  45%  loss 0.4123}) and ends each epoch with its
 * full line; elsewhere (a log file, CI) it writes only the epoch lines, one per epoch:
 * {@code epoch   3/30  loss 0.3347  val_loss 0.4091  val_acc 0.851  7.8s  *} ({@code *}: the best epoch
 * so far, whose parameters are kept).
 */
public final class TrainingProgress implements TrainingListener {

    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private long lastDraw;
    private int drawnLength;

    /**
     * @param out      where to write (stderr, so stdout keeps the command's results)
     * @param terminal whether {@code out} is a terminal that understands a carriage return
     */
    public TrainingProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** To stderr, as a bar when the JVM has a console (stdin and stdout are terminals), else line by line. */
    public static TrainingProgress toStderr() {
        return new TrainingProgress(System.err, System.console() != null);
    }

    @Override
    public void onBatch(int epoch, int epochs, int batch, int batches, double meanLoss) {
        if (!terminal) {
            return;
        }
        long now = System.nanoTime();
        if (batch < batches && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double done = (double) batch / batches;
        int filled = (int) Math.round(done * WIDTH);
        String line = String.format(Locale.ROOT, "epoch %3d/%d [%s%s] %3d%%  loss %.4f", epoch, epochs,
                "#".repeat(filled), " ".repeat(WIDTH - filled), Math.round(done * 100), meanLoss);
        draw(line);
    }

    @Override
    public void onEpoch(EpochStats stats, int epochs, boolean improved) {
        String line = epochLine(stats, epochs, improved);
        if (terminal) {
            draw(line);
            out.println();
            drawnLength = 0;
        } else {
            out.println(line);
        }
        out.flush();
    }

    @Override
    public void onEarlyStop(int patience, int bestEpoch) {
        out.printf(Locale.ROOT, "early stop: no lower validation loss for %d epochs; keeping epoch %d%n", patience,
                bestEpoch);
        out.flush();
    }

    /** The line of a finished epoch, as the trainer also logs it. */
    public static String epochLine(EpochStats s, int epochs, boolean improved) {
        return String.format(Locale.ROOT, "epoch %3d/%d  loss %.4f  val_loss %.4f  val_acc %.3f  %.1fs%s", s.epoch(),
                epochs, s.trainLoss(), s.validationLoss(), s.validationAccuracy(), s.seconds(), improved ? "  *" : "");
    }

    private void draw(String line) {
        String padded = line.length() < drawnLength ? line + " ".repeat(drawnLength - line.length()) : line;
        out.print('\r');
        out.print(padded);
        out.flush();
        drawnLength = line.length();
    }
}
