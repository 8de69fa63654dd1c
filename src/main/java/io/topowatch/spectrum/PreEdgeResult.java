package io.topowatch.spectrum;

import java.util.List;

/**
 * The outcome of {@link PreEdge#normalize}: the parameters actually used, the fitted curves and the arrays,
 * all on the cleaned energy grid (finite, strictly increasing).
 *
 * @param e0           edge energy, a measured energy, eV
 * @param edgeStep     |post-edge(e0) − pre-edge(e0)|, always &gt; 0
 * @param pre1         pre-edge range start relative to e0, eV
 * @param pre2         pre-edge range end relative to e0, eV
 * @param norm1        post-edge range start relative to e0, eV
 * @param norm2        post-edge range end relative to e0, eV
 * @param nnorm        degree of the post-edge polynomial actually fitted
 * @param preEdgeLine  pre-edge line about e0 (a constant when the range held fewer than 3 points)
 * @param postEdgePolynomial post-edge polynomial about e0, fitted to mu − pre-edge; its value at e0 is the
 *                     signed edge step
 * @param energy       cleaned energies, eV
 * @param mu           mu at those energies
 * @param preEdge      pre-edge line at each energy
 * @param postEdge     pre-edge line + post-edge polynomial at each energy (Larch's {@code post_edge})
 * @param norm         (mu − preEdge) / edgeStep
 * @param flat         norm with the post-edge curvature removed above e0; equal to norm below e0
 * @param flags        warnings; empty when nothing looked wrong
 */
public record PreEdgeResult(
        double e0, double edgeStep, double pre1, double pre2, double norm1, double norm2, int nnorm,
        Polynomial preEdgeLine, Polynomial postEdgePolynomial,
        double[] energy, double[] mu, double[] preEdge, double[] postEdge, double[] norm, double[] flat,
        List<QualityFlag> flags) {

    public PreEdgeResult {
        flags = List.copyOf(flags);
    }

    /** The normalised spectrum (energy, norm). */
    public Spectrum normalized() {
        return new Spectrum(energy, norm);
    }

    /** The flattened spectrum (energy, flat). */
    public Spectrum flattened() {
        return new Spectrum(energy, flat);
    }

    /** Whether a flag of this kind was raised. */
    public boolean has(QualityFlag.Kind kind) {
        return flags.stream().anyMatch(f -> f.kind() == kind);
    }
}
