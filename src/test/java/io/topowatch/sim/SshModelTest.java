package io.topowatch.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SshModelTest {

    /** Analytic gap 2|t1 − t2| of the textbook chain, resolved by the offset grid to O(1/n²). */
    private static final double GAP_TOLERANCE = 1e-3;

    @Test
    void textbookChainWindsOnceWhenTheInterCellHoppingWins() {
        assertThat(new SshModel(0.5, 1.0).windingNumber(64)).isEqualTo(1);
        assertThat(new SshModel(1.0, 0.5).windingNumber(64)).isZero();
        assertThat(new SshModel(0.0, 1.0).invariant()).isEqualTo(1);
        assertThat(new SshModel(1.0, 0.0).invariant()).isZero();
    }

    @Test
    void thirdNeighbourHoppingsGiveWindingsMinusOneAndTwo() {
        assertThat(new SshModel(0.2, 0.5, 1.2, 0).invariant()).isEqualTo(2);
        assertThat(new SshModel(0.2, 0.5, 0, 1.2).invariant()).isEqualTo(-1);
        assertThat(new SshModel(2.0, 0.5, 0.4, 0.4).invariant()).isZero();
        assertThat(new SshModel(0.2, 2.0, 0.4, 0.4).invariant()).isEqualTo(1);
    }

    @Test
    void gapIsTwiceTheHoppingDifference() {
        assertThat(new SshModel(0.4, 1.0).gap()).isCloseTo(1.2, within(GAP_TOLERANCE));
        assertThat(new SshModel(1.0, 1.0).gap()).isLessThan(0.02);
        assertThat(new SshModel(1.7, 1.0).gap()).isCloseTo(1.4, within(GAP_TOLERANCE));
    }

    @Test
    void aSweepOfT1ChangesTheWindingExactlyWhereTheGapCloses() {
        // t1 from 0 to 2 at t2 = 1 in steps of 0.05 (offset so no setpoint sits on t1 = 1).
        List<Integer> winding = new ArrayList<>();
        List<Double> gap = new ArrayList<>();
        for (int i = 0; i <= 40; i++) {
            SshModel chain = new SshModel(0.025 + 0.05 * i, 1.0);
            winding.add(chain.invariant());
            gap.add(chain.gap());
        }
        int change = -1;
        for (int i = 0; i + 1 < winding.size(); i++) {
            if (!winding.get(i).equals(winding.get(i + 1))) {
                assertThat(change).as("only one change").isEqualTo(-1);
                change = i;
            }
        }
        // t1 = 0.975 (i = 19) is the last topological point, t1 = 1.025 the first trivial one.
        assertThat(change).isEqualTo(19);
        assertThat(winding.get(0)).isEqualTo(1);
        assertThat(winding.get(40)).isZero();
        int smallestGap = gap.indexOf(gap.stream().min(Double::compare).orElseThrow());
        assertThat(smallestGap).isIn(19, 20);
    }

    @Test
    void windingDoesNotDependOnTheGridWhenTheGapIsOpen() {
        SplittableRandom random = new SplittableRandom(3);
        int checked = 0;
        while (checked < 200) {
            SshModel chain = new SshModel(random.nextDouble(-2, 2), random.nextDouble(-2, 2),
                    random.nextDouble(-2, 2), random.nextDouble(-2, 2));
            if (chain.gap(4096) < 0.05) {
                continue;
            }
            assertThat(chain.windingNumber(SshModel.K_GRID)).as(chain.toString())
                    .isEqualTo(chain.windingNumber(4096)).isBetween(-1, 2);
            checked++;
        }
    }

    @Test
    void rejectsNonFiniteHoppingsAndTinyGrids() {
        assertThatThrownBy(() -> new SshModel(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SshModel(1, 2).windingNumber(4)).isInstanceOf(IllegalArgumentException.class);
    }
}
