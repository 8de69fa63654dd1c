package io.topowatch.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CommitPacingTest {

    private final CommitPacing pacing = new CommitPacing(Duration.ofMillis(20), Duration.ofMillis(250));

    @Test
    void commitsAfterABatchWhileTheStreamKeepsUp() {
        assertThat(pacing.commitNow(1_000, 1_030, Long.MIN_VALUE)).isTrue();
        assertThat(pacing.commitNow(1_000, 1_030, 1_000)).isTrue();
    }

    @Test
    void spacesEarlyCommitsByTheKeepingUpInterval() {
        assertThat(pacing.commitNow(1_000, 1_030, 1_015)).isFalse();
        assertThat(pacing.commitNow(1_000, 1_035, 1_015)).isTrue();
    }

    @Test
    void leavesCommitsToTheBusyIntervalWhenBehind() {
        assertThat(pacing.commitNow(1_000, 1_250, Long.MIN_VALUE)).isFalse();
        assertThat(pacing.commitNow(1_000, 9_000, 0)).isFalse();
    }

    @Test
    void neverCommitsEarlyWhenAskedNotTo() {
        assertThat(CommitPacing.never().commitNow(1_000, 1_000, Long.MIN_VALUE)).isFalse();
    }

    @Test
    void rejectsNegativeDurations() {
        assertThatThrownBy(() -> new CommitPacing(Duration.ofMillis(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("commit interval");
    }
}
