package io.topowatch.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
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

    @Test
    void chernIsPlusMinusOneInsideTwoWithTheSignFlippingAtZeroAndZeroOutside() {
        int positiveSide = new QwzModel(1.0).invariant();
        assertThat(Math.abs(positiveSide)).isEqualTo(1);
        for (double m : new double[] {0.1, 0.5, 1.5, 1.9}) {
            assertThat(new QwzModel(m).invariant()).as("m = %s", m).isEqualTo(positiveSide);
            assertThat(new QwzModel(-m).invariant()).as("m = %s", -m).isEqualTo(-positiveSide);
        }
        for (double m : new double[] {2.1, 3, 5, -2.1, -3}) {
            assertThat(new QwzModel(m).invariant()).as("m = %s", m).isZero();
        }
    }

    @Test
    void aFieldSweepChangesTheChernNumberExactlyWhereTheGapCloses() {
        // m(B) = 3 − 0.3·B: gap closings at B = 10/3 (m = 2), 10 (m = 0), 50/3 (m = −2).
        SampleState state = new SampleState(3.0, 0.3, 0.0);
        List<Double> critical = state.criticalPoints(Sweep.Variable.FIELD, 0, 18);
        assertThat(critical).hasSize(3);
        assertThat(critical.get(0)).isCloseTo(10.0 / 3, within(1e-12));
        assertThat(critical.get(1)).isCloseTo(10.0, within(1e-12));
        assertThat(critical.get(2)).isCloseTo(50.0 / 3, within(1e-12));
        Sweep sweep = Sweep.field(0.05, 17.95, 180);
        int previous = state.bands(sweep.fieldT(0), 0).invariant();
        List<Double> changes = new java.util.ArrayList<>();
        for (int i = 1; i < sweep.setpoints(); i++) {
            int chern = state.bands(sweep.fieldT(i), 0).invariant();
            if (chern != previous) {
                double low = sweep.fieldT(i - 1);
                double high = sweep.fieldT(i);
                changes.add(high);
                assertThat(critical).as("a gap closing between %s and %s T", low, high)
                        .anyMatch(b -> b > low && b < high);
                // the gap is smallest at one of the two setpoints around the change
                double gapHere = Math.min(state.bands(low, 0).gap(200), state.bands(high, 0).gap(200));
                assertThat(gapHere).isLessThan(2 * 0.3 * (high - low) + 0.05);
            }
            previous = chern;
        }
        assertThat(changes).hasSize(3);
        assertThat(state.bands(5, 0).invariant()).isEqualTo(-state.bands(12, 0).invariant());
    }

    @Test
    void latticeChernAgreesWithTheDiracPointCountEvenNextToACriticalMass() {
        for (double m : new double[] {-3, -2.0001, -1.9999, -1, -1e-4, 1e-4, 0.7, 1.9999, 2.0001, 2.5, 4}) {
            QwzModel model = new QwzModel(m);
            assertThat(model.invariant()).as("m = %s on %d²", m, model.invariantGrid())
                    .isEqualTo(model.diracPointChern());
        }
        // The default grid alone misreads a mass this close to 2: the refinement is needed.
        assertThat(new QwzModel(1.9999).chernNumber(QwzModel.K_GRID)).isZero();
    }
}
