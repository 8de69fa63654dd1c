package io.topowatch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DjlScorerThreadsTest {

    @Test
    void zeroLeavesPyTorchDefaultsAndACommandLineSettingWins() {
        String threads = System.getProperty(DjlScorer.NUM_THREADS_PROPERTY);
        String interop = System.getProperty(DjlScorer.NUM_INTEROP_THREADS_PROPERTY);
        try {
            System.clearProperty(DjlScorer.NUM_THREADS_PROPERTY);
            System.clearProperty(DjlScorer.NUM_INTEROP_THREADS_PROPERTY);
            DjlScorer.configureThreads(0);
            assertThat(System.getProperty(DjlScorer.NUM_THREADS_PROPERTY)).isNull();

            System.setProperty(DjlScorer.NUM_THREADS_PROPERTY, "3");
            DjlScorer.configureThreads(1);
            assertThat(System.getProperty(DjlScorer.NUM_THREADS_PROPERTY)).isEqualTo("3");
            assertThat(System.getProperty(DjlScorer.NUM_INTEROP_THREADS_PROPERTY)).isEqualTo("1");
            assertThatThrownBy(() -> DjlScorer.configureThreads(-1)).isInstanceOf(IllegalArgumentException.class);
        } finally {
            restore(DjlScorer.NUM_THREADS_PROPERTY, threads);
            restore(DjlScorer.NUM_INTEROP_THREADS_PROPERTY, interop);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
