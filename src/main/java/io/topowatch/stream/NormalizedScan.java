package io.topowatch.stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A scan after normalisation, resampled onto its element's 200-point window, with the measured scan it
 * came from.
 *
 * @param values normalised mu at the window's energies, windowStart..windowEnd inclusive; on the topic rounded to
 *               1e-6 ({@link WindowValuesSerializer})
 * @param energy the measured energies (eV), as recorded; absent (null, not written) on the records
 *               {@link MeasuredSpectrumSampler} leaves without them
 * @param mu     the measured absorption at {@code energy}, after the mu computation of
 *               {@link io.topowatch.ingest.ScanRecord#absorption()} (ln(i0/it), if/i0, or mu as sent); absent
 *               when {@code energy} is
 */
public record NormalizedScan(
        String scanId,
        String experiment,
        String sample,
        int setpoint,
        String element,
        String edge,
        Map<String, Double> control,
        int spaceGroup,
        List<String> sampleElements,
        double e0,
        double edgeStep,
        double windowStart,
        double windowEnd,
        @JsonSerialize(using = WindowValuesSerializer.class) float[] values,
        Instant scanTime,
        @JsonInclude(JsonInclude.Include.NON_NULL) double[] energy,
        @JsonInclude(JsonInclude.Include.NON_NULL) double[] mu) {

    /** This scan without the measured arrays (the window values, e0 and edge step stay). */
    public NormalizedScan withoutMeasured() {
        return new NormalizedScan(scanId, experiment, sample, setpoint, element, edge, control, spaceGroup,
                sampleElements, e0, edgeStep, windowStart, windowEnd, values, scanTime, null, null);
    }
}
