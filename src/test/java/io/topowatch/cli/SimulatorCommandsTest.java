package io.topowatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorCommandsTest {

    @TempDir
    Path dir;


    @Test
    void datasetWritesAManifestAndItsSplits() throws Exception {
        CliRun r = CliRun.of("dataset", "--materials", "12", "--seed", "3", "--out", dir.resolve("d").toString(),
                "--coupling", "0.5");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(dir.resolve("d/manifest.json")).exists();
        assertThat(Files.readString(dir.resolve("d/manifest.json"))).contains("\"seed\" : 3").contains("topowatch-sim/");
        assertThat(dir.resolve("d/train.jsonl")).exists();
    }

    @Test
    void datasetRejectsACouplingOutsideZeroToOne() {
        CliRun r = CliRun.of("dataset", "--materials", "5", "--out", dir.toString(), "--coupling", "2");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("topowatch dataset: error: coupling must be in [0, 1], got 2.0");
    }

    @Test
    void figureWritesAPng() throws Exception {
        Path png = dir.resolve("f.png");
        CliRun r = CliRun.of("figure", "--out", png.toString(), "--curves", "4");
        assertThat(r.exitCode()).as(r.err()).isZero();
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }
}
