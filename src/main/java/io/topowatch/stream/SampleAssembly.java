package io.topowatch.stream;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.topowatch.spectrum.SampleTensor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scans of one sample at one setpoint, gathered until every expected element is present or the
 * assembly times out. Immutable: {@link #add} returns the next state and what happened.
 *
 * <p>Rules, so that replays and redeliveries always give the same result:
 * <ul>
 *   <li>a scan whose {@code scanId} is already held is a <b>duplicate</b>: nothing changes;</li>
 *   <li>another scan of an element already held <b>replaces</b> it when its scan time is later (ties: the
 *       larger scanId), else it is <b>superseded</b> and ignored, so the latest measurement wins whatever
 *       the arrival order;</li>
 *   <li>the setpoint's control values, space group and expected elements are those of its first scan.</li>
 * </ul>
 *
 * @param expectedElements the scan's {@code sampleElements}: the elements the sample must show
 * @param scans            element symbol → the scan held for it, sorted by element
 * @param openedAtMs       wall-clock time the first scan arrived (the timeout runs from here)
 * @param recordTimestamp  the Kafka timestamp of the latest scan added (carried to the score, for latency)
 */
public record SampleAssembly(
        String experiment,
        String sample,
        int setpoint,
        Map<String, Double> control,
        int spaceGroup,
        List<String> expectedElements,
        Map<String, ElementScan> scans,
        long openedAtMs,
        long recordTimestamp) {

    /** One element's normalised window, and which scan it came from. */
    public record ElementScan(String scanId, Instant scanTime, float[] values) {}

    /** What {@link #add} did with a scan. */
    public enum Change { ADDED, REPLACED, SUPERSEDED, DUPLICATE }

    /** The next state and the change that led to it. */
    public record Step(SampleAssembly assembly, Change change) {}

    /** The store key of a scan's assembly: {@code <experiment>/<sample>/<setpoint>}. */
    public static String key(NormalizedScan scan) {
        return scan.experiment() + "/" + scan.sample() + "/" + scan.setpoint();
    }

    /** This assembly's key: {@code <experiment>/<sample>/<setpoint>}. */
    @JsonIgnore
    public String key() {
        return experiment + "/" + sample + "/" + setpoint;
    }

    /** A new assembly holding its first scan. */
    public static SampleAssembly open(NormalizedScan scan, long nowMs, long recordTimestamp) {
        Map<String, ElementScan> scans = new TreeMap<>();
        scans.put(scan.element(), elementScan(scan));
        return new SampleAssembly(scan.experiment(), scan.sample(), scan.setpoint(), scan.control(),
                scan.spaceGroup(), List.copyOf(scan.sampleElements()), scans, nowMs, recordTimestamp);
    }

    public Step add(NormalizedScan scan, long recordTimestamp) {
        if (scanIds().contains(scan.scanId())) {
            return new Step(this, Change.DUPLICATE);
        }
        ElementScan held = scans.get(scan.element());
        if (held != null && !later(scan, held)) {
            return new Step(this, Change.SUPERSEDED);
        }
        Map<String, ElementScan> next = new TreeMap<>(scans);
        next.put(scan.element(), elementScan(scan));
        SampleAssembly assembly = new SampleAssembly(experiment, sample, setpoint, control, spaceGroup,
                expectedElements, next, openedAtMs, Math.max(this.recordTimestamp, recordTimestamp));
        return new Step(assembly, held == null ? Change.ADDED : Change.REPLACED);
    }

    @JsonIgnore
    public boolean isComplete() {
        return scans.keySet().containsAll(expectedElements);
    }

    /** Expected elements with no scan yet, in the order the scans listed them. */
    @JsonIgnore
    public List<String> missingElements() {
        return expectedElements.stream().filter(e -> !scans.containsKey(e)).toList();
    }

    /** The scans held, in element order. */
    @JsonIgnore
    public List<String> scanIds() {
        List<String> ids = new ArrayList<>();
        scans.values().forEach(s -> ids.add(s.scanId()));
        return ids;
    }

    @JsonIgnore
    public List<String> elements() {
        return List.copyOf(scans.keySet());
    }

    public SampleTensor tensor() {
        Map<String, float[]> spectra = new TreeMap<>();
        scans.forEach((element, s) -> spectra.put(element, s.values()));
        return SampleTensor.assemble(spectra, spaceGroup);
    }

    private static ElementScan elementScan(NormalizedScan scan) {
        return new ElementScan(scan.scanId(), scan.scanTime(), scan.values());
    }

    /** Whether {@code scan} was measured after {@code held}; ties broken by scanId so the order is total. */
    private static boolean later(NormalizedScan scan, ElementScan held) {
        Instant a = scan.scanTime() == null ? Instant.MIN : scan.scanTime();
        Instant b = held.scanTime() == null ? Instant.MIN : held.scanTime();
        int byTime = a.compareTo(b);
        return byTime != 0 ? byTime > 0 : scan.scanId().compareTo(held.scanId()) > 0;
    }
}
