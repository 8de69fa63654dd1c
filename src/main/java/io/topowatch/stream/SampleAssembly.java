package io.topowatch.stream;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.topowatch.spectrum.SampleTensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scans of one sample at one setpoint, gathered until every expected element is present.
 *
 * <p>Deterministic under duplicates and redelivery: the first scan of an element wins, later scans of
 * the same element are ignored, and {@code completedNow} is true only on the update that completed the
 * set, so each setpoint is scored once. The setpoint's control values are those of its first scan.
 */
public record SampleAssembly(
        String experiment,
        String sample,
        int setpoint,
        Map<String, Double> control,
        int spaceGroup,
        List<String> expectedElements,
        Map<String, float[]> spectra,
        List<String> scanIds,
        boolean completedNow) {

    public static SampleAssembly empty() {
        return new SampleAssembly(null, null, -1, Map.of(), 1, List.of(), Map.of(), List.of(), false);
    }

    public static String key(NormalizedScan scan) {
        return scan.experiment() + "/" + scan.sample() + "/" + scan.setpoint();
    }

    public SampleAssembly add(NormalizedScan scan) {
        if (spectra.containsKey(scan.element())) {
            return withCompletedNow(false);
        }
        boolean first = experiment == null;
        boolean wasComplete = isComplete();
        Map<String, float[]> nextSpectra = new TreeMap<>(spectra);
        nextSpectra.put(scan.element(), scan.values());
        List<String> nextIds = new ArrayList<>(scanIds);
        nextIds.add(scan.scanId());
        SampleAssembly next = new SampleAssembly(scan.experiment(), scan.sample(), scan.setpoint(),
                first ? scan.control() : control,
                first ? scan.spaceGroup() : spaceGroup,
                first ? List.copyOf(scan.sampleElements()) : expectedElements,
                nextSpectra, nextIds, false);
        return next.withCompletedNow(!wasComplete && next.isComplete());
    }

    @JsonIgnore
    public boolean isComplete() {
        return experiment != null && spectra.keySet().containsAll(expectedElements);
    }

    public SampleTensor tensor() {
        return SampleTensor.assemble(spectra, spaceGroup);
    }

    private SampleAssembly withCompletedNow(boolean value) {
        return new SampleAssembly(experiment, sample, setpoint, control, spaceGroup, expectedElements, spectra,
                scanIds, value);
    }
}
