package io.topowatch.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class QwzModelTest {

    private static final int GRID = 24;

    @Test
    void chernNumberIsZeroInTheTrivialPhaseAndOneInTheInvertedPhase() {
        assertThat(new QwzModel(3.0).chernNumber(GRID)).isZero();
        assertThat(new QwzModel(-3.0).chernNumber(GRID)).isZero();
        int inverted = new QwzModel(1.0).chernNumber(GRID);
        assertThat(Math.abs(inverted)).isEqualTo(1);
        // The two inverted phases on either side of m = 0 carry opposite Chern numbers.
        assertThat(new QwzModel(-1.0).chernNumber(GRID)).isEqualTo(-inverted);
    }

    @Test
    void chernNumberDoesNotDependOnTheGridOnceTheGapIsOpen() {
        for (int n : new int[] {8, 16, 40}) {
            assertThat(new QwzModel(1.3).chernNumber(n)).isEqualTo(new QwzModel(1.3).chernNumber(GRID));
        }
    }

    @Test
    void gapClosesAtTheCriticalMass() {
        // Analytic: the gap is 2|m − 2| at Γ for m near 2; the offset grid sees it to O(1/n²).
        assertThat(new QwzModel(3.0).gap(400)).isCloseTo(2.0, within(1e-3));
        assertThat(new QwzModel(2.0).gap(400)).isLessThan(0.05);
        assertThat(new QwzModel(1.5).gap(400)).isCloseTo(1.0, within(1e-3));
    }

    @Test
    void bandInversionMovesOrbitalBToTheBottomOfTheConductionBand() {
        double[] nearEdge = {0.6};
        double hwhm = 0.3;
        double trivial = new QwzModel(2.6).conductionDos(nearEdge, hwhm, QwzModel.Orbital.B, GRID)[0];
        double inverted = new QwzModel(1.4).conductionDos(nearEdge, hwhm, QwzModel.Orbital.B, GRID)[0];
        assertThat(inverted).isGreaterThan(3 * trivial);
    }

    @Test
    void projectedDensitiesIntegrateToOneConductionStatePerKPoint() {
        double step = 0.01;
        double[] energies = new double[2000];
        for (int i = 0; i < energies.length; i++) {
            energies[i] = -5 + i * step;
        }
        QwzModel model = new QwzModel(1.2);
        double[] a = model.conductionDos(energies, 0.05, QwzModel.Orbital.A, GRID);
        double[] b = model.conductionDos(energies, 0.05, QwzModel.Orbital.B, GRID);
        double total = 0;
        for (int i = 0; i < energies.length; i++) {
            total += (a[i] + b[i]) * step;
        }
        // Lorentzian tails beyond the window carry about (2/π)·hwhm/5 of the weight.
        assertThat(total).isCloseTo(1.0, within(0.02));
    }
}
