package io.topowatch.ingest;

import io.topowatch.spectrum.ElementChannels;
import io.topowatch.spectrum.EnergyWindow;
import io.topowatch.spectrum.Extrema;
import io.topowatch.spectrum.SymmetryEncoding;
import java.util.Set;

/** Checks a decoded scan record; the first problem found is thrown with its field. */
public final class ScanValidator {

    /** Fewer points than this cannot give an edge position and a pre- and post-edge line. */
    public static final int MIN_POINTS = 20;
    private static final Set<String> EDGES = Set.of("K");

    private ScanValidator() {}

    public static void validate(ScanRecord s) {
        if (!ScanRecord.SCHEMA.equals(s.schema())) {
            throw new InvalidRecordException("schema", "expected \"" + ScanRecord.SCHEMA + "\", got "
                    + quote(s.schema()));
        }
        requireText("experiment", s.experiment());
        requireText("sample", s.sample());
        requireText("scanId", s.scanId());
        if (s.setpoint() == null || s.setpoint() < 0) {
            throw new InvalidRecordException("setpoint", "expected a setpoint index >= 0, got " + s.setpoint());
        }
        requireText("element", s.element());
        if (ElementChannels.indexOf(s.element()).isEmpty()) {
            throw new InvalidRecordException("element", "expected an absorbing element with a classifier channel"
                    + " (Li..Bi without noble gases, Ac, Th, Pa, U), got " + quote(s.element()));
        }
        if (!EDGES.contains(s.edge())) {
            throw new InvalidRecordException("edge", "expected one of " + EDGES + ", got " + quote(s.edge()));
        }
        if (s.control() == null || s.control().isEmpty()) {
            throw new InvalidRecordException("control", "expected at least one control variable, e.g. {\"field_T\": 1.5}");
        }
        s.control().forEach((name, value) -> {
            if (value == null || !Double.isFinite(value)) {
                throw new InvalidRecordException("control." + name, "expected a finite number, got " + value);
            }
        });
        if (s.spaceGroup() == null || s.spaceGroup() < 1 || s.spaceGroup() > SymmetryEncoding.SPACE_GROUPS) {
            throw new InvalidRecordException("spaceGroup", "expected an International Tables number 1..230, got "
                    + s.spaceGroup());
        }
        if (s.sampleElements() == null || !s.sampleElements().contains(s.element())) {
            throw new InvalidRecordException("sampleElements", "expected the list of the sample's absorbing elements,"
                    + " including this scan's element " + s.element() + ", got " + s.sampleElements());
        }
        for (String e : s.sampleElements()) {
            if (ElementChannels.indexOf(e).isEmpty()) {
                throw new InvalidRecordException("sampleElements", "element " + quote(e) + " has no classifier channel");
            }
        }
        validateArrays(s);
    }

    private static void validateArrays(ScanRecord s) {
        double[] energy = s.energy();
        if (energy == null || energy.length < MIN_POINTS) {
            throw new InvalidRecordException("energy", "expected at least " + MIN_POINTS + " energies, got "
                    + (energy == null ? "none" : energy.length));
        }
        requireFinite("energy", energy);
        boolean hasMu = s.mu() != null;
        boolean hasCounters = s.i0() != null && (s.it() != null || s.ifluor() != null);
        if (hasMu == hasCounters) {
            throw new InvalidRecordException("mu", hasMu
                    ? "give either mu or the counters (i0 with it and/or if), not both"
                    : "expected mu, or i0 with it (transmission) and/or if (fluorescence)");
        }
        String[] names = {"mu", "i0", "it", "if"};
        double[][] arrays = {s.mu(), s.i0(), s.it(), s.ifluor()};
        for (int k = 0; k < names.length; k++) {
            if (arrays[k] != null) {
                if (arrays[k].length != energy.length) {
                    throw new InvalidRecordException(names[k], "expected " + energy.length
                            + " values (one per energy), got " + arrays[k].length);
                }
                requireFinite(names[k], arrays[k]);
            }
        }
        if (hasCounters) {
            requirePositive("i0", s.i0());
            if (s.it() != null) {
                requirePositive("it", s.it());
            }
        }
        EnergyWindow window = ElementChannels.window(s.element());
        double low = window.start() + ElementChannels.WINDOW_BELOW_EDGE_EV;
        double high = window.end() - 20.0;
        // the scan spans the window when min ≤ low and max ≥ high; an ascending scan (the usual order) shows it
        // by its first and last energies, any other is searched
        if (!(energy[0] <= low && energy[energy.length - 1] >= high)) {
            double[] range = Extrema.minMax(energy, 0, energy.length); // finite (checked above)
            if (range[0] > low || range[1] < high) {
                throw new InvalidRecordException("energy", String.format(
                        "expected the scan to span the %s K-edge window %.1f..%.1f eV, got %.1f..%.1f eV",
                        s.element(), window.start(), window.end(), range[0], range[1]));
            }
        }
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidRecordException(field, "expected a non-empty string");
        }
    }

    private static void requireFinite(String field, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new InvalidRecordException(field + "[" + i + "]", "expected a finite number, got " + values[i]);
            }
        }
    }

    private static void requirePositive(String field, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] > 0)) {
                throw new InvalidRecordException(field + "[" + i + "]", "expected a positive count, got " + values[i]);
            }
        }
    }

    private static String quote(String s) {
        return s == null ? "nothing" : "\"" + s + "\"";
    }
}
