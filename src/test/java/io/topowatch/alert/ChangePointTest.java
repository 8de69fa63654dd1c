package io.topowatch.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ChangePointTest {

    static final double EXACT = 1e-12;
    /** Numerical Recipes' erfcc: fractional error below 1.2e-7. */
    static final double ERFC_RELATIVE = 1.2e-7;

    @Test
    void unitStepIsFoundWithItsMeansAndLikelihoodRatio() {
        double[] y = {0, 0, 0, 1, 1, 1};
        double[] w = {1, 1, 1, 1, 1, 1};
        ChangePoint.Fit fit = ChangePoint.fit(y, w, 1, 99, 0.9, 1);
        assertThat(fit.split()).isEqualTo(3);
        assertThat(fit.meanBefore()).isCloseTo(0, within(EXACT));
        assertThat(fit.meanAfter()).isCloseTo(1, within(EXACT));
        // RSS_0 = 6 · 0.25, RSS(3) = 0: λ = 0.75.
        assertThat(fit.logLikelihoodRatio()).isCloseTo(0.75, within(EXACT));
        // The interval brackets the split: last point before (index 2) to first after (index 3).
        assertThat(fit.firstIndex()).isLessThanOrEqualTo(2);
        assertThat(fit.lastIndex()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void weightsMoveTheMeans() {
        double[] y = {0, 0.2, 1, 0.8};
        double[] w = {3, 1, 1, 3};
        ChangePoint.Fit fit = ChangePoint.fit(y, w, 2, 19, 0.9, 1);
        assertThat(fit.meanBefore()).isCloseTo(0.05, within(EXACT));
        assertThat(fit.meanAfter()).isCloseTo(0.85, within(EXACT));
    }

    @Test
    void permutationConfidenceIsBoundedByTheArrangements() {
        // 6 points, 3 after: only the two end arrangements reach the maximum, p >= 2/C(6,3) = 0.1.
        double[] y = {0, 0, 0, 1, 1, 1};
        double[] w = {400, 400, 400, 400, 400, 400};
        ChangePoint.Fit fit = ChangePoint.fit(y, w, 1, 999, 0.9, 7);
        assertThat(fit.permutationConfidence()).isBetween(0.85, 0.93);
        assertThat(fit.lrConfidence()).isGreaterThan(0.999);
    }

    @Test
    void withoutPermutationsTheRestOfTheFitIsUnchanged() {
        double[] y = {0.1, 0.05, 0.12, 0.2, 0.8, 0.9, 0.85, 0.95};
        double[] w = {100, 100, 50, 100, 100, 25, 100, 100};
        ChangePoint.Fit with = ChangePoint.fit(y, w, 2, 199, 0.9, 11);
        ChangePoint.Fit without = ChangePoint.fit(y, w, 2, 0, 0.9, 11);
        assertThat(without.permutationConfidence()).isNaN();
        assertThat(with.permutationConfidence()).isBetween(0.0, 1.0);
        assertThat(without).usingRecursiveComparison().ignoringFields("permutationConfidence").isEqualTo(with);
    }

    @Test
    void sameSeedSameFit() {
        double[] y = {0.1, 0.3, 0.2, 0.6, 0.5, 0.9, 0.7};
        double[] w = {10, 20, 5, 10, 10, 30, 10};
        assertThat(ChangePoint.fit(y, w, 2, 199, 0.9, 42)).isEqualTo(ChangePoint.fit(y, w, 2, 199, 0.9, 42));
    }

    @Test
    void erfcMatchesReferenceValues() {
        // Abramowitz & Stegun, Table 7.1.
        assertThat(ChangePoint.erfc(0)).isCloseTo(1, within(ERFC_RELATIVE));
        assertThat(ChangePoint.erfc(1)).isCloseTo(0.157299207050285, within(0.157299207 * ERFC_RELATIVE));
        assertThat(ChangePoint.erfc(2)).isCloseTo(0.004677734981047, within(0.004677735 * ERFC_RELATIVE));
        assertThat(ChangePoint.erfc(-1)).isCloseTo(1.842700792949715, within(1.8427 * ERFC_RELATIVE));
        // P(chi2_1 > 3.841459) = 0.05.
        assertThat(ChangePoint.chiSquare1Survival(3.841459)).isCloseTo(0.05, within(1e-6));
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> ChangePoint.fit(new double[] {0, 1}, new double[] {1}, 1, 19, 0.9, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChangePoint.fit(new double[] {0, 1, 1}, new double[] {1, 1, 1}, 2, 19, 0.9, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least");
        assertThatThrownBy(() -> ChangePoint.fit(new double[] {0, Double.NaN}, new double[] {1, 1}, 1, 19, 0.9, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChangePoint.fit(new double[] {0, 1}, new double[] {1, 0}, 1, 19, 0.9, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
