package io.topowatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {


    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static String resource(String name) {
        try {
            return Path.of(ValidateCommandTest.class.getResource("/xdi/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertNoStackTrace(CliRun r) {
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.out()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void usableFilesExitZeroWithWarningsInCompilerForm() {
        String foil = resource("cu_metal_rt.xdi");
        String feo = resource("feo_rt1.xdi");
        String nonXafs = resource("nonxafs_1d.xdi");
        CliRun r = run("validate", foil, feo, nonXafs);
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).contains("warning: " + feo + ":0: Facility.name missing; recommended")
                .contains("warning: " + nonXafs + ":2: first column is 'x', expected energy or angle")
                .doesNotContain("error:");
        assertThat(r.err().lines()).allMatch(l -> l.matches("warning: .+:\\d+: .+"));
        assertThat(r.out()).contains(foil + ": ok, XDI/1.0, Cu K edge, 408 points, 0 warning(s); XAS spectrum")
                .contains(nonXafs + ": ok, XDI/1.0, no absorber/edge, 408 points, 4 warning(s); not an XAS spectrum");
    }

    @Test
    void anUnusableFileExitsOneWithErrorLines() {
        String good = resource("cu_metal_rt.xdi");
        String bad = resource("rules/bad_field_no_dot.xdi");
        CliRun r = run("validate", good, bad);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("error: " + bad + ":13: header field name 'FamilyKey' has no '.',"
                + " expected exactly one, as in '# Family.key: value'");
        assertThat(r.out()).contains(good + ": ok").doesNotContain(bad);
    }

    @Test
    void everySharedFileValidates() throws IOException {
        try (var files = Files.list(Path.of(resource("cu_metal_rt.xdi")).getParent())) {
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("validate"),
                    files.filter(p -> p.toString().endsWith(".xdi")).map(Path::toString).sorted()).toArray(String[]::new);
            assertThat(args).hasSize(17);
            CliRun r = run(args);
            assertThat(r.exitCode()).as(r.err()).isZero();
        }
    }

    @Test
    void binaryGarbageIsOneErrorLineNotAStackTrace() throws IOException {
        byte[] bytes = new byte[4096];
        new Random(42).nextBytes(bytes);
        Path binary = Files.write(dir.resolve("scan.xdi"), bytes);
        Path noExtension = Files.write(dir.resolve("scan"), bytes);
        Path json = Files.write(dir.resolve("scan.json"), bytes);
        CliRun r = run("validate", binary.toString(), noExtension.toString(), json.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertNoStackTrace(r);
        assertThat(r.err()).contains("error: " + binary + ":0: binary content (NUL bytes)")
                .contains("error: " + noExtension + ":0: binary content (NUL bytes)")
                .contains("error: " + json + ":");
    }

    @Test
    void printableGarbageIsReportedNotThrown() throws IOException {
        Random random = new Random(7);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            text.append((char) (32 + random.nextInt(95)));
            if (random.nextInt(30) == 0) {
                text.append('\n');
            }
        }
        Path garbage = Files.writeString(dir.resolve("garbage.dat"), text);
        CliRun r = run("validate", garbage.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertNoStackTrace(r);
        assertThat(r.err().lines()).isNotEmpty().allMatch(l -> l.matches("(error|warning): .+:\\d+: .+"));
    }

    @Test
    void directoryMissingAndEmptyFilesAreErrors() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.xdi"));
        Path missing = dir.resolve("missing.xdi");
        CliRun r = run("validate", dir.toString(), missing.toString(), empty.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertNoStackTrace(r);
        assertThat(r.err().lines()).containsExactly(
                "error: " + dir + ":0: cannot read: is a directory, expected a data file",
                "error: " + missing + ":0: no such file",
                "error: " + empty + ":0: empty file, expected an XDI file starting with '# XDI/1.0'");
    }

    @Test
    void noFilesIsAUsageError() {
        CliRun r = run("validate");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required parameter: 'FILE'");
    }

    @Test
    void helpListsValidate() {
        assertThat(run("--help").out()).containsPattern("(?m)^\\s+validate\\s+\\S.+$");
    }
}
