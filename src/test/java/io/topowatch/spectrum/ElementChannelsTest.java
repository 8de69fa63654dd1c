package io.topowatch.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ElementChannelsTest {

    private static final double EV = 1e-6;

    @Test
    void eightyOneChannelsAgreeWithTheTabulatedEdgesAndWindows() {
        assertThat(ElementChannels.channels()).hasSize(81);
        for (ElementChannels.Channel c : ElementChannels.channels()) {
            Elements.Element e = Elements.bySymbol(c.symbol()).orElseThrow();
            assertThat(c.z()).isEqualTo(e.z());
            assertThat(c.kEdgeEv()).isCloseTo(e.kEdgeEv(), within(EV));
            assertThat(c.window().start()).isCloseTo(e.kEdgeEv() - ElementChannels.WINDOW_BELOW_EDGE_EV, within(EV));
            assertThat(c.window().end()).isCloseTo(e.kEdgeEv() + ElementChannels.WINDOW_ABOVE_EDGE_EV, within(EV));
            assertThat(c.window().points()).isEqualTo(ElementChannels.POINTS);
        }
    }

    @Test
    void channelsAreInOrderOfZWithoutNobleGases() {
        assertThat(ElementChannels.symbol(0)).isEqualTo("Li");
        assertThat(ElementChannels.symbol(80)).isEqualTo("U");
        assertThat(ElementChannels.symbols()).doesNotContain("Ne", "Ar", "Kr", "Xe", "Rn", "H", "He");
        assertThat(ElementChannels.channels()).isSortedAccordingTo((a, b) -> Integer.compare(a.z(), b.z()));
        assertThat(ElementChannels.indexOf("Cu")).hasValue(ElementChannels.symbols().indexOf("Cu"));
        assertThat(ElementChannels.indexOf("Xx")).isEmpty();
    }

    @Test
    void anElementWithoutAChannelHasNoWindow() {
        assertThatThrownBy(() -> ElementChannels.window("Kr")).hasMessageContaining("no classifier channel for element 'Kr'");
    }

    @Test
    void symmetryEncodingDerivesCrystalSystemAndPointGroupFromTheSpaceGroup() {
        assertThat(SymmetryEncoding.crystalSystemName(1)).isEqualTo("triclinic");
        assertThat(SymmetryEncoding.crystalSystemName(166)).isEqualTo("trigonal");
        assertThat(SymmetryEncoding.pointGroupName(166)).isEqualTo("-3m");
        assertThat(SymmetryEncoding.pointGroupName(225)).isEqualTo("m-3m");
        assertThat(SymmetryEncoding.pointGroupName(62)).isEqualTo("mmm");
        assertThat(SymmetryEncoding.pointGroupName(186)).isEqualTo("6mm");
        float[] v = SymmetryEncoding.oneHot(225);
        float sum = 0;
        for (float x : v) {
            sum += x;
        }
        assertThat(v).hasSize(269);
        assertThat(sum).isEqualTo(3f);
        assertThat(v[7 + 32 + 224]).isEqualTo(1f);
        assertThatThrownBy(() -> SymmetryEncoding.oneHot(231)).hasMessageContaining("1..230");
    }
}
