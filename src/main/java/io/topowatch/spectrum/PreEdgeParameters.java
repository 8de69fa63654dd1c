package io.topowatch.spectrum;

/**
 * Overrides for {@link PreEdge#normalize}, named as Larch's {@code pre_edge} names them; {@code null} means
 * "use Larch's default for this spectrum". Ranges are relative to e0, in eV.
 *
 * @param e0    edge energy in eV; snapped to the nearest measured energy. Default: {@link PreEdge#findE0}
 * @param pre1  start of the pre-edge fit range. Default: second energy − e0, rounded to 5 eV
 * @param pre2  end of the pre-edge fit range. Default: pre1 / 2
 * @param norm1 start of the post-edge fit range. Default: min(25, 5·round(norm2/15))
 * @param norm2 end of the post-edge fit range. Default: last energy − e0, rounded to 5 eV
 * @param nnorm degree of the post-edge polynomial, 0..{@value PreEdge#MAX_NNORM}. Default: 2, 1 or 0
 *              as norm2 − norm1 is ≥ 300, ≥ 30 or less
 * @throws IllegalArgumentException if a given value is not finite, or nnorm is outside 0..{@value PreEdge#MAX_NNORM}
 */
public record PreEdgeParameters(Double e0, Double pre1, Double pre2, Double norm1, Double norm2, Integer nnorm) {

    private static final PreEdgeParameters DEFAULTS = new PreEdgeParameters(null, null, null, null, null, null);

    public PreEdgeParameters {
        requireFinite("e0", e0);
        requireFinite("pre1", pre1);
        requireFinite("pre2", pre2);
        requireFinite("norm1", norm1);
        requireFinite("norm2", norm2);
        if (nnorm != null && (nnorm < 0 || nnorm > PreEdge.MAX_NNORM)) {
            throw new IllegalArgumentException("nnorm must be 0.." + PreEdge.MAX_NNORM + ", got " + nnorm);
        }
    }

    /** Every parameter chosen from the data, as Larch does. */
    public static PreEdgeParameters defaults() {
        return DEFAULTS;
    }

    public PreEdgeParameters withE0(double v) {
        return new PreEdgeParameters(v, pre1, pre2, norm1, norm2, nnorm);
    }

    public PreEdgeParameters withPre1(double v) {
        return new PreEdgeParameters(e0, v, pre2, norm1, norm2, nnorm);
    }

    public PreEdgeParameters withPre2(double v) {
        return new PreEdgeParameters(e0, pre1, v, norm1, norm2, nnorm);
    }

    public PreEdgeParameters withNorm1(double v) {
        return new PreEdgeParameters(e0, pre1, pre2, v, norm2, nnorm);
    }

    public PreEdgeParameters withNorm2(double v) {
        return new PreEdgeParameters(e0, pre1, pre2, norm1, v, nnorm);
    }

    public PreEdgeParameters withNnorm(int v) {
        return new PreEdgeParameters(e0, pre1, pre2, norm1, norm2, v);
    }

    private static void requireFinite(String name, Double v) {
        if (v != null && !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite, got " + v);
        }
    }
}
