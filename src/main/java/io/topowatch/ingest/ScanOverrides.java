package io.topowatch.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scan metadata given on the command line; each non-null value wins over what a file's header says.
 *
 * @param control control variables to set ({@code field_T}, {@code strain_pct}, {@code temperature_K}); merged
 *                over the header's, key by key
 */
public record ScanOverrides(String experiment, String sample, Integer setpoint, Map<String, Double> control,
        Integer spaceGroup, List<String> sampleElements) {

    public ScanOverrides {
        control = control == null ? Map.of() : new LinkedHashMap<>(control);
        sampleElements = sampleElements == null ? null : List.copyOf(sampleElements);
    }

    public static ScanOverrides none() {
        return new ScanOverrides(null, null, null, null, null, null);
    }
}
