package io.topowatch.spectrum.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The test document is hand-written in the shape of the MP API's XASDoc (emmet), with made-up intensities. */
class MaterialsProjectXasReaderTest {

    @Test
    void readsSpectrumAbsorberEdgeTypeAndSymmetry() throws IOException {
        XasData d = MaterialsProjectXasReader.read(Resources.path("mp/mp-30-xanes-cu-k.json"));
        assertThat(d.diagnostics()).isEmpty();
        assertThat(d.format()).isEqualTo("materials-project");
        assertThat(d.element()).contains("Cu");
        assertThat(d.edge()).contains("K");
        assertThat(d.energy().orElseThrow()).containsExactly(8970, 8975, 8980, 8985, 8990, 8995, 9000);
        assertThat(d.mu(MuSource.auto()).values()).containsExactly(0.01, 0.05, 0.60, 1.20, 1.05, 0.98, 1.01);
        assertThat(d.mu(MuSource.auto()).formula()).isEqualTo("mu");
        assertThat(d.header("MP.material_id")).contains("mp-30");
        assertThat(d.header("MP.spectrum_type")).contains("XANES");
        assertThat(d.header("Symmetry.number")).contains("225");
        assertThat(d.header("Symmetry.symbol")).contains("Fm-3m");
        assertThat(d.header("MP.structure")).hasValueSatisfying(s -> assertThat(s).contains("\"sites\""));
        assertThat(d.isSpectrum()).isTrue();
    }

    @Test
    void apiResponseWrapperAndArrays() throws IOException {
        String doc = Files.readString(Resources.path("mp/mp-30-xanes-cu-k.json"));
        XasData wrapped = MaterialsProjectXasReader.parse("r.json", "{\"data\": [" + doc + "], \"meta\": {}}");
        assertThat(wrapped.diagnostics()).isEmpty();
        assertThat(MaterialsProjectXasReader.parseAll("r.json", "[" + doc + "," + doc + "]")).hasSize(2);
        XasData first = MaterialsProjectXasReader.parse("r.json", "[" + doc + "," + doc + "]");
        assertThat(first.warnings()).singleElement()
                .satisfies(w -> assertThat(w.message()).isEqualTo("2 documents in the file; only the first is read"));
    }

    @Test
    void missingOrBadFieldsAreErrors() {
        XasData d = MaterialsProjectXasReader.parse("x.json",
                "{\"absorbing_element\": \"Zz\", \"edge\": \"K\", \"spectrum\": {\"x\": [1, 2], \"y\": [1]}}");
        assertThat(d.isUsable()).isFalse();
        assertThat(d.errors()).extracting(Diagnostic::message).containsExactly(
                "spectrum.x has 2 energies but spectrum.y has 1 intensities, expected the same number",
                "absorbing_element is 'Zz', expected the symbol of an element");
        assertThat(d.warnings()).extracting(Diagnostic::message).contains(
                "neither structure nor symmetry given; the space group is unknown");
    }

    @Test
    void notJsonIsAnErrorWithItsLine() {
        XasData d = MaterialsProjectXasReader.parse("x.json", "{\n  \"edge\": K\n}");
        assertThat(d.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.message()).startsWith("not valid JSON");
        });
        assertThat(MaterialsProjectXasReader.parse("x.json", "").errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("empty file"));
        assertThat(MaterialsProjectXasReader.parse("x.json", "42").errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("found a JSON number"));
    }
}
