package io.topowatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.topowatch.spectrum.Spectrum;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The benchmark's stand-in reader must read exactly what the JDK reads. */
class NormalizationBenchmarkTest {

    @Test
    void fastPathParsesLikeTheJdk() {
        for (String s : new String[] {"8979.250", "-1.3070486", "149013.7", "0", "0.000", "+12.5", "1e5",
                "123456789012345678", "0.1", "9999.999"}) {
            assertThat(NormalizationBenchmark.parse(s, 0, s.length())).as(s).isEqualTo(Double.parseDouble(s));
        }
    }

    @Test
    void benchmarkTableReadsToTheSameSpectrumEitherWay() {
        String table = NormalizationBenchmark.xdiLikeTable(new SplittableRandom(42));
        Spectrum fast = NormalizationBenchmark.read(table, false);
        Spectrum jdk = NormalizationBenchmark.read(table, true);
        assertThat(fast.size()).isEqualTo(NormalizationBenchmark.POINTS);
        assertThat(fast.energy()).containsExactly(jdk.energy());
        assertThat(fast.mu()).containsExactly(jdk.mu());
        new NormalizationBenchmark().setUp(); // throws if the spectrum normalises badly
    }
}
