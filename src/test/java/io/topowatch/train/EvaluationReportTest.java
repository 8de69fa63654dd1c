package io.topowatch.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationReportTest {

    @TempDir
    Path dir;

    private static final List<Scored> SCORED = List.of(
            new Scored("a", List.of("Bi", "Se"), true, 0.9), new Scored("b", List.of("Mg", "O"), false, 0.6),
            new Scored("c", List.of("Ge", "Te"), true, 0.4), new Scored("d", List.of("Bi", "O"), false, 0.1));

    @Test
    void writesMetricsPlotsAndAnHtmlPage() throws Exception {
        Evaluation e = Evaluation.of(SCORED);
        EvaluationReport.write(e, "m-1", "set-x", dir);

        JsonNode metrics = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
        assertThat(metrics.get("n").asInt()).isEqualTo(4);
        assertThat(metrics.get("auc").asDouble()).isEqualTo(0.75);
        assertThat(metrics.get("topological").get("recall").asDouble()).isEqualTo(0.5);
        assertThat(metrics.get("trivial").get("f1").asDouble()).isEqualTo(0.5);
        assertThat(metrics.get("perElement").get("Bi").get("samples").asInt()).isEqualTo(2);

        for (String png : new String[] {"roc.png", "calibration.png"}) {
            BufferedImage image = ImageIO.read(dir.resolve(png).toFile());
            assertThat(image.getWidth()).isEqualTo(560);
        }
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("Evaluation of m-1", "roc.png", "calibration.png", "<td>Bi</td>", "AUC 0.750");
    }

    @Test
    void theSummaryIsOneJsonObjectWithTheRequiredFields() throws Exception {
        JsonNode summary = new ObjectMapper().readTree(EvaluationReport.summaryJson(Evaluation.of(SCORED), "m", "d"));
        assertThat(summary.fieldNames()).toIterable().contains("n", "auc", "threshold", "topological", "trivial");
        assertThat(summary.get("topological").fieldNames()).toIterable().contains("recall", "precision", "f1");
    }
}
