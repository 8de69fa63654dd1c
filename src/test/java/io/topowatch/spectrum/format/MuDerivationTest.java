package io.topowatch.spectrum.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class MuDerivationTest {

    private static final double EXACT = 1e-12;

    @Test
    void autoPrefersAStoredMuColumn() throws IOException {
        XasData d = XdiReader.read(Resources.path("cu_metal_rt.xdi"));
        Mu mu = d.mu(MuSource.auto());
        assertThat(mu.formula()).isEqualTo("mutrans");
        assertThat(mu.values()[0]).isEqualTo(-1.3070486);
    }

    @Test
    void autoUsesTransmissionWhenThereIsNoStoredMu() throws IOException {
        XasData d = XdiReader.read(Resources.path("pt_metal_rt.xdi"));
        Mu mu = d.mu(MuSource.auto());
        assertThat(mu.formula()).isEqualTo("ln(i0/itrans)");
        // first row of pt_metal_rt.xdi: i0 = 56237.70, itrans = 332768.1
        assertThat(mu.values()[0]).isCloseTo(Math.log(56237.70 / 332768.1), within(EXACT));
        assertThat(d.spectrum(MuSource.auto()).size()).isEqualTo(d.points());
    }

    @Test
    void autoSumsEveryFluorescenceChannelWhenThereIsNoTransmissionPair() {
        XasData d = ColumnFileReader.parse("f.dat", "# energy i0 if1 if2\n7100 1000 50 52\n7110 1005 80 83\n",
                ColumnFileReader.Options.defaults().withAbsorber("Fe", "K"));
        Mu mu = d.mu(MuSource.auto());
        assertThat(mu.formula()).isEqualTo("(if1+if2)/i0");
        assertThat(mu.values()).containsExactly(102.0 / 1000, 163.0 / 1005);
    }

    @Test
    void explicitChoicesOverrideAuto() throws IOException {
        XasData d = ColumnFileReader.read(Resources.path("columns/fe_fluor.xmu"));
        assertThat(d.mu(MuSource.auto()).formula()).isEqualTo("ln(i0/itrans)");
        Mu sum = d.mu(MuSource.parse("(if1 + if2)/i0"));
        assertThat(sum.formula()).isEqualTo("(if1+if2)/i0");
        assertThat(sum.values()[0]).isCloseTo(102.0 / 1000, within(EXACT));
        Mu one = d.mu(MuSource.parse("if1/i0"));
        assertThat(one.values()[0]).isCloseTo(50.0 / 1000, within(EXACT));
        Mu byIndex = d.mu(MuSource.parse("ln(2/5)"));
        assertThat(byIndex.formula()).isEqualTo("ln(i0/itrans)");
        assertThat(byIndex.values()[0]).isCloseTo(Math.log(1000.0 / 400), within(EXACT));
        assertThat(d.mu(MuSource.fluorescence("i0", "if1", "if2")).values()).containsExactly(sum.values());
        assertThat(d.mu(MuSource.parse("if2")).values()).containsExactly(d.column("if2"));
    }

    @Test
    void unusableChoicesSayWhatIsThere() throws IOException {
        XasData d = ColumnFileReader.read(Resources.path("columns/fe_fluor.xmu"));
        assertThatThrownBy(() -> d.mu(MuSource.parse("ln(i0/ifx)"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no column 'ifx'").hasMessageContaining("columns are energy, i0, if1, if2, itrans");
        assertThatThrownBy(() -> MuSource.parse("i0 * 2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected auto, ln(I0/It), (If1+If2+...)/I0");
        XasData noMu = ColumnFileReader.parse("x.dat", "# energy a b\n1 2 3\n", ColumnFileReader.Options.defaults());
        assertThatThrownBy(() -> noMu.mu(MuSource.auto())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot choose mu");
        XasData bad = XdiReader.parse("b.xdi", "nonsense");
        assertThatThrownBy(() -> bad.mu(MuSource.auto())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is not usable");
    }
}
