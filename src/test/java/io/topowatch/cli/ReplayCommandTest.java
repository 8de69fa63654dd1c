package io.topowatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage and file errors of {@code replay}: found before any broker is contacted. */
class ReplayCommandTest {

    private static final String NO_BROKER = "127.0.0.1:1";

    @TempDir
    Path dir;

    @Test
    void withoutFilesOrWatchItIsAUsageError() {
        CliRun run = CliRun.of("replay", "--bootstrap-servers", NO_BROKER);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("Missing FILE");
    }

    @Test
    void badOptionValuesAreUsageErrors() throws Exception {
        Path f = Files.writeString(dir.resolve("a.xdi"), "x");
        CliRun setpoint = CliRun.of("replay", f.toString(), "--bootstrap-servers", NO_BROKER, "--setpoint", "-1");
        assertThat(setpoint.exitCode()).isEqualTo(2);
        assertThat(setpoint.err()).contains("--setpoint must be >= 0");
        CliRun field = CliRun.of("replay", f.toString(), "--bootstrap-servers", NO_BROKER, "--field-T", "strong");
        assertThat(field.exitCode()).isEqualTo(2);
        assertThat(field.err()).contains("--field-T");
        CliRun mu = CliRun.of("replay", f.toString(), "--bootstrap-servers", NO_BROKER, "--mu", "ln(i0/");
        assertThat(mu.exitCode()).isEqualTo(2);
        assertThat(mu.err()).contains("--mu: cannot read mu expression");
        for (CliRun format : new CliRun[] {
                CliRun.of("replay", f.toString(), "--bootstrap-servers", NO_BROKER, "--format", "xml"),
                CliRun.of("simulate", "--bootstrap-servers", NO_BROKER, "--format", "xml")}) {
            assertThat(format.exitCode()).as(format.toString()).isEqualTo(2);
            assertThat(format.err()).contains("--format").contains("expected json or msgpack, got 'xml'");
        }
    }

    @Test
    void fileErrorsAreOneLineEachWithFileAndLineAndNothingIsPublished() throws Exception {
        Path missing = dir.resolve("missing.xdi");
        Path noMetadata = dir.resolve("cu.xdi");
        try (var in = getClass().getResourceAsStream("/xdi/cu_metal_rt.xdi")) {
            Files.write(noMetadata, in.readAllBytes());
        }
        CliRun run = CliRun.of("replay", missing.toString(), noMetadata.toString(), "--bootstrap-servers", NO_BROKER);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("error: " + missing + ":0: no such file")
                .contains("error: " + noMetadata + ":0: no experiment: give --experiment")
                .contains("nothing published")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
    }
}
