package io.topowatch.spectrum.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.topowatch.spectrum.format.ColumnFileReader.EnergyUnits;
import io.topowatch.spectrum.format.ColumnFileReader.Options;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ColumnFileReaderTest {

    private static final double EXACT = 1e-12;

    @Test
    void labelsComeFromTheLastCommentLineAndAbsorberFromTheHeader() throws IOException {
        XasData d = ColumnFileReader.read(Resources.path("columns/fe_fluor.xmu"));
        assertThat(d.diagnostics()).isEmpty();
        assertThat(d.format()).isEqualTo("columns");
        assertThat(d.columnLabels()).containsExactly("energy", "i0", "if1", "if2", "itrans");
        assertThat(d.element()).contains("Fe");
        assertThat(d.edge()).contains("K");
        assertThat(d.points()).as("blank line and comment between rows skipped").isEqualTo(5);
        assertThat(d.energy().orElseThrow()).containsExactly(7100, 7110, 7120, 7130, 7140);
        assertThat(d.isSpectrum()).isTrue();
    }

    @Test
    void columnsByLabelOrIndex() throws IOException {
        XasData d = ColumnFileReader.read(Resources.path("columns/fe_fluor.xmu"));
        assertThat(d.column("IF2")).containsExactly(52, 83, 155, 139, 131);
        assertThat(d.column("4")).containsExactly(d.column("if2"));
        assertThat(d.hasColumn("6")).isFalse();
        assertThatThrownBy(() -> d.column("ifluor")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("columns are energy, i0, if1, if2, itrans");
    }

    @Test
    void energyColumnChosenByLabelOrIndex() throws IOException {
        XasData byLabel = ColumnFileReader.read(Resources.path("columns/fe_fluor.xmu"),
                Options.defaults().withEnergyColumn("itrans").withUnits(EnergyUnits.EV));
        assertThat(byLabel.energy().orElseThrow()).containsExactly(400, 401, 380, 390, 395);
        XasData byIndex = ColumnFileReader.read(Resources.path("columns/fe_fluor.xmu"),
                Options.defaults().withEnergyColumn("5").withUnits(EnergyUnits.EV));
        assertThat(byIndex.energy().orElseThrow()).containsExactly(byLabel.energy().orElseThrow());
        XasData missing = ColumnFileReader.read(Resources.path("columns/fe_fluor.xmu"),
                Options.defaults().withEnergyColumn("9"));
        assertThat(missing.errors()).singleElement().satisfies(e -> assertThat(e.message())
                .isEqualTo("energy column '9' not found; columns are energy, i0, if1, if2, itrans (or 1..5 by index)"));
    }

    @Test
    void unlabelledKeVFileGetsGenericLabelsAndEV() throws IOException {
        XasData d = ColumnFileReader.read(Resources.path("columns/scan.001"),
                Options.defaults().withAbsorber("Fe", "K"));
        assertThat(d.columnLabels()).containsExactly("col1", "col2", "col3");
        assertThat(d.energy().orElseThrow()[0]).isCloseTo(7100.0, within(7100 * EXACT));
        assertThat(d.warnings()).singleElement().satisfies(w -> assertThat(w.message())
                .startsWith("energies in column 'col1' are all below 100.0, so read as keV"));
        XasData stated = ColumnFileReader.read(Resources.path("columns/scan.001"),
                Options.defaults().withAbsorber("Fe", "K").withUnits(EnergyUnits.KEV));
        assertThat(stated.diagnostics()).isEmpty();
        assertThat(stated.mu(MuSource.parse("col2")).values()).containsExactly(0.12, 0.15, 0.55, 0.60);
    }

    @Test
    void badRowsAreErrorsWithLineNumbers() throws IOException {
        XasData d = ColumnFileReader.read(Resources.path("columns/bad_row.dat"));
        assertThat(d.isUsable()).isFalse();
        assertThat(d.errors()).extracting(Diagnostic::line, Diagnostic::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3, "column 3: found 'abc', expected a number"),
                org.assertj.core.groups.Tuple.tuple(4, "found 2 values, expected 3 as on the first data row (line 2)"));
    }

    @Test
    void aHeaderLineThatDoesNotFitIsNotTakenForLabels() {
        XasData d = ColumnFileReader.parse("x.dat", "# energy mu\n1000 1 2\n1010 2 3\n",
                Options.defaults().withAbsorber("Fe", "K"));
        assertThat(d.columnLabels()).containsExactly("col1", "col2", "col3");
        assertThat(d.warnings()).singleElement().satisfies(w -> {
            assertThat(w.line()).isEqualTo(1);
            assertThat(w.message()).startsWith("last header line 'energy mu' has 2 words but the rows have 3 values");
        });
    }

    @Test
    void noAbsorberIsAWarningAndAnInvalidOneAnError() {
        String text = "# e mu\n7100 1\n7110 2\n";
        XasData none = ColumnFileReader.parse("x.dat", text, Options.defaults());
        assertThat(none.isUsable()).isTrue();
        assertThat(none.isSpectrum()).isFalse();
        XasData bad = ColumnFileReader.parse("x.dat", text, Options.defaults().withAbsorber("Qq", "K"));
        assertThat(bad.errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("absorbing element is 'Qq'"));
    }
}
