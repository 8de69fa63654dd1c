package io.topowatch.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CommitPacingTest {

    private final CommitPacing pacing = new CommitPacing(Duration.ofMillis(20), Duration.ofMillis(250));

    @Test
    void aBatchOfRecentScansShowsTheStreamKeepingUp() {
        assertThat(pacing.keepingUp(1_000, 1_030)).isTrue();
        assertThat(pacing.keepingUp(1_000, 1_249)).isTrue();
    }

    @Test
    void aBatchOfScansProducedLongAgoShowsItBehind() {
        assertThat(pacing.keepingUp(1_000, 1_250)).isFalse();
        assertThat(pacing.keepingUp(1_000, 9_000)).isFalse();
    }

    @Test
    void earlyCommitsAreSpacedByTheKeepingUpInterval() {
        assertThat(pacing.due(1_030, Long.MIN_VALUE)).isTrue();
        assertThat(pacing.due(1_030, 1_015)).isFalse();
        assertThat(pacing.due(1_035, 1_015)).isTrue();
    }

    @Test
    void neverCommitsEarlyWhenAskedNotTo() {
        assertThat(CommitPacing.never().keepingUp(1_000, 1_000)).isFalse();
    }

    @Test
    void rejectsNegativeDurations() {
        assertThatThrownBy(() -> new CommitPacing(Duration.ofMillis(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("commit interval");
    }
}
