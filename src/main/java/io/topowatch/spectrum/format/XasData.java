package io.topowatch.spectrum.format;

import io.topowatch.spectrum.Absorption;
import io.topowatch.spectrum.Spectrum;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a reader found in one file, whatever its format: the absorber, the energy axis in eV, every column by
 * label, the header fields, the user comments, and the {@link Diagnostic}s. Data with an error diagnostic are not
 * usable ({@link #isUsable()}); usable data without an energy axis or absorber (a non-XAFS scan) are not a
 * spectrum ({@link #isSpectrum()}) and cannot be normalised.
 *
 * <p>Immutable: arrays are copied in and out.
 */
public final class XasData {

    /** Labels of columns that already hold mu, in order of preference. */
    static final List<String> STORED_MU_LABELS = List.of("mu", "mutrans", "mufluor", "xmu", "mu_trans", "mu_fluor");
    /** Labels of the incident-intensity counter. */
    static final List<String> I0_LABELS = List.of("i0", "io");
    /** Labels of the transmitted-intensity counter. */
    static final List<String> IT_LABELS = List.of("itrans", "it", "i1");
    /** Fluorescence channels: ifluor, if, fluor, fl, each optionally numbered (if1, ifluor_2, …). */
    static final Pattern FLUORESCENCE_LABEL = Pattern.compile("(?i)(ifluor|if|fluor|fl)(_?\\d+)?");

    private final String source;
    private final String format;
    private final String element;
    private final String edge;
    private final double[] energy;
    private final List<String> labels;
    private final List<double[]> columns;
    private final Map<String, String> header;
    private final List<String> comments;
    private final List<Diagnostic> diagnostics;

    private XasData(Builder b) {
        this.source = b.source;
        this.format = b.format;
        this.element = b.element;
        this.edge = b.edge;
        this.energy = b.energy == null ? null : b.energy.clone();
        this.labels = List.copyOf(b.labels);
        this.columns = b.columns.stream().map(double[]::clone).toList();
        this.header = Collections.unmodifiableMap(new LinkedHashMap<>(b.header));
        this.comments = List.copyOf(b.comments);
        this.diagnostics = List.copyOf(b.diagnostics);
    }

    /** The source name the reader was given (usually the path). */
    public String source() {
        return source;
    }

    /** The format read: {@code XDI/1.0}, {@code columns} or {@code materials-project}. */
    public String format() {
        return format;
    }

    /** The absorbing element's symbol ("Cu"), when the file names a real one. */
    public Optional<String> element() {
        return Optional.ofNullable(element);
    }

    /** The absorption edge ("K", "L3"), when the file names a valid one. */
    public Optional<String> edge() {
        return Optional.ofNullable(edge);
    }

    /** The energy of each point in eV (converted from keV or monochromator angle), when the abscissa is energy. */
    public Optional<double[]> energy() {
        return Optional.ofNullable(energy == null ? null : energy.clone());
    }

    /** Number of data rows. */
    public int points() {
        return columns.isEmpty() ? 0 : columns.get(0).length;
    }

    /** The column labels, in file order; unlabelled columns are named col1, col2, … */
    public List<String> columnLabels() {
        return labels;
    }

    /** Whether {@link #column(String)} finds this label or index. */
    public boolean hasColumn(String labelOrIndex) {
        return indexOf(labelOrIndex) >= 0;
    }

    /**
     * One column, by label (case-insensitive) or by 1-based index ("2").
     *
     * @throws IllegalArgumentException naming the columns there are, when there is no such column
     */
    public double[] column(String labelOrIndex) {
        int i = indexOf(labelOrIndex);
        if (i < 0) {
            throw new IllegalArgumentException("no column '" + labelOrIndex + "' in " + source + "; columns are "
                    + String.join(", ", labels) + " (or 1.." + labels.size() + " by index)");
        }
        return columns.get(i).clone();
    }

    /** The header fields as written ({@code Family.key} to value, last occurrence wins), in file order. */
    public Map<String, String> header() {
        return header;
    }

    /** One header field, looked up case-insensitively as XDI requires. */
    public Optional<String> header(String key) {
        return header.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key))
                .map(Map.Entry::getValue).reduce((a, b) -> b);
    }

    /** The user comment lines. */
    public List<String> comments() {
        return comments;
    }

    /** Every error and warning, in the order found. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }

    /** No errors: the data can be used. */
    public boolean isUsable() {
        return diagnostics.stream().noneMatch(Diagnostic::isError);
    }

    /** Usable, with an energy axis, an absorbing element and an edge: an XAS spectrum that can be normalised. */
    public boolean isSpectrum() {
        return isUsable() && energy != null && element != null && edge != null && points() > 0;
    }

    /**
     * Derives mu from the columns. {@link MuSource.Auto} chooses, from the labels: a stored mu column
     * (mu, mutrans, mufluor, xmu); else i0 with itrans (it, i1): transmission ln(I0/It); else i0 with every
     * fluorescence column (ifluor, if, fluor, fl, numbered or not), summed: (If1 + If2 + …)/I0.
     *
     * @throws IllegalArgumentException when a named column is missing or auto finds no way, naming the columns
     * @throws IllegalStateException    when the data are not usable
     */
    public Mu mu(MuSource how) {
        if (!isUsable()) {
            throw new IllegalStateException(source + " is not usable: " + errors().get(0).message());
        }
        MuSource chosen = how instanceof MuSource.Auto ? chooseAutomatically() : how;
        if (chosen instanceof MuSource.Stored s) {
            return new Mu(column(s.column()), labels.get(indexOf(s.column())));
        }
        if (chosen instanceof MuSource.Transmission t) {
            return new Mu(Absorption.transmission(column(t.i0()), column(t.it())),
                    "ln(" + labels.get(indexOf(t.i0())) + "/" + labels.get(indexOf(t.it())) + ")");
        }
        MuSource.Fluorescence f = (MuSource.Fluorescence) chosen;
        double[] i0 = column(f.i0());
        double[] sum = new double[i0.length];
        List<String> names = new ArrayList<>();
        for (String channel : f.fluorescence()) {
            double[] c = column(channel);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += c[i];
            }
            names.add(labels.get(indexOf(channel)));
        }
        String numerator = names.size() == 1 ? names.get(0) : "(" + String.join("+", names) + ")";
        return new Mu(Absorption.fluorescence(i0, sum), numerator + "/" + labels.get(indexOf(f.i0())));
    }

    /**
     * The spectrum mu(E) for normalisation.
     *
     * @throws IllegalStateException when the data are not usable or have no energy axis (a non-XAFS scan)
     */
    public Spectrum spectrum(MuSource how) {
        if (isUsable() && energy == null) {
            throw new IllegalStateException(source + " has no energy axis (first column is '"
                    + (labels.isEmpty() ? "none" : labels.get(0)) + "'): not an XAS spectrum");
        }
        return new Spectrum(energy.clone(), mu(how).values());
    }

    private MuSource chooseAutomatically() {
        for (String label : STORED_MU_LABELS) {
            if (hasLabel(label)) {
                return MuSource.stored(label);
            }
        }
        String i0 = I0_LABELS.stream().filter(this::hasLabel).findFirst().orElse(null);
        if (i0 != null) {
            for (String it : IT_LABELS) {
                if (hasLabel(it)) {
                    return MuSource.transmission(i0, it);
                }
            }
            List<String> fluorescence = labels.stream().filter(l -> FLUORESCENCE_LABEL.matcher(l).matches()).toList();
            if (!fluorescence.isEmpty()) {
                return new MuSource.Fluorescence(i0, fluorescence);
            }
        }
        throw new IllegalArgumentException("cannot choose mu in " + source + ": no mu, mutrans or mufluor column, and"
                + " no i0 with itrans or fluorescence columns (columns are " + String.join(", ", labels)
                + "); name them, e.g. ln(i0/itrans)");
    }

    private boolean hasLabel(String label) {
        return labels.stream().anyMatch(l -> l.equalsIgnoreCase(label));
    }

    private int indexOf(String labelOrIndex) {
        if (labelOrIndex == null) {
            return -1;
        }
        String key = labelOrIndex.strip();
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).equalsIgnoreCase(key)) {
                return i;
            }
        }
        if (key.matches("\\d{1,9}")) {
            int n = Integer.parseInt(key);
            return n >= 1 && n <= columns.size() ? n - 1 : -1;
        }
        return -1;
    }

    @Override
    public String toString() {
        return "XasData[" + source + ", " + format + ", " + (element == null ? "?" : element) + " "
                + (edge == null ? "?" : edge) + ", " + points() + " points, columns " + labels + ", "
                + errors().size() + " errors, " + warnings().size() + " warnings]";
    }

    /** Collects what a reader finds; readers build one {@link XasData} at the end. */
    static final class Builder {
        /** At most this many diagnostics are kept; the rest are counted in one closing diagnostic. */
        static final int MAX_DIAGNOSTICS = 50;

        private final String source;
        private String format;
        private int suppressedErrors;
        private int suppressedWarnings;
        private String element;
        private String edge;
        private double[] energy;
        private final List<String> labels = new ArrayList<>();
        private final List<double[]> columns = new ArrayList<>();
        private final Map<String, String> header = new LinkedHashMap<>();
        private final List<String> comments = new ArrayList<>();
        private final List<Diagnostic> diagnostics = new ArrayList<>();

        Builder(String source, String format) {
            this.source = source;
            this.format = format;
        }

        String source() {
            return source;
        }

        Builder format(String name) {
            this.format = name;
            return this;
        }

        Builder element(String symbol) {
            this.element = symbol;
            return this;
        }

        Builder edge(String name) {
            this.edge = name;
            return this;
        }

        Builder energy(double[] eV) {
            this.energy = eV;
            return this;
        }

        Builder column(String label, double[] values) {
            labels.add(label);
            columns.add(values);
            return this;
        }

        Builder header(String key, String value) {
            header.keySet().removeIf(k -> k.equalsIgnoreCase(key));
            header.put(key, value);
            return this;
        }

        /** A header value, looked up case-insensitively; null when absent. */
        String headerValue(String key) {
            String found = null;
            for (Map.Entry<String, String> e : header.entrySet()) {
                if (e.getKey().equalsIgnoreCase(key)) {
                    found = e.getValue();
                }
            }
            return found;
        }

        Builder comment(String line) {
            comments.add(line);
            return this;
        }

        Builder error(int line, String message) {
            if (diagnostics.size() < MAX_DIAGNOSTICS) {
                diagnostics.add(Diagnostic.error(source, line, message));
            } else {
                suppressedErrors++;
            }
            return this;
        }

        Builder warning(int line, String message) {
            if (diagnostics.size() < MAX_DIAGNOSTICS) {
                diagnostics.add(Diagnostic.warning(source, line, message));
            } else {
                suppressedWarnings++;
            }
            return this;
        }

        boolean hasErrors() {
            return suppressedErrors > 0 || diagnostics.stream().anyMatch(Diagnostic::isError);
        }

        /** The data, with diagnostics in line order (those bound to no line last). */
        XasData build() {
            diagnostics.sort(java.util.Comparator.comparingInt(d -> d.line() == 0 ? Integer.MAX_VALUE : d.line()));
            int more = suppressedErrors + suppressedWarnings;
            if (more > 0) {
                String m = "and " + suppressedErrors + " more errors and " + suppressedWarnings
                        + " more warnings not shown";
                diagnostics.add(suppressedErrors > 0 ? Diagnostic.error(source, 0, m) : Diagnostic.warning(source, 0, m));
            }
            return new XasData(this);
        }
    }
}
