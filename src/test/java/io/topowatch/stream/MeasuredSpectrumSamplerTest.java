package io.topowatch.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.topowatch.ingest.ScanRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasuredSpectrumSamplerTest {

    @TempDir
    Path stateDir;

    /** The demo's scans of one sample at two setpoints: two scans per element, same (sample, element). */
    private static List<ScanRecord> twoSetpoints() {
        List<ScanRecord> scans = new java.util.ArrayList<>(PipelineDriver.demoScans("GeTe-1", 0));
        scans.addAll(PipelineDriver.demoScans("GeTe-1", 1));
        assertThat(scans).hasSizeGreaterThanOrEqualTo(4);
        return scans;
    }

    @Test
    void carriesTheMeasuredArraysOncePerElementAndIntervalAndTheWindowAlways() {
        PipelineOptions options = PipelineDriver.unbatched().withMeasuredSpectrumInterval(Duration.ofSeconds(1));
        try (PipelineDriver p = new PipelineDriver(stateDir, options)) {
            List<ScanRecord> scans = twoSetpoints();
            scans.forEach(p::send);
            List<NormalizedScan> out = p.spectra.readValuesToList();
            assertThat(out).hasSize(scans.size()).allSatisfy(s -> assertThat(s.values()).hasSize(200));
            int elements = PipelineDriver.demoScans("GeTe-1", 0).size();
            // the first scan of each element carries energy and mu; the second, within the interval, does not
            assertThat(out.subList(0, elements)).allSatisfy(s -> {
                assertThat(s.energy()).isNotEmpty();
                assertThat(s.mu()).hasSameSizeAs(s.energy());
            });
            assertThat(out.subList(elements, out.size())).allSatisfy(s -> {
                assertThat(s.energy()).isNull();
                assertThat(s.mu()).isNull();
            });

            p.advance(Duration.ofMillis(1_001));
            ScanRecord again = PipelineDriver.demoScans("GeTe-1", 2).get(0);
            p.send(again);
            assertThat(p.spectra.readValue().energy()).containsExactly(again.energy());
        }
    }

    @Test
    void carriesThemOnEveryRecordWhenTheIntervalIsZero() {
        PipelineOptions options = PipelineDriver.unbatched().withMeasuredSpectrumInterval(Duration.ZERO);
        try (PipelineDriver p = new PipelineDriver(stateDir, options)) {
            twoSetpoints().forEach(p::send);
            assertThat(p.spectra.readValuesToList()).isNotEmpty().allSatisfy(s -> assertThat(s.energy()).isNotEmpty());
        }
    }

    @Test
    void recordsWithoutTheArraysLeaveThemOutOfTheJson() {
        NormalizedScan without = new NormalizedScan("s", "e", "x", 0, "Cu", "K", null, 225, List.of("Cu"), 8979, 1,
                8950, 9100, new float[200], null, new double[] {1}, new double[] {2}).withoutMeasured();
        assertThat(Json.write(without)).doesNotContain("\"energy\"").doesNotContain("\"mu\"").contains("\"values\"");
    }
}
