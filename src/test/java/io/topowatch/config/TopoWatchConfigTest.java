package io.topowatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topowatch.alert.DetectorSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopoWatchConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsThenFileThenEnvironment() throws Exception {
        Path file = dir.resolve("tw.properties");
        Files.writeString(file, """
                kafka.bootstrapServers=broker-a:9092
                kafka.properties.security.protocol=SASL_SSL
                dashboard.port=9000
                """);
        TopoWatchConfig c = TopoWatchConfig.load(file, Map.of(
                "TOPOWATCH_DASHBOARD_PORT", "9100",
                "TOPOWATCH_KAFKA_BOOTSTRAP_SERVERS", "broker-b:9092",
                "UNRELATED", "x"));
        assertThat(c.kafka().bootstrapServers()).isEqualTo("broker-b:9092");
        assertThat(c.kafka().properties()).containsEntry("security.protocol", "SASL_SSL");
        assertThat(c.dashboard().port()).isEqualTo(9100);
        assertThat(c.stream().processingGuarantee()).isEqualTo("exactly_once_v2");
    }

    @Test
    void everyDocumentedKeyOfTheExampleFileIsAccepted() {
        TopoWatchConfig c = TopoWatchConfig.load(Path.of("docs/topowatch.example.properties"), Map.of());
        assertThat(c).isEqualTo(TopoWatchConfig.defaults());
    }

    @Test
    void badValuesNameTheKeyAndTheVariable() throws Exception {
        assertThatThrownBy(() -> TopoWatchConfig.load(null, Map.of("TOPOWATCH_DASHBOARD_PORT", "eighty")))
                .hasMessageContaining("dashboard.port").hasMessageContaining("TOPOWATCH_DASHBOARD_PORT");
        Path file = dir.resolve("typo.properties");
        Files.writeString(file, "dashbord.port=1\n");
        assertThatThrownBy(() -> TopoWatchConfig.load(file, Map.of())).hasMessageContaining("dashbord");
        assertThatThrownBy(() -> TopoWatchConfig.load(dir.resolve("missing.properties"), Map.of()))
                .hasMessageContaining("config file not found");
    }

    @Test
    void theModelRegistryFolderIsAKeyWithAnEmptyDefault() {
        assertThat(TopoWatchConfig.defaults().model().registry()).isEmpty();
        TopoWatchConfig c = TopoWatchConfig.load(null, Map.of("TOPOWATCH_MODEL_REGISTRY", "/srv/topowatch/models"));
        assertThat(c.model().registry()).isEqualTo("/srv/topowatch/models");
        assertThat(c.model().path()).isEmpty();
    }

    @Test
    void modelThreadsAndMcPassesAreKeysWithVariables() throws Exception {
        assertThat(TopoWatchConfig.defaults().model().threads()).isZero();
        assertThat(TopoWatchConfig.defaults().model().mcPasses()).isEqualTo(20);
        Path file = dir.resolve("model.properties");
        Files.writeString(file, "model.threads=4\nmodel.mcPasses=50\n");
        TopoWatchConfig c = TopoWatchConfig.load(file, Map.of("TOPOWATCH_MODEL_MC_PASSES", "10"));
        assertThat(c.model().threads()).isEqualTo(4);
        assertThat(c.model().mcPasses()).isEqualTo(10);
        assertThat(TopoWatchConfig.load(null, Map.of("TOPOWATCH_MODEL_THREADS", "2")).model().threads()).isEqualTo(2);
        assertThatThrownBy(() -> TopoWatchConfig.load(null, Map.of("TOPOWATCH_MODEL_MC_PASSES", "-1")))
                .hasMessageContaining("model.mcPasses");
        assertThatThrownBy(() -> TopoWatchConfig.load(null, Map.of("TOPOWATCH_MODEL_THREADS", "two")))
                .hasMessageContaining("model.threads").hasMessageContaining("TOPOWATCH_MODEL_THREADS");
    }

    @Test
    void environmentNamesFollowTheKeys() {
        assertThat(TopoWatchConfig.envName("kafka.bootstrapServers")).isEqualTo("TOPOWATCH_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(TopoWatchConfig.envName("simulator.scansPerSecond")).isEqualTo("TOPOWATCH_SIMULATOR_SCANS_PER_SECOND");
    }

    @Test
    void dashboardTokensOriginsTlsAndHoldOff() throws Exception {
        Path file = dir.resolve("dash.properties");
        Files.writeString(file, """
                dashboard.tokens=tokA:exp-1*,tokB:*
                dashboard.allowedOrigins=https://ops.example
                dashboard.tlsCertPath=/etc/tw/cert.pem
                dashboard.tlsKeyPath=/etc/tw/key.pem
                """);
        TopoWatchConfig c = TopoWatchConfig.load(file, Map.of("TOPOWATCH_DASHBOARD_ALERT_HOLD_OFF_SECONDS", "30",
                "TOPOWATCH_DASHBOARD_TOKENS", "tokC:exp-2"));
        assertThat(c.dashboard()).isEqualTo(new TopoWatchConfig.Dashboard("0.0.0.0", 8080, "", "tokC:exp-2",
                "https://ops.example", "/etc/tw/cert.pem", "/etc/tw/key.pem", 30));
        assertThat(c.withDashboardPort(1).dashboard().tokens()).isEqualTo("tokC:exp-2");
    }

    @Test
    void detectorKeysMapOntoTheDetectorSettingsWithVariables() throws Exception {
        assertThat(TopoWatchConfig.defaults().detector().settings()).isEqualTo(DetectorSettings.defaults());
        assertThat(TopoWatchConfig.load(null, Map.of()).detector().settings()).isEqualTo(DetectorSettings.defaults());
        Path file = dir.resolve("detector.properties");
        Files.writeString(file, """
                detector.hysteresis=0.15
                detector.classifierOffset=-0.5
                detector.trivialSideWidening=2
                detector.confidenceMethod=PERMUTATION
                detector.controlVariable=strain_pct
                """);
        TopoWatchConfig c = TopoWatchConfig.load(file, Map.of(
                "TOPOWATCH_DETECTOR_CLASSIFIER_OFFSET", "1.25",
                "TOPOWATCH_DETECTOR_TOPOLOGICAL_SIDE_WIDENING", "0.5",
                "TOPOWATCH_DETECTOR_MIN_SEGMENT", "3",
                "TOPOWATCH_DETECTOR_CONFIRM_POINTS", "2",
                "TOPOWATCH_DETECTOR_UNCERTAINTY_FLOOR", "0.05"));
        DetectorSettings s = c.detector().settings();
        assertThat(s).isEqualTo(DetectorSettings.defaults().withHysteresis(0.15).withCalibration(1.25, 2, 0.5)
                .withConfidenceMethod(DetectorSettings.ConfidenceMethod.PERMUTATION).withControlVariable("strain_pct")
                .withSegments(3, 2).withUncertaintyFloor(0.05));
        // Everything else keeps its default; an empty control variable means "the one that varies most".
        assertThat(TopoWatchConfig.load(null, Map.of("TOPOWATCH_DETECTOR_MIN_STEP", "0.4")).detector().settings())
                .isEqualTo(DetectorSettings.defaults().withMinStep(0.4));
        assertThat(TopoWatchConfig.defaults().detector().controlVariable()).isEmpty();
        assertThat(TopoWatchConfig.defaults().detector().settings().controlVariable()).isNull();
        assertThat(c.withDashboardPort(1).withBootstrapServers("b:1").withScansPerSecond(2).detector())
                .isEqualTo(c.detector());
    }

    @Test
    void badDetectorValuesNameTheKey() {
        assertThatThrownBy(() -> TopoWatchConfig.load(null, Map.of("TOPOWATCH_DETECTOR_HYSTERESIS", "0.7")))
                .hasMessageContaining("detector.hysteresis");
        assertThatThrownBy(() -> TopoWatchConfig.load(null, Map.of("TOPOWATCH_DETECTOR_CONFIRM_POINTS", "5")))
                .hasMessageContaining("detector.confirmPoints");
        assertThatThrownBy(() -> TopoWatchConfig.load(null, Map.of("TOPOWATCH_DETECTOR_MIN_SEGMENT", "two")))
                .hasMessageContaining("detector.minSegment").hasMessageContaining("TOPOWATCH_DETECTOR_MIN_SEGMENT");
        assertThatThrownBy(() -> TopoWatchConfig.load(null, Map.of("TOPOWATCH_DETECTOR_CONFIDENCE_METHOD", "BAYES")))
                .hasMessageContaining("detector.confidenceMethod");
    }
}
