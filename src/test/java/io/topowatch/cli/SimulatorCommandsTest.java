package io.topowatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulatorCommandsTest {

    @TempDir
    Path dir;

    private static int run(StringWriter err, String... args) {
        CommandLine cli = TopoWatch.commandLine();
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void datasetWritesAManifestAndItsSplits() throws Exception {
        StringWriter err = new StringWriter();
        assertThat(run(err, "dataset", "--materials", "12", "--seed", "3", "--out", dir.resolve("d").toString(),
                "--coupling", "0.5")).as(err.toString()).isZero();
        assertThat(dir.resolve("d/manifest.json")).exists();
        assertThat(Files.readString(dir.resolve("d/manifest.json"))).contains("\"seed\" : 3").contains("topowatch-sim/");
        assertThat(dir.resolve("d/train.jsonl")).exists();
    }

    @Test
    void datasetRejectsACouplingOutsideZeroToOne() {
        StringWriter err = new StringWriter();
        assertThat(run(err, "dataset", "--materials", "5", "--out", dir.toString(), "--coupling", "2")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("topowatch dataset: error: coupling must be in [0, 1], got 2.0");
    }

    @Test
    void figureWritesAPng() throws Exception {
        StringWriter err = new StringWriter();
        Path png = dir.resolve("f.png");
        assertThat(run(err, "figure", "--out", png.toString(), "--curves", "4")).as(err.toString()).isZero();
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }
}
