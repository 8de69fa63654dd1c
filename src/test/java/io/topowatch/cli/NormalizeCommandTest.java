package io.topowatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NormalizeCommandTest {

    /** A metal foil's E0 from the maximum derivative lies within this of the tabulated K edge. */
    private static final double FOIL_E0_EV = 2.0;

    @TempDir
    Path dir;


    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static String xdi(String name) throws URISyntaxException {
        return Path.of(NormalizeCommandTest.class.getResource("/xdi/" + name).toURI()).toString();
    }

    @Test
    void jsonHasOneObjectPerFileWithEveryDocumentedField() throws Exception {
        CliRun r = run("normalize", "--json", xdi("cu_metal_rt.xdi"), xdi("fe_metal_rt.xdi"));
        assertThat(r.exitCode()).isZero();
        String[] lines = r.out().strip().split("\\R");
        assertThat(lines).hasSize(2);
        JsonNode cu = new ObjectMapper().readTree(lines[0]);
        assertThat(cu.fieldNames()).toIterable().contains("file", "element", "edge", "e0", "edgeStep", "pre1", "pre2",
                "norm1", "norm2", "nnorm", "energy", "mu", "norm", "flat", "warnings");
        assertThat(cu.get("element").asText()).isEqualTo("Cu");
        assertThat(cu.get("e0").asDouble()).isCloseTo(8978.9, within(FOIL_E0_EV));
        assertThat(cu.get("norm").size()).isEqualTo(cu.get("energy").size());
    }

    @Test
    void parametersCanBeOverriddenByTheirLarchNames() throws Exception {
        CliRun r = run("normalize", "--json", "--e0", "8979", "--pre1", "-150", "--pre2", "-40", "--nnorm", "1",
                xdi("cu_metal_rt.xdi"));
        JsonNode cu = new ObjectMapper().readTree(r.out().strip());
        assertThat(cu.get("e0").asDouble()).isEqualTo(8979.0);
        assertThat(cu.get("pre1").asDouble()).isEqualTo(-150.0);
        assertThat(cu.get("pre2").asDouble()).isEqualTo(-40.0);
        assertThat(cu.get("nnorm").asInt()).isEqualTo(1);
    }

    @Test
    void aNonXafsFileValidatesButIsNotNormalisedAndSaysWhy() throws Exception {
        assertThat(run("validate", xdi("nonxafs_1d.xdi")).exitCode()).isZero();
        CliRun r = run("normalize", xdi("nonxafs_1d.xdi"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("cannot normalise: not an XAS spectrum").doesNotContain("\tat ");
    }

    @Test
    void pngShowsTheNormalisation() throws Exception {
        Path png = dir.resolve("cu.png");
        CliRun r = run("normalize", "--png", png.toString(), "--i0", "i0", "--it", "itrans", xdi("cu_metal_rt.xdi"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("mu = ln(i0/itrans)");
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(900);
    }

    @Test
    void badMuChoicesAreUsageErrors() throws Exception {
        CliRun r = run("normalize", "--mu", "bogus(", xdi("cu_metal_rt.xdi"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("cannot read mu expression 'bogus('");
        CliRun both = run("normalize", "--i0", "i0", "--it", "itrans", "--if", "x", xdi("cu_metal_rt.xdi"));
        assertThat(both.exitCode()).isEqualTo(1);
        assertThat(both.err()).contains("either --it");
    }
}
