package io.topowatch.sim;

import io.topowatch.spectrum.Elements;

/**
 * K-edge absorption of one element in a sample whose electrons near the Fermi level follow a
 * {@link QwzModel}.
 *
 * <p>mu(E) = pre-edge slope + edge step · (1/2 + arctan((E − E0)/(Γ/2))/π) + white line
 * + coupling · near-edge term + EXAFS-like oscillations. The near-edge term is the conduction-band
 * density of states projected on orbital b (the orbital the absorber's dipole transition reaches),
 * Lorentzian-broadened by the core-hole width Γ. Band inversion moves orbital b to the bottom of the
 * conduction band, so the spectra change because the band structure changed. {@code coupling} scales how
 * strongly the absorber sees the topological bands: 0 gives spectra that carry no topological information.
 *
 * <p>Γ_K(Z) ≈ 1.73·10⁻⁶ Z^3.93 eV is a fit to the K-level widths of Krause and Oliver (J. Phys. Chem. Ref.
 * Data 8, 329 (1979)): 1.0 eV at Cu, 10 eV at Te, 62 eV at Bi. The model's limits: one band pair for every
 * element, no multiplets, no polarisation dependence, EXAFS from two fixed shells.
 */
public final class SpectrumSynthesizer {

    /** Energy of the model's hopping t in eV: the scale of the near-edge structure. */
    public static final double HOPPING_EV = 1.5;
    /** Height of the near-edge term for coupling 1, relative to an edge step of 1. */
    public static final double NEAR_EDGE_WEIGHT = 6.0;
    /** Distance of the band structure's mid-gap below the continuum edge, eV. */
    public static final double PRE_EDGE_OFFSET_EV = 8.0;
    /** k-grid for the projected density of states. */
    public static final int K_GRID = 32;

    private SpectrumSynthesizer() {}

    /** Core-hole lifetime width (FWHM) of the K level in eV. */
    public static double coreHoleWidth(int z) {
        return 1.73e-6 * Math.pow(z, 3.93);
    }

    /**
     * Noise-free mu(E) for one absorbing element.
     *
     * @param chemicalShiftEv shift of this compound's edge from the element's tabulated K edge
     * @param coupling        0..1, how strongly this absorber couples to the topological bands
     */
    public static double[] mu(double[] energy, Elements.Element element, double chemicalShiftEv, QwzModel bands,
            double coupling) {
        double e0 = element.kEdgeEv() + chemicalShiftEv;
        double gamma = coreHoleWidth(element.z());
        double hwhm = gamma / 2 + 0.3;
        // Bound states near the Fermi level lie below the continuum edge, as the 1s→3d pre-edge of transition
        // metals does: mid-gap sits PRE_EDGE_OFFSET_EV below the edge inflection.
        double midGap = e0 - PRE_EDGE_OFFSET_EV;
        double[] relative = new double[energy.length];
        for (int i = 0; i < energy.length; i++) {
            relative[i] = (energy[i] - midGap) / HOPPING_EV;
        }
        double[] nearEdge = bands.conductionDos(relative, hwhm / HOPPING_EV, QwzModel.Orbital.B, K_GRID);
        double wl = hwhm + 2.0;
        double[] mu = new double[energy.length];
        for (int i = 0; i < energy.length; i++) {
            double x = energy[i] - e0;
            double step = 0.5 + Math.atan(x / hwhm) / Math.PI;
            double whiteLine = 0.35 * wl * wl / ((x - 6.0) * (x - 6.0) + wl * wl);
            mu[i] = 0.15 - 2e-4 * x + step + whiteLine + coupling * NEAR_EDGE_WEIGHT * nearEdge[i]
                    + exafs(x, gamma);
        }
        return mu;
    }

    /** Two coordination shells, χ(k) = Σ A/(kR²) sin(2kR + φ) exp(−2σ²k²), k = √(0.2625·(E − E0)) Å⁻¹. */
    private static double exafs(double x, double gamma) {
        if (x <= 0) {
            return 0;
        }
        double k = Math.sqrt(0.2625 * x);
        double damping = Math.exp(-2 * 0.005 * k * k) * (1 - Math.exp(-x / (gamma + 5)));
        double chi = 1.2 / (k * 2.4 * 2.4 + 0.5) * Math.sin(2 * k * 2.4 + 0.4)
                + 0.8 / (k * 3.6 * 3.6 + 0.5) * Math.sin(2 * k * 3.6 + 1.1);
        return 0.6 * damping * chi;
    }
}
