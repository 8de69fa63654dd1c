package io.topowatch.spectrum;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ElementSymbolsTest {

    @Test
    void all118ElementsAreSymbolsWhileTheKEdgeTableIsUnchanged() {
        assertThat(Elements.isElementSymbol("H")).isTrue();
        assertThat(Elements.isElementSymbol("Og")).isTrue();
        assertThat(Elements.isElementSymbol("Np")).as("beyond the K-edge table").isTrue();
        assertThat(Elements.isElementSymbol("Xx")).isFalse();
        assertThat(Elements.isElementSymbol("FE")).as("case as chemists write it").isFalse();
        assertThat(Elements.isElementSymbol(null)).isFalse();
        assertThat(Elements.elementSymbol(" fE ")).contains("Fe");
        assertThat(Elements.elementSymbol("Uuo")).as("placeholder names are not symbols").isEmpty();
        assertThat(Elements.all()).hasSize(90);
        assertThat(Elements.all()).allMatch(e -> Elements.isElementSymbol(e.symbol()));
    }
}
