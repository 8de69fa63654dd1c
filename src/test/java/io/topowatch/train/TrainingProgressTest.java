package io.topowatch.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TrainingProgressTest {

    @Test
    void withoutATerminalOneLinePerEpochAndNoBar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TrainingProgress p = new TrainingProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        p.onBatch(1, 3, 1, 10, 0.7);
        p.onEpoch(new EpochStats(1, 0.5122, 0.448, 0.813, 7.1), 3, true);
        p.onBatch(2, 3, 10, 10, 0.4);
        p.onEpoch(new EpochStats(2, 0.4053, 0.52, 0.80, 7.6), 3, false);
        p.onEarlyStop(1, 1);

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("""
                epoch   1/3  loss 0.5122  val_loss 0.4480  val_acc 0.813  7.1s  *
                epoch   2/3  loss 0.4053  val_loss 0.5200  val_acc 0.800  7.6s
                early stop: no lower validation loss for 1 epochs; keeping epoch 1
                """);
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlaceAndEachEpochEndsItsLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TrainingProgress p = new TrainingProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        p.onBatch(1, 2, 5, 10, 0.61234);
        p.onBatch(1, 2, 10, 10, 0.5);
        p.onEpoch(new EpochStats(1, 0.5, 0.45, 0.81, 2.0), 2, true);
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(out).contains("\repoch   1/2 [############            ]  50%  loss 0.6123")
                .contains("\repoch   1/2 [########################] 100%  loss 0.5000")
                .endsWith("val_acc 0.810  2.0s  *" + " ".repeat(0) + System.lineSeparator());
        assertThat(out.chars().filter(c -> c == '\n').count()).as("one finished line").isEqualTo(1);
    }
}
