package io.topowatch.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormulasTest {

    @Test
    void equalCompositionsReduceToOneKey() {
        assertThat(Formulas.reduced("Bi2Se3")).isEqualTo("Bi2Se3");
        assertThat(Formulas.reduced("Se3Bi2")).isEqualTo("Bi2Se3");
        assertThat(Formulas.reduced("Bi4Se6")).isEqualTo("Bi2Se3");
        assertThat(Formulas.reduced("GeTe")).isEqualTo("Ge1Te1");
        assertThat(Formulas.reduced(" Ge2Te2 ")).isEqualTo("Ge1Te1");
        assertThat(Formulas.reduced("Ge1Te1")).isEqualTo("Ge1Te1");
    }

    @Test
    void whatIsNotAPlainFormulaStaysAsWritten() {
        assertThat(Formulas.reduced("Ca(OH)2")).isEqualTo("Ca(OH)2");
        assertThat(Formulas.reduced("Fe0.5Se")).isEqualTo("Fe0.5Se");
        assertThat(Formulas.reduced("mp-149")).isEqualTo("mp-149");
    }
}
