package io.topowatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.topowatch.alert.DetectorSettings;
import io.topowatch.config.TopoWatchConfig;
import io.topowatch.stream.PipelineOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServicesPipelineOptionsTest {

    @Test
    void theStreamAndDetectorSectionsReachThePipeline() {
        TopoWatchConfig config = TopoWatchConfig.load(null, Map.of("TOPOWATCH_STREAM_BATCH_SIZE", "4",
                "TOPOWATCH_DETECTOR_CLASSIFIER_OFFSET", "-0.75", "TOPOWATCH_DETECTOR_MIN_CONFIDENCE", "0.99"));
        PipelineOptions options = Services.pipelineOptions(config);
        assertThat(options.batchSize()).isEqualTo(4);
        assertThat(options.assemblyTimeout()).isEqualTo(Duration.ofMillis(60_000));
        assertThat(options.detector()).isEqualTo(DetectorSettings.defaults().withClassifierOffset(-0.75)
                .withMinConfidence(0.99));
        assertThat(Services.pipelineOptions(TopoWatchConfig.defaults()).detector())
                .isEqualTo(DetectorSettings.defaults());
    }

    @Test
    void optionsWithoutDetectorSettingsKeepTheDefaults() {
        PipelineOptions options = new PipelineOptions(Duration.ofSeconds(1), Duration.ofSeconds(2), 3,
                Duration.ofMillis(4));
        assertThat(options.detector()).isEqualTo(DetectorSettings.defaults());
        assertThat(PipelineOptions.defaults().detector()).isEqualTo(DetectorSettings.defaults());
        DetectorSettings other = DetectorSettings.defaults().withHysteresis(0.2);
        assertThat(options.withDetector(other).withBatch(8, Duration.ofMillis(5)).withAssemblyTimeout(
                Duration.ofSeconds(9)).detector()).isEqualTo(other);
    }
}
