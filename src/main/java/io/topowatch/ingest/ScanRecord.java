package io.topowatch.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.topowatch.spectrum.Absorption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * TopoWatch's own raw scan record: one XANES scan of one absorbing element of one sample at one setpoint
 * of an experiment. Its JSON Schema is {@code topics/topowatch.scans.raw.json}.
 *
 * <p>Absorption is given either directly as {@code mu} or as detector counters: {@code i0} with {@code it}
 * (transmission, mu = ln(i0/it)) and/or {@code if} (fluorescence, mu = if/i0).
 *
 * @param control control variables at which the scan was taken: {@code field_T}, {@code strain_pct},
 *                {@code temperature_K}
 * @param sampleElements every absorbing element the sample's assembly waits for
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScanRecord(
        String schema,
        String scanId,
        String experiment,
        String sample,
        Integer setpoint,
        String element,
        String edge,
        Map<String, Double> control,
        Integer spaceGroup,
        List<String> sampleElements,
        double[] energy,
        double[] mu,
        double[] i0,
        double[] it,
        @JsonProperty("if") double[] ifluor,
        Instant timestamp) {

    public static final String SCHEMA = "topowatch.scan/1";

    /**
     * mu(E) of the scan: the stored mu when given, else transmission ln(I0/It) when It was measured, else
     * fluorescence If/I0.
     */
    public double[] absorption() {
        if (mu != null) {
            return mu;
        }
        return it != null ? Absorption.transmission(i0, it) : Absorption.fluorescence(i0, ifluor);
    }
    public static final String FIELD_T = "field_T";
    public static final String STRAIN_PCT = "strain_pct";
    public static final String TEMPERATURE_K = "temperature_K";
}
