package io.topowatch.spectrum;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Pre-edge subtraction and edge-step normalisation of mu(E), step by step as Larch's {@code pre_edge}
 * does it with its default arguments (M. Newville, "Larch: an analysis package for XAFS and related
 * spectroscopies", J. Phys.: Conf. Ser. 430, 012007 (2013); xraypy/xraylarch, {@code larch/xafs/pre_edge.py},
 * functions {@code find_e0}, {@code _finde0}, {@code find_energy_step}, {@code preedge}, {@code pre_edge}).
 *
 * <ol>
 *   <li>{@link Spectrum#cleaned()}: drop non-finite points, sort, separate repeated energies.</li>
 *   <li>{@link #findE0}: e0, the measured energy of maximum dmu/dE (two passes, glitch-resistant).</li>
 *   <li>{@link #preEdgeRange} and {@link #fitPreEdge}: the line pre(E) over [e0+pre1, e0+pre2].</li>
 *   <li>{@link #postEdgeRange} and {@link #fitPostEdge}: the polynomial post(E) of degree nnorm fitted to
 *       mu − pre over [e0+norm1, e0+norm2).</li>
 *   <li>edge step Δμ<sub>0</sub> = |post(e0)|; norm = (mu − pre)/Δμ<sub>0</sub>;
 *       flat = norm − (post(E) − post(e0))/Δμ<sub>0</sub> for E ≥ e0, norm below ({@link #flatten}).</li>
 *   <li>{@link #qualityFlags}: warnings about the result.</li>
 * </ol>
 *
 * <p>Deliberate differences from Larch: a pre-edge range of fewer than 3 points gives a constant rather
 * than a line through 2 points; a post-edge range too short for degree nnorm lowers the degree (flagged);
 * an e0 override outside the data is rejected rather than silently replaced; a zero edge step is an error
 * rather than clamped to 10<sup>−12</sup>; the Lorentzian smoothing kernel of the E0 refinement is cut at
 * ±{@value #LORENTZIAN_HALF_WIDTH} widths (keeping ~98 % of its weight), which moves the derivative maximum
 * by far less than one energy step. Stateless and thread-safe; inputs are never modified.
 */
public final class PreEdge {

    /** Fewest finite points accepted. */
    public static final int MIN_POINTS = 10;
    /** Below this many points the result is flagged {@link QualityFlag.Kind#FEW_POINTS}. */
    public static final int RECOMMENDED_POINTS = 50;
    /** Highest post-edge polynomial degree (Larch's {@code MAX_NNORM}). */
    public static final int MAX_NNORM = 5;
    /** Half-width, in Lorentzian widths, at which the E0 smoothing kernel is cut. */
    public static final int LORENTZIAN_HALF_WIDTH = 32;
    /** An edge step below this fraction of max |mu| is rounding error: there is no edge. */
    public static final double NO_EDGE_RELATIVE = 1e-10;
    /** Flag the edge step when it is below this multiple of the pre-edge noise. */
    public static final double MIN_STEP_TO_NOISE = 10.0;
    /** A glitch sticks out from its neighbours by more than this fraction of the edge step … */
    public static final double GLITCH_STEP_FRACTION = 0.05;
    /** … and by more than this multiple of the pre-edge noise. */
    public static final double GLITCH_NOISE_FACTOR = 10.0;
    /** Flag e0 when it is further than this from the tabulated edge, eV (chemical shifts are a few eV) … */
    public static final double E0_TOLERANCE_EV = 10.0;
    /**
     * … or than this fraction of the edge energy, whichever is larger: heavy-element K edges are tens of eV
     * wide (core-hole width ~60 eV for Bi), so their maximum derivative wanders further.
     */
    public static final double E0_TOLERANCE_RELATIVE = 3e-4;

    private PreEdge() {}

    // ------------------------------------------------------------------------------------------------
    // The whole procedure

    /**
     * Normalises a spectrum with Larch's defaults for every parameter not given in {@code p}.
     *
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if fewer than {@value #MIN_POINTS} points are finite, all finite
     *                                  energies are equal, the e0 override lies outside the second to the
     *                                  last-but-one measured energy, or the edge step is zero (below
     *                                  {@value #NO_EDGE_RELATIVE} of max |mu|)
     */
    public static PreEdgeResult normalize(Spectrum raw, PreEdgeParameters p) {
        Fit f = fit(raw, p, true);
        double[] e = f.energy();
        double[] mu = f.mu();
        int n = e.length;
        double[] preEdge = new double[n];
        double[] postEdge = new double[n];
        double[] norm = new double[n];
        double[] flat = new double[n];
        // The same arithmetic as preLine.value, postPoly.value and flatten, in loops the JIT can vectorise:
        // flat first holds post(E), then becomes the flattened spectrum.
        evaluate(f.preLine(), e, preEdge);
        evaluate(f.postPoly(), e, flat);
        double atE0 = f.rawStep();
        // one division, then multiplications: differs from dividing each point by at most an ulp
        double inverseStep = 1.0 / f.edgeStep();
        int split = Math.max(0, Math.min(f.ie0(), n));
        for (int i = 0; i < split; i++) {
            double pe = preEdge[i];
            postEdge[i] = pe + flat[i];
            double v = (mu[i] - pe) * inverseStep;
            norm[i] = v;
            flat[i] = v;
        }
        for (int i = split; i < n; i++) {
            double pe = preEdge[i];
            double pv = flat[i];
            postEdge[i] = pe + pv;
            double v = (mu[i] - pe) * inverseStep;
            norm[i] = v;
            flat[i] = v - (pv - atE0) * inverseStep;
        }
        return new PreEdgeResult(f.e0(), f.edgeStep(), f.pre()[0], f.pre()[1], f.post()[0], f.post()[1],
                f.postPoly().degree(), f.preLine(), f.postPoly(), e, mu, preEdge, postEdge, norm, flat, f.flags());
    }

    /**
     * What {@link #normalize} finds before it fills its arrays: the cleaned data, e0, the ranges, both fitted
     * curves, the raw and absolute edge step, and the warnings.
     */
    private record Fit(double[] energy, double[] mu, double e0, int ie0, double[] pre, double[] post,
            Polynomial preLine, Polynomial postPoly, double rawStep, double edgeStep, List<QualityFlag> flags) {}

    /** @param copy whether the cleaned arrays must be copies (they go into a result) even if already clean */
    private static Fit fit(Spectrum raw, PreEdgeParameters p, boolean copy) {
        Objects.requireNonNull(raw, "spectrum");
        Objects.requireNonNull(p, "parameters");
        Spectrum s = validated(raw, copy);
        double[] e = s.energy();
        double[] mu = s.mu();
        int n = e.length;

        double e0;
        if (p.e0() == null) {
            e0 = findE0(e, mu);
        } else {
            if (p.e0() < e[1] || p.e0() > e[n - 2]) {
                throw new IllegalArgumentException("e0=" + p.e0() + " eV lies outside the data ["
                        + e[1] + ", " + e[n - 2] + "] eV");
            }
            e0 = e[indexNearest(e, p.e0())];
        }
        int ie0 = indexNearest(e, e0);
        List<QualityFlag> flags = new ArrayList<>();

        double[] pre = preEdgeRange(e, e0, p.pre1(), p.pre2());
        double[] post = postEdgeRange(e, e0, p.norm1(), p.norm2());
        int nnorm = p.nnorm() != null ? p.nnorm() : defaultNnorm(post[0], post[1]);

        Polynomial preLine = fitPreEdge(e, mu, e0, pre[0], pre[1]);
        int[] preIdx = preEdgeIndices(e, e0, pre[0], pre[1]);
        if (preIdx[1] - preIdx[0] < 3) {
            flags.add(new QualityFlag(QualityFlag.Kind.FEW_POINTS, "pre-edge range [" + fmt(pre[0]) + ", "
                    + fmt(pre[1]) + "] eV holds " + (preIdx[1] - preIdx[0]) + " points: pre-edge is a constant"));
        }
        Polynomial postPoly = fitPostEdge(e, mu, preLine, e0, post[0], post[1], nnorm);
        if (postPoly.degree() < nnorm) {
            flags.add(new QualityFlag(QualityFlag.Kind.FEW_POINTS, "post-edge range [" + fmt(post[0]) + ", "
                    + fmt(post[1]) + "] eV too short for degree " + nnorm + ": fitted degree " + postPoly.degree()));
        }

        double rawStep = postPoly.value(e0);
        double edgeStep = Math.abs(rawStep);
        double maxAbsMu = maxAbs(mu); // once: the edge-step check and the glitch scan's rounding slack use it
        if (!(edgeStep > NO_EDGE_RELATIVE * maxAbsMu) || !Double.isFinite(edgeStep)) {
            throw new IllegalArgumentException("edge step is " + rawStep + ": no absorption edge near e0="
                    + e0 + " eV");
        }
        flags.addAll(qualityFlags(e, mu, preLine, preIdx, rawStep, maxAbsMu));
        return new Fit(e, mu, e0, ie0, pre, post, preLine, postPoly, rawStep, edgeStep, flags);
    }

    /**
     * The classifier's part of {@link #normalize(Spectrum, PreEdgeParameters, double, EnergyWindow)}: e0, the
     * edge step, the cleaned energies and mu (the input's own arrays when they were already clean), norm at any
     * point (computed exactly as there) and the same flags, without the pre-edge, post-edge and flat arrays
     * that {@link Preprocessing#toWindow} does not use. norm is computed on demand: the window needs it at the
     * few points around its 200 energies, not at every measured point.
     */
    record Normalized(double e0, double edgeStep, double[] energy, double[] mu, Polynomial preLine,
            double inverseStep, List<QualityFlag> flags) {

        /**
         * norm at measured point i, as {@link PreEdge#normalize} computes it ({@link Polynomial#value} is the
         * arithmetic of {@link PreEdge#evaluate} for one point).
         */
        double norm(int i) {
            return (mu[i] - preLine.value(energy[i])) * inverseStep;
        }
    }

    static Normalized normalizeForWindow(Spectrum raw, PreEdgeParameters p, double tabulatedEdgeEv,
            EnergyWindow window) {
        requireWindowArguments(tabulatedEdgeEv, window);
        Fit f = fit(raw, p, false); // read only: the input's arrays need no copy
        double[] e = f.energy();
        List<QualityFlag> flags = new ArrayList<>(f.flags());
        addWindowFlags(flags, f.e0(), e, tabulatedEdgeEv, window);
        return new Normalized(f.e0(), f.edgeStep(), e, f.mu(), f.preLine(), 1.0 / f.edgeStep(), flags);
    }

    /**
     * As {@link #normalize(Spectrum, PreEdgeParameters)}, and also flags an e0 more than
     * max({@value #E0_TOLERANCE_EV} eV, {@value #E0_TOLERANCE_RELATIVE}·edge) from {@code tabulatedEdgeEv}
     * and energies that do not span {@code window}.
     */
    public static PreEdgeResult normalize(Spectrum raw, PreEdgeParameters p, double tabulatedEdgeEv,
            EnergyWindow window) {
        requireWindowArguments(tabulatedEdgeEv, window);
        PreEdgeResult r = normalize(raw, p);
        List<QualityFlag> flags = new ArrayList<>(r.flags());
        addWindowFlags(flags, r.e0(), r.energy(), tabulatedEdgeEv, window);
        if (flags.size() == r.flags().size()) {
            return r;
        }
        return new PreEdgeResult(r.e0(), r.edgeStep(), r.pre1(), r.pre2(), r.norm1(), r.norm2(), r.nnorm(),
                r.preEdgeLine(), r.postEdgePolynomial(), r.energy(), r.mu(), r.preEdge(), r.postEdge(), r.norm(),
                r.flat(), flags);
    }

    private static void requireWindowArguments(double tabulatedEdgeEv, EnergyWindow window) {
        Objects.requireNonNull(window, "window");
        if (!Double.isFinite(tabulatedEdgeEv)) {
            throw new IllegalArgumentException("tabulated edge must be finite, got " + tabulatedEdgeEv);
        }
    }

    /** The e0-far-from-tabulated and window-not-covered warnings. */
    private static void addWindowFlags(List<QualityFlag> flags, double e0, double[] e, double tabulatedEdgeEv,
            EnergyWindow window) {
        if (Math.abs(e0 - tabulatedEdgeEv) > Math.max(E0_TOLERANCE_EV, E0_TOLERANCE_RELATIVE * tabulatedEdgeEv)) {
            flags.add(new QualityFlag(QualityFlag.Kind.E0_FAR_FROM_TABULATED, "e0=" + fmt(e0)
                    + " eV is " + fmt(e0 - tabulatedEdgeEv) + " eV from the tabulated edge "
                    + fmt(tabulatedEdgeEv) + " eV"));
        }
        if (e[0] > window.start() || e[e.length - 1] < window.end()) {
            flags.add(new QualityFlag(QualityFlag.Kind.WINDOW_NOT_COVERED, "data span [" + fmt(e[0]) + ", "
                    + fmt(e[e.length - 1]) + "] eV, window [" + fmt(window.start()) + ", " + fmt(window.end())
                    + "] eV"));
        }
    }

    private static Spectrum validated(Spectrum raw, boolean copy) {
        Spectrum s = copy ? raw.cleaned() : raw.cleanedForReading();
        if (s.size() == 0) {
            throw new IllegalArgumentException("spectrum has no finite points (of " + raw.size() + ")");
        }
        if (s.size() < MIN_POINTS) {
            throw new IllegalArgumentException("spectrum has " + s.size() + " finite points, need at least "
                    + MIN_POINTS);
        }
        double[] e = s.energy();
        // cleaned() separates repeated energies by ~1e-9 relative: a span below that means all were equal.
        if (!(e[e.length - 1] - e[0] > 1e-6 * Math.max(1.0, Math.abs(e[0])))) {
            throw new IllegalArgumentException("all " + s.size() + " energies are equal (" + e[0] + " eV)");
        }
        return s;
    }

    // ------------------------------------------------------------------------------------------------
    // E0

    /**
     * e0: the measured energy of maximum dmu/dE (Larch {@code find_e0}). Expects cleaned data (finite,
     * strictly increasing energies) of at least {@value #MIN_POINTS} points.
     *
     * <p>First pass on the whole spectrum and the raw derivative; second pass on the ±75 points around the
     * first answer, with the derivative smoothed by a Lorentzian of width
     * ½[clip(ΔE) + clip(e1/25000)], ΔE from {@link #findEnergyStep} and each term clipped to [0.01, 1] eV.
     * When the first pass lands in the first 5 % of points (a glitch at the start), e1 is the mean energy
     * and the second pass runs from 20 points before it to the end. Each pass chooses by
     * {@link #selectMaximum}; the second reuses the first's derivative, with one-sided differences at the
     * ends of its range as a pass over that range alone would form them.
     */
    public static double findE0(double[] energy, double[] mu) {
        int n = energy.length;
        double estep1 = findEnergyStep(energy);
        // The raw derivative of the whole spectrum, computed once: the second pass reuses its interior.
        double[] derivative = derivative(energy, mu);
        int ie0 = n < 3 ? 0 : selectMaximum(derivative);
        double e1 = energy[ie0];
        int istart = Math.max(3, ie0 - 75);
        int istop = Math.min(ie0 + 75, n - 3);
        if (ie0 < 0.05 * n) {
            double sum = 0;
            for (double v : energy) {
                sum += v;
            }
            e1 = sum / n;
            istart = Math.max(3, ie0 - 20);
            istop = n - 3;
        }
        double width = 0.5 * (clip(estep1, 0.01, 1.0) + clip(e1 / 25000.0, 0.01, 1.0));
        int ix = 0;
        int m = istop - istart;
        if (m >= 3) {
            double[] d = Arrays.copyOfRange(derivative, istart, istop);
            // one-sided differences at the ends of the range, as a pass over [istart, istop) computes them
            d[0] = (mu[istart + 1] - mu[istart]) / (energy[istart + 1] - energy[istart]);
            d[m - 1] = (mu[istop - 1] - mu[istop - 2]) / (energy[istop - 1] - energy[istop - 2]);
            ix = selectMaximum(lorentzianSmooth(energy, istart, istop, d, width));
        }
        return ix < 1 ? energy[Math.min(istart + 2, n - 1)] : energy[istart + ix];
    }

    /**
     * The typical energy step (Larch {@code find_energy_step}): skip the outer 1 % of points, sort the
     * steps, skip the smallest 1 % and average the next 10. Spectra of 100 points or fewer, where 1 % is no
     * point at all (and Larch's slice is empty), use every step.
     */
    public static double findEnergyStep(double[] energy) {
        int n = energy.length;
        int nskip = (int) (0.01 * n);
        int from = nskip;
        int to = n - nskip;
        int steps = to - from - 1;
        if (steps < 1) {
            throw new IllegalArgumentException("need at least 2 energies for an energy step, got " + n);
        }
        int nave = 10;
        int first = nskip < steps ? nskip : 0;
        int keep = Math.min(steps, first + nave);
        // the `keep` smallest steps, ascending, by insertion into a short buffer
        double[] smallest = new double[keep];
        int filled = 0;
        // the largest step kept once the buffer is full, in a local: most steps are rejected by this one
        // comparison, without reading the buffer
        double limit = Double.POSITIVE_INFINITY;
        for (int i = from; i < to - 1; i++) {
            double d = energy[i + 1] - energy[i];
            if (d >= limit) {
                continue;
            }
            int j = filled < keep ? filled++ : keep - 1;
            while (j > 0 && smallest[j - 1] > d) {
                smallest[j] = smallest[j - 1];
                j--;
            }
            smallest[j] = d;
            if (filled == keep) {
                limit = smallest[keep - 1];
            }
        }
        double sum = 0;
        for (int i = first; i < keep; i++) {
            sum += smallest[i];
        }
        return sum / (keep - first);
    }

    /**
     * dmu/dE at every point (at least 2): central differences inside, one-sided at both ends. The interior
     * loop reads the inputs at constant offsets with no index clamps, so the JIT vectorises its division.
     */
    static double[] derivative(double[] energy, double[] mu) {
        int m = energy.length;
        double[] d = new double[m];
        for (int k = 0; k < m - 2; k++) {
            d[k + 1] = (mu[k + 2] - mu[k]) / (energy[k + 2] - energy[k]);
        }
        d[0] = (mu[1] - mu[0]) / (energy[1] - energy[0]);
        d[m - 1] = (mu[m - 1] - mu[m - 2]) / (energy[m - 1] - energy[m - 2]);
        return d;
    }

    /**
     * One pass's choice in Larch's {@code _finde0}, on a derivative of at least 3 points: d rescaled to 0–1
     * over all but the outer n<sub>min</sub> = max(3, 2 %) points; candidates are points above 0.6 (0.3 for
     * ≤ 20 points; halved up to twice while fewer than 3 qualify); the answer is the highest candidate whose
     * two neighbours are candidates too, so a one-point glitch cannot win (0 when no point qualifies). Reads d
     * only, so findE0 can reuse the raw derivative.
     */
    private static int selectMaximum(double[] d) {
        int quick = selectAboveRawCut(d);
        return quick >= 0 ? quick : selectOnRescaledCopy(d);
    }

    /**
     * The constants of E0's candidate selection, as Larch sets them for m points, shared by the fast path and the
     * full selection so that the two cannot drift apart: the range [lo, hi) the derivative is rescaled over
     * (all but n<sub>min</sub> points at each end), the threshold {@code high}, and the interior [kFirst, kLast]
     * where a candidate's neighbours exist.
     */
    private record SelectionBounds(int lo, int hi, double high, int kFirst, int kLast) {
        static SelectionBounds of(int m) {
            int nmin = Math.max(3, (int) (m * 0.02));
            boolean tiny = m - nmin <= nmin;
            return new SelectionBounds(tiny ? 0 : nmin, tiny ? m : m - nmin, m > 20 ? 0.60 : 0.30,
                    Math.max(1, nmin), Math.min(m - 2, m - nmin));
        }
    }

    /**
     * {@link #selectOnRescaledCopy}'s answer without rescaling every point, or −1 where it cannot be sure
     * (a non-finite derivative, or fewer than 3 points above the usual threshold).
     *
     * <p>The rescaled value r(v) = (v − min)·(1/ptp) is a monotone function of v in floating point too
     * (each rounding is monotone), so once r(rawCut) ≤ high is checked, no point with v ≤ rawCut can
     * exceed high. Only the few points above rawCut (the edge) are rescaled, exactly as the full
     * selection rescales them; the rest of the spectrum costs one comparison per point.
     */
    static int selectAboveRawCut(double[] d) {
        int m = d.length;
        SelectionBounds b = SelectionBounds.of(m);
        double[] range = Extrema.minMax(d, b.lo(), b.hi());
        double min = range[0];
        double max = range[1];
        double ptp = Math.max(1e-10, max - min);
        double inversePtp = 1.0 / ptp;
        double high = b.high();
        // just below where r crosses high; checked, not assumed
        double rawCut = min + 0.999999 * high * ptp;
        if (!((rawCut - min) * inversePtp <= high)) {
            return -1;
        }
        int kFirst = b.kFirst();
        int kLast = b.kLast();
        boolean finite = true;
        int count = 0;
        int best = 0;
        double bestValue = 0;
        for (int k = 0; k < m; k++) {
            double v = d[k];
            finite &= Math.abs(v) <= Double.MAX_VALUE;
            if (v > rawCut) {
                double r = (v - min) * inversePtp;
                if (r > high) {
                    count++;
                    if (k >= kFirst && k <= kLast && r > bestValue && (d[k - 1] - min) * inversePtp > high
                            && (d[k + 1] - min) * inversePtp > high) {
                        best = k;
                        bestValue = r;
                    }
                }
            }
        }
        return finite && count >= 3 ? best : -1;
    }

    /**
     * The selection step as Larch does it: the derivative (non-finite values as −1) rescaled to 0–1 by its
     * range over all but the outer n<sub>min</sub> points, then counted and searched.
     */
    static int selectOnRescaledCopy(double[] d) {
        int m = d.length;
        SelectionBounds b = SelectionBounds.of(m);
        double[] r = rescaled(d, b.lo(), b.hi());
        double high = b.high();
        int kFirst = b.kFirst();
        int kLast = b.kLast();
        // The usual case in one pass: count the points above `high` and pick the highest whose neighbours are
        // above it too. Only when fewer than 3 are above does the threshold drop (selectWithLowerThreshold).
        int count = countAbove(r, 0, kFirst, high) + countAbove(r, Math.max(kFirst, kLast + 1), m, high);
        int best = 0;
        double bestValue = 0;
        for (int k = kFirst; k <= kLast; k++) {
            double v = r[k];
            if (v > high) {
                count++;
                if (v > bestValue && r[k - 1] > high && r[k + 1] > high) {
                    best = k;
                    bestValue = v;
                }
            }
        }
        return count >= 3 ? best : selectWithLowerThreshold(r, b, high, count);
    }

    /**
     * d with non-finite values as −1, rescaled to 0–1 by its range over [lo, hi) (at least 1e-10, so a flat
     * derivative does not divide by zero).
     */
    private static double[] rescaled(double[] d, int lo, int hi) {
        int m = d.length;
        double[] r = d.clone();
        for (int k = 0; k < m; k++) {
            if (!Double.isFinite(r[k])) {
                r[k] = -1.0;
            }
        }
        // plain comparisons (no NaN is left); they differ from Math.min/max only in which zero they keep,
        // which moves no comparison in selectMaximum
        double[] range = Extrema.minMax(r, lo, hi);
        double min = range[0];
        double inversePtp = 1.0 / Math.max(1e-10, range[1] - min);
        for (int k = 0; k < m; k++) {
            r[k] = (r[k] - min) * inversePtp;
        }
        return r;
    }

    /**
     * Larch's fallback when fewer than 3 rescaled points exceed {@code high}: halve it (up to twice, while at
     * most 3 exceed it); if still fewer than 3 exceed it, every point is a candidate.
     */
    private static int selectWithLowerThreshold(double[] r, SelectionBounds b, double high, int count) {
        int m = r.length;
        for (int round = 0; round < 2 && count <= 3; round++) {
            high *= 0.5;
            count = countAbove(r, 0, m, high);
        }
        boolean all = count < 3;
        int best = 0;
        double bestValue = 0;
        for (int k = b.kFirst(); k <= b.kLast(); k++) {
            boolean candidate = all || (r[k] > high && r[k - 1] > high && r[k + 1] > high);
            if (candidate && r[k] > bestValue) {
                best = k;
                bestValue = r[k];
            }
        }
        return best;
    }

    private static int countAbove(double[] d, int from, int to, double level) {
        int c = 0;
        for (int k = from; k < to; k++) {
            if (d[k] > level) {
                c++;
            }
        }
        return c;
    }

    /**
     * Larch's {@code smooth(x, y, sigma=w, xstep=w)}: y, given at energy[from..to), is interpolated onto a
     * uniform grid of step w (padded by 5 steps, at most 50 points per input point), reflected at the grid
     * ends, convolved with the normalised Lorentzian 1/(1 + (k/σ)²), σ = 1 grid step, and interpolated back.
     * The kernel is cut at ±{@value #LORENTZIAN_HALF_WIDTH} steps, and only the stretch of grid the
     * interpolation back needs is convolved (on a grid far finer than the data, only its points). Each sum is
     * formed with fused multiply-adds, so it differs from numpy's in the last bits; only E0's choice of a
     * data point depends on it.
     */
    static double[] lorentzianSmooth(double[] energy, int from, int to, double[] y, double w) {
        int m = to - from;
        double xmin = w * (long) ((energy[from] - 5 * w) / w);
        double xmax = w * (long) ((energy[to - 1] + 5 * w) / w);
        int npts = (int) Math.min(1 + (long) (Math.abs(xmax - xmin + w * 0.1) / w), 50L * m);
        npts = Math.max(npts, 2);
        double step = (xmax - xmin) / (npts - 1);
        double[] kernel = kernel(Math.min(LORENTZIAN_HALF_WIDTH, npts - 1));
        int half = kernel.length - 1;
        // Grid points the interpolation back needs: g and g+1 for each input point, g non-decreasing.
        int gFirst = gridIndex(energy[from], xmin, step, npts);
        int gLast = gridIndex(energy[to - 1], xmin, step, npts) + 1;
        // yp[half + g] = y0[g], y interpolated onto the grid, padded by `half` reflected points on each side
        // (Larch's reflection: yp[half + i] = y0[reflect(i)]), so every grid point is convolved by the same loop
        double[] yp = new double[npts + 2 * half];
        interpolateOntoGrid(energy, from, to, y, xmin, step, yp, half, npts);
        for (int q = 1; q <= half; q++) {
            yp[half - q] = yp[half + reflect(-q, npts)];
            yp[half + npts - 1 + q] = yp[half + reflect(npts - 1 + q, npts)];
        }
        double[] y2 = new double[npts];
        // The blocked loop below costs a fraction of a cycle per tap; convolved(), one dependent sum per point,
        // about eight times more. So the whole stretch is convolved unless the grid is so much finer than the
        // data that far fewer than an eighth of its points are needed (each grid point's value is the same
        // either way).
        if (gLast - gFirst + 1 <= 16 * m) {
            // dense: every grid point of the stretch, eight at a time with independent sums (each the same
            // sum in the same order as convolved() forms it: k0·y, then fused multiply-adds of kq·(left +
            // right) for q = 1, 2, …). Eight sums hide the multiply-add latency; the eight left operands
            // yp[c+j−q] and right operands yp[c+j+q] slide by one point per tap, so each tap loads one new
            // value per side and shifts the others along in registers (2 loads, not 16).
            int g = gFirst;
            double k0 = kernel[0];
            for (; g + 7 <= gLast; g += 8) {
                int c = g + half;
                double l0 = yp[c];
                double l1 = yp[c + 1];
                double l2 = yp[c + 2];
                double l3 = yp[c + 3];
                double l4 = yp[c + 4];
                double l5 = yp[c + 5];
                double l6 = yp[c + 6];
                double l7 = yp[c + 7];
                double r0 = l0;
                double r1 = l1;
                double r2 = l2;
                double r3 = l3;
                double r4 = l4;
                double r5 = l5;
                double r6 = l6;
                double r7 = l7;
                double s0 = k0 * l0;
                double s1 = k0 * l1;
                double s2 = k0 * l2;
                double s3 = k0 * l3;
                double s4 = k0 * l4;
                double s5 = k0 * l5;
                double s6 = k0 * l6;
                double s7 = k0 * l7;
                for (int q = 1; q <= half; q++) {
                    double kq = kernel[q];
                    l7 = l6;
                    l6 = l5;
                    l5 = l4;
                    l4 = l3;
                    l3 = l2;
                    l2 = l1;
                    l1 = l0;
                    l0 = yp[c - q];
                    r0 = r1;
                    r1 = r2;
                    r2 = r3;
                    r3 = r4;
                    r4 = r5;
                    r5 = r6;
                    r6 = r7;
                    r7 = yp[c + 7 + q];
                    s0 = Math.fma(kq, l0 + r0, s0);
                    s1 = Math.fma(kq, l1 + r1, s1);
                    s2 = Math.fma(kq, l2 + r2, s2);
                    s3 = Math.fma(kq, l3 + r3, s3);
                    s4 = Math.fma(kq, l4 + r4, s4);
                    s5 = Math.fma(kq, l5 + r5, s5);
                    s6 = Math.fma(kq, l6 + r6, s6);
                    s7 = Math.fma(kq, l7 + r7, s7);
                }
                y2[g] = s0;
                y2[g + 1] = s1;
                y2[g + 2] = s2;
                y2[g + 3] = s3;
                y2[g + 4] = s4;
                y2[g + 5] = s5;
                y2[g + 6] = s6;
                y2[g + 7] = s7;
            }
            for (; g <= gLast; g++) {
                y2[g] = convolved(yp, kernel, g);
            }
        } else {
            // sparse (input points far apart on a very fine grid): only the points needed
            boolean[] done = new boolean[npts];
            for (int k = 0; k < m; k++) {
                int g = gridIndex(energy[from + k], xmin, step, npts);
                for (int h = g; h <= g + 1; h++) {
                    if (!done[h]) {
                        y2[h] = convolved(yp, kernel, h);
                        done[h] = true;
                    }
                }
            }
        }
        double[] out = new double[m];
        // multiplications by 1/step, not divisions: a point a rounding away from a grid node may then take
        // the cell on the node's other side, where t is 1 instead of 0 — the same value to an ulp
        double inverseStep = 1.0 / step;
        for (int k = 0; k < m; k++) {
            double x = energy[from + k];
            // the cast differs from Math.floor only below 0, where the clamp to 0 makes them equal
            int g = Math.max(0, Math.min(npts - 2, (int) ((x - xmin) * inverseStep)));
            double a = y2[g];
            double b = y2[g + 1];
            double t = (x - (xmin + g * step)) * inverseStep;
            out[k] = a + t * (b - a);
        }
        return out;
    }

    /**
     * out[offset + g] = y interpolated linearly at xmin + g·step for g in [0, npts), held constant beyond
     * the ends of energy[from..to); the cell search walks both grids once.
     */
    private static void interpolateOntoGrid(double[] energy, int from, int to, double[] y, double xmin, double step,
            double[] out, int offset, int npts) {
        int m = to - from;
        int j = from;
        for (int g = 0; g < npts; g++) {
            double x = xmin + g * step;
            double v;
            if (x <= energy[from]) {
                v = y[0];
            } else if (x >= energy[to - 1]) {
                v = y[m - 1];
            } else {
                while (energy[j + 1] < x) {
                    j++;
                }
                double t = (x - energy[j]) / (energy[j + 1] - energy[j]);
                v = y[j - from] + t * (y[j + 1 - from] - y[j - from]);
            }
            out[offset + g] = v;
        }
    }

    private static int gridIndex(double x, double xmin, double step, int npts) {
        int g = (int) Math.floor((x - xmin) / step);
        return Math.max(0, Math.min(npts - 2, g));
    }

    /** Kernels for half-widths 0..{@value #LORENTZIAN_HALF_WIDTH}, computed once. */
    private static final double[][] KERNELS = new double[LORENTZIAN_HALF_WIDTH + 1][];

    static {
        for (int half = 0; half <= LORENTZIAN_HALF_WIDTH; half++) {
            KERNELS[half] = lorentzianKernel(half);
        }
    }

    /** The normalised kernel of half-width {@code half} (shared, not to be modified). */
    private static double[] kernel(int half) {
        return KERNELS[half];
    }

    /** 1/(1 + (q/σ)²) for q = 0..half, σ = 1 grid step, normalised to unit sum over −half..half. */
    private static double[] lorentzianKernel(int half) {
        double sigma = 1.0; // σ = w in grid steps of w, as Larch rescales sigma by 1/xstep
        double[] kernel = new double[half + 1];
        double ksum = 0;
        for (int q = 0; q <= half; q++) {
            kernel[q] = 1.0 / (1.0 + (q / sigma) * (q / sigma));
            ksum += q == 0 ? kernel[q] : 2 * kernel[q];
        }
        for (int q = 0; q <= half; q++) {
            kernel[q] /= ksum;
        }
        return kernel;
    }

    /**
     * The smoothed value at grid point g: Σ kernel[|q|]·y0[g+q], from y0 padded by the kernel half-width,
     * as fused multiply-adds (one rounding per tap: the sum is a hair closer to the exact one than with a
     * separate multiply and add, and it is what the JIT turns into one instruction).
     */
    private static double convolved(double[] yp, double[] kernel, int g) {
        int half = kernel.length - 1;
        int c = g + half;
        double s = kernel[0] * yp[c];
        for (int q = 1; q <= half; q++) {
            s = Math.fma(kernel[q], yp[c - q] + yp[c + q], s);
        }
        return s;
    }

    /** Larch's padding: y0[−i] = y0[i] on the left, y0[n−1+r] = y0[n−r] on the right. */
    private static int reflect(int i, int n) {
        if (i < 0) {
            return Math.min(-i, n - 1);
        }
        if (i >= n) {
            return Math.max(0, 2 * n - 1 - i);
        }
        return i;
    }

    // ------------------------------------------------------------------------------------------------
    // Ranges and fits

    /**
     * Larch's default pre-edge range {pre1, pre2}, relative to e0: pre1 = second energy − e0 rounded to a
     * multiple of 5 eV (2 eV when e0 is within the first 20 points), not below first energy − e0;
     * pre2 = pre1/2; swapped if reversed; and pre2 moved out so the range spans at least 2 steps.
     * Non-null arguments override the defaults.
     */
    public static double[] preEdgeRange(double[] energy, double e0, Double pre1Override, Double pre2Override) {
        int n = energy.length;
        int ie0 = indexNearest(energy, e0);
        double pre1;
        if (pre1Override != null) {
            pre1 = pre1Override;
        } else {
            double unit = ie0 > 20 ? 5.0 : 2.0;
            pre1 = unit * Math.rint((energy[1] - e0) / unit);
        }
        pre1 = Math.max(pre1, energy[0] - e0);
        double pre2 = pre2Override != null ? pre2Override : 0.5 * pre1;
        if (pre1 > pre2) {
            double t = pre1;
            pre1 = pre2;
            pre2 = t;
        }
        int ipre1 = indexOf(energy, e0 + pre1);
        int ipre2 = indexOf(energy, e0 + pre2);
        if (ipre2 < ipre1 + 2) {
            pre2 = energy[Math.min(ipre1 + 2, n - 1)] - e0;
        }
        return new double[] {pre1, pre2};
    }

    /**
     * Larch's default post-edge range {norm1, norm2}, relative to e0: norm2 = last energy − e0 rounded to
     * 5 eV, capped at that difference (a negative override means "to the end"); norm1 = min(25,
     * 5·round(norm2/15)); swapped if reversed; norm1 at most norm2 − 10. Non-null arguments override.
     */
    public static double[] postEdgeRange(double[] energy, double e0, Double norm1Override, Double norm2Override) {
        double span = energy[energy.length - 1] - e0;
        double norm2 = norm2Override != null ? norm2Override : 5.0 * Math.rint(span / 5.0);
        if (norm2 < 0) {
            norm2 = span - norm2;
        }
        norm2 = Math.min(norm2, span);
        double norm1 = norm1Override != null ? norm1Override : Math.min(25.0, 5.0 * Math.rint(norm2 / 15.0));
        if (norm1 > norm2) {
            double t = norm1;
            norm1 = norm2;
            norm2 = t;
        }
        norm1 = Math.min(norm1, norm2 - 10.0);
        return new double[] {norm1, norm2};
    }

    /** Larch's default post-edge degree: 2 if norm2 − norm1 ≥ 300 eV, 1 if ≥ 30 eV, else 0. */
    public static int defaultNnorm(double norm1, double norm2) {
        double width = norm2 - norm1;
        return width >= 300 ? 2 : width >= 30 ? 1 : 0;
    }

    /**
     * The pre-edge line: unweighted least squares over the points from the last energy ≤ e0+pre1 up to,
     * not including, the energy nearest e0+pre2 (Larch's {@code index_of}/{@code index_nearest} slice,
     * widened to 2 points if shorter). Fewer than 3 points give their mean as a constant.
     */
    public static Polynomial fitPreEdge(double[] energy, double[] mu, double e0, double pre1, double pre2) {
        int[] idx = preEdgeIndices(energy, e0, pre1, pre2);
        int p1 = idx[0];
        int p2 = idx[1];
        if (p2 - p1 < 3) {
            double sum = 0;
            for (int i = p1; i < p2; i++) {
                sum += mu[i];
            }
            return new Polynomial(e0, new double[] {sum / (p2 - p1), 0.0});
        }
        return Polynomial.fit(energy, mu, p1, p2, 1, e0);
    }

    private static int[] preEdgeIndices(double[] energy, double e0, double pre1, double pre2) {
        int n = energy.length;
        int p1 = indexOf(energy, pre1 + e0);
        int p2 = indexNearest(energy, pre2 + e0);
        if (p2 - p1 < 2) {
            p2 = Math.min(n, p1 + 2);
        }
        if (p2 - p1 < 1) {
            p1 = Math.max(0, p2 - 1);
        }
        return new int[] {p1, p2};
    }

    /**
     * The post-edge polynomial of degree {@code nnorm} in (E − e0), fitted to mu − pre-edge over the points
     * from the last energy ≤ e0+norm1 up to, not including, the energy nearest e0+norm2 (widened to 2 points
     * if shorter). The degree drops to (points − 1) if the range is too short for it.
     */
    public static Polynomial fitPostEdge(double[] energy, double[] mu, Polynomial preEdgeLine, double e0,
            double norm1, double norm2, int nnorm) {
        int n = energy.length;
        int p1 = indexOf(energy, norm1 + e0);
        int p2 = indexNearest(energy, norm2 + e0);
        if (p2 - p1 < 2) {
            p2 = Math.min(n, p1 + 2);
        }
        if (p2 - p1 < 2) {
            p1 = Math.max(0, p1 - 2);
        }
        int count = p2 - p1;
        int degree = Math.min(nnorm, count - 1);
        if (preEdgeLine.degree() == 1) {
            // the usual case (fitPreEdge returns a line): mu − pre-edge formed inside the fit's sums
            return Polynomial.fitAbove(preEdgeLine, energy, mu, p1, p2, degree, e0);
        }
        // mu − pre-edge over the fit range only (not the whole spectrum), indexed from p1
        double[] x = Arrays.copyOfRange(energy, p1, p2);
        double[] presub = new double[count];
        for (int k = 0; k < count; k++) {
            presub[k] = mu[p1 + k] - preEdgeLine.value(x[k]);
        }
        return Polynomial.fit(x, presub, 0, count, degree, e0);
    }

    /**
     * out[i] = p(x[i]), by the same Horner steps as {@link Polynomial#value}, unrolled for the degrees
     * {@link #normalize} uses so that the loop vectorises.
     */
    static void evaluate(Polynomial p, double[] x, double[] out) {
        double[] c = p.coefficients();
        double o = p.origin();
        int n = x.length;
        switch (c.length) {
            case 1 -> {
                double c0 = c[0];
                for (int i = 0; i < n; i++) {
                    out[i] = c0;
                }
            }
            case 2 -> {
                double c0 = c[0];
                double c1 = c[1];
                for (int i = 0; i < n; i++) {
                    out[i] = c1 * (x[i] - o) + c0;
                }
            }
            case 3 -> {
                double c0 = c[0];
                double c1 = c[1];
                double c2 = c[2];
                for (int i = 0; i < n; i++) {
                    double u = x[i] - o;
                    out[i] = (c2 * u + c1) * u + c0;
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    out[i] = p.value(x[i]);
                }
            }
        }
    }

    /**
     * Larch's flattened spectrum: norm − (post(E) − post(e0))/edgeStep for points from e0 on, norm below,
     * so the post-edge oscillates about 1 without the slow curvature of the absorption background.
     */
    public static double[] flatten(double[] energy, double[] norm, Polynomial postEdgePolynomial, double e0,
            int ie0, double edgeStep) {
        double[] flat = norm.clone();
        double atE0 = postEdgePolynomial.value(e0);
        for (int i = ie0; i < energy.length; i++) {
            flat[i] = norm[i] - (postEdgePolynomial.value(energy[i]) - atE0) / edgeStep;
        }
        return flat;
    }

    // ------------------------------------------------------------------------------------------------
    // Quality

    /**
     * Warnings that need only the data and the fits: a negative raw step, a step below
     * {@value #MIN_STEP_TO_NOISE}× the pre-edge noise (RMS residual of the pre-edge line), one-point
     * glitches (a point off the line through its neighbours by more than {@value #GLITCH_STEP_FRACTION} of
     * the step and {@value #GLITCH_NOISE_FACTOR}× the noise, with both neighbours off the other way), and
     * fewer than {@value #RECOMMENDED_POINTS} points. {@code maxAbsMu} is max |mu|.
     */
    static List<QualityFlag> qualityFlags(double[] e, double[] mu, Polynomial preLine, int[] preIdx,
            double rawStep, double maxAbsMu) {
        List<QualityFlag> flags = new ArrayList<>();
        double step = Math.abs(rawStep);
        if (rawStep < 0) {
            flags.add(new QualityFlag(QualityFlag.Kind.NEGATIVE_EDGE_STEP, "raw edge step " + fmt(rawStep)
                    + " is negative: is mu upside down (ln(It/I0) instead of ln(I0/It))?"));
        }
        double noise = Double.NaN;
        int count = preIdx[1] - preIdx[0];
        if (count >= 4) {
            double ss = 0;
            for (int i = preIdx[0]; i < preIdx[1]; i++) {
                double r = mu[i] - preLine.value(e[i]);
                ss += r * r;
            }
            noise = Math.sqrt(ss / (count - 2));
            if (step < MIN_STEP_TO_NOISE * noise) {
                flags.add(new QualityFlag(QualityFlag.Kind.SMALL_EDGE_STEP, "edge step " + fmt(step)
                        + " is only " + fmt(step / noise) + "x the pre-edge noise " + fmt(noise)));
            }
        }
        double threshold = Math.max(GLITCH_STEP_FRACTION * step,
                Double.isNaN(noise) ? 0.0 : GLITCH_NOISE_FACTOR * noise);
        int n = e.length;
        // |offLine(i)| <= |mu[i] − mu[i−1]| + |mu[i+1] − mu[i−1]| (0 < t < 1), so only points where that
        // cheap sum reaches the threshold (less a slack far above the rounding of either side) can be
        // glitches; those get the exact test. Most points are rejected without a division.
        double cut = threshold - 1e-12 * maxAbsMu;
        List<String> glitches = new ArrayList<>();
        for (int i = 2; i < n - 2; i++) {
            double before = mu[i - 1];
            if (Math.abs(mu[i] - before) + Math.abs(mu[i + 1] - before) > cut && isGlitch(e, mu, i, threshold)) {
                glitches.add(fmt(e[i]));
            }
        }
        if (!glitches.isEmpty()) {
            flags.add(new QualityFlag(QualityFlag.Kind.GLITCH, glitches.size() + " one-point glitch(es) at "
                    + String.join(", ", glitches.subList(0, Math.min(10, glitches.size()))) + " eV"));
        }
        if (n < RECOMMENDED_POINTS) {
            flags.add(new QualityFlag(QualityFlag.Kind.FEW_POINTS, "only " + n + " points (recommended at least "
                    + RECOMMENDED_POINTS + ")"));
        }
        return flags;
    }

    /**
     * Whether point i is off the line through its neighbours by more than {@code threshold} while both
     * neighbours are off theirs the other way.
     */
    private static boolean isGlitch(double[] e, double[] mu, int i, double threshold) {
        double here = offLine(e, mu, i);
        return Math.abs(here) > threshold && offLine(e, mu, i - 1) * here < 0 && offLine(e, mu, i + 1) * here < 0;
    }

    /** mu[i] minus the straight line through points i−1 and i+1, evaluated at e[i]. */
    private static double offLine(double[] e, double[] mu, int i) {
        double t = (e[i] - e[i - 1]) / (e[i + 1] - e[i - 1]);
        return mu[i] - (mu[i - 1] + t * (mu[i + 1] - mu[i - 1]));
    }

    // ------------------------------------------------------------------------------------------------
    // Index helpers, as Larch's larch.math defines them

    /** Larch {@code index_of}: the last index with energy ≤ value; 0 if value is below all energies. */
    static int indexOf(double[] energy, double value) {
        if (value < energy[0]) {
            return 0;
        }
        int lo = 0;
        int hi = energy.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (energy[mid] <= value) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Larch {@code index_nearest}: the index of the energy nearest value (the lower one on a tie). */
    static int indexNearest(double[] energy, double value) {
        int i = indexOf(energy, value);
        if (i + 1 < energy.length && Math.abs(energy[i + 1] - value) < Math.abs(energy[i] - value)) {
            return i + 1;
        }
        return i;
    }

    /**
     * max |a[i]| (and 0 for no points) of finite values: plain comparisons, which for finite values give
     * Math.max's answer without its NaN and signed-zero handling; four running maxima, as the maximum does
     * not depend on the order.
     */
    private static double maxAbs(double[] a) {
        double m0 = 0;
        double m1 = 0;
        double m2 = 0;
        double m3 = 0;
        int i = 0;
        for (; i + 3 < a.length; i += 4) {
            double v0 = Math.abs(a[i]);
            double v1 = Math.abs(a[i + 1]);
            double v2 = Math.abs(a[i + 2]);
            double v3 = Math.abs(a[i + 3]);
            m0 = v0 > m0 ? v0 : m0;
            m1 = v1 > m1 ? v1 : m1;
            m2 = v2 > m2 ? v2 : m2;
            m3 = v3 > m3 ? v3 : m3;
        }
        for (; i < a.length; i++) {
            double v = Math.abs(a[i]);
            m0 = v > m0 ? v : m0;
        }
        return Math.max(Math.max(m0, m1), Math.max(m2, m3));
    }

    private static double clip(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static String fmt(double v) {
        return Math.abs(v) >= 1000 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.4g", v);
    }
}
