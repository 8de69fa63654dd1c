package io.topowatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.topowatch.spectrum.format.MuSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XdiFolderWatcherTest {

    @TempDir
    Path dir;

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(50);
        }
    }

    @Test
    void filesPresentAtStartAndDroppedLaterArePublishedOnceAndMoved() throws Exception {
        Files.writeString(dir.resolve("first.xdi"), XdiScansTest.cuWithTopoWatchHeader());
        Files.writeString(dir.resolve("broken.xdi"), "# XDI/1.0\n# Element.symbol: Cu\n#----\n1 2\n3\n");
        Files.writeString(dir.resolve(".hidden.xdi"), "ignored");
        List<ScanRecord> sent = new CopyOnWriteArrayList<>();
        try (XdiFolderWatcher watcher = XdiFolderWatcher.start(dir, ScanOverrides.none(), MuSource.auto(), sent::add)) {
            await(() -> Files.exists(dir.resolve("done/first.xdi")) && Files.exists(dir.resolve("failed/broken.xdi")));
            assertThat(sent).hasSize(1);
            assertThat(sent.get(0).scanId()).isEqualTo("exp-xdi/Cu/3/Cu/first.xdi");
            String error = Files.readString(dir.resolve("failed/broken.xdi.error"));
            assertThat(error).startsWith("error: " + dir.resolve("broken.xdi").toAbsolutePath());
            assertThat(error).contains(":5:");

            // written under a temporary name, then renamed into place, as a careful writer does
            Path part = dir.resolve("second.xdi.part");
            Files.writeString(part, XdiScansTest.cuWithTopoWatchHeader().replace("setpoint: 3", "setpoint: 4"));
            Files.move(part, dir.resolve("second.xdi"));
            await(() -> Files.exists(dir.resolve("done/second.xdi")));
            Thread.sleep(2 * XdiFolderWatcher.SETTLE.toMillis());
            assertThat(sent).extracting(ScanRecord::setpoint).containsExactly(3, 4);
            assertThat(watcher.published()).isEqualTo(2);
            assertThat(watcher.rejected()).isEqualTo(1);
            assertThat(dir.resolve(".hidden.xdi")).exists();
        }
    }

    @Test
    void aFileThatCannotBePublishedGoesToFailedWithTheReason() throws Exception {
        XdiFolderWatcher.Sink down = scan -> {
            throw new IllegalStateException("could not publish scan " + scan.scanId() + ": broker unreachable");
        };
        Files.writeString(dir.resolve("a.xdi"), XdiScansTest.cuWithTopoWatchHeader());
        try (XdiFolderWatcher watcher = XdiFolderWatcher.start(dir, ScanOverrides.none(), MuSource.auto(), down)) {
            await(() -> Files.exists(dir.resolve("failed/a.xdi.error")));
            assertThat(Files.readString(dir.resolve("failed/a.xdi.error"))).contains("broker unreachable");
        }
    }
}
