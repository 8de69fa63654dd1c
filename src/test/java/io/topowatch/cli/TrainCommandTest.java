package io.topowatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.topowatch.model.ModelArtifact;
import io.topowatch.spectrum.ElementChannels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    @TempDir
    Path dir;

    @Test
    void aBadCsvIsNamedByFileAndLineWithoutAStackTrace() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "id,formula,space_group,label,Se\na,Bi2Se3,166,maybe,\"1 2\"\n");

        CliRun r = CliRun.of("train", "--csv", csv.toString(), "--out", dir.resolve("m").toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).startsWith("topowatch train: error: 2 problems in the training data:")
                .contains(csv + ":2: label is 'maybe', expected topological or trivial")
                .contains(csv + ":2: Se has 2 values, expected 200")
                .doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void sourcesAreExclusiveAndMpDirNeedsLabels() {
        CliRun both = CliRun.of("train", "--csv", "a.csv", "--mp-dir", "d", "--labels", "l.csv", "--out", "m");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("give at most one of --dataset, --csv and --mp-dir");

        CliRun noLabels = CliRun.of("train", "--mp-dir", "d", "--out", "m");
        assertThat(noLabels.exitCode()).isEqualTo(2);
        assertThat(noLabels.err()).contains("--mp-dir and --labels go together");

        CliRun missingFolder = CliRun.of("train", "--mp-dir", dir.resolve("none").toString(), "--labels",
                dir.resolve("l.csv").toString(), "--out", "m");
        assertThat(missingFolder.exitCode()).isEqualTo(1);
        assertThat(missingFolder.err()).contains("none: not a folder").doesNotContain("\tat ");
    }

    @Test
    void trainsOnAPaperLayoutCsvAndWritesTheModel() throws Exception {
        // 40 materials, Si and Bi channels; topological ones carry a peak at point 120.
        Random random = new Random(3);
        StringBuilder csv = new StringBuilder("id,formula,space_group,label,Si,Bi\n");
        for (int i = 0; i < 40; i++) {
            boolean topological = i % 3 == 0;
            csv.append("m").append(i).append(",Bi").append(1 + i).append("Si1,").append(i % 2 == 0 ? 166 : 225)
                    .append(',').append(topological ? "topological" : "trivial").append(",\"")
                    .append(values(random, topological)).append("\",\"").append(values(random, topological))
                    .append("\"\n");
        }
        Path file = dir.resolve("paper.csv");
        Files.writeString(file, csv);
        Path out = dir.resolve("model");

        CliRun r = CliRun.of("train", "--csv", file.toString(), "--epochs", "1", "--seed", "3", "--version", "csv-1",
                "--out", out.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(ModelArtifact.load(out).version()).isEqualTo("csv-1");
        assertThat(ModelArtifact.load(out).metadata().metrics()).containsKeys("test_auc", "demo_mean_p_below");
    }

    private static String values(Random random, boolean peak) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < ElementChannels.POINTS; i++) {
            double step = 1.0 / (1.0 + Math.exp(-(i - 60) / 3.0));
            double bump = peak ? 0.6 * Math.exp(-Math.pow(i - 120, 2) / 32.0) : 0;
            b.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.4f", step + bump + 0.03 * random.nextGaussian()));
        }
        return b.toString();
    }
}
