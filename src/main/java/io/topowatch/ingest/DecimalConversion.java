package io.topowatch.ingest;

/**
 * Decimal significand and exponent to the nearest double, in the cases where that is exact without
 * {@link Double#parseDouble}'s general algorithm.
 */
final class DecimalConversion {

    /** 10^0 … 10^22, the powers of ten a double holds exactly. */
    private static final double[] EXACT_POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    };

    private DecimalConversion() {}

    /**
     * m·10<sup>q</sup> correctly rounded, for {@code significant} ≤ 15 digits m and |q| ≤ 22, else NaN (the
     * caller then parses the text). Clinger's fast path ("How to read floating point numbers accurately",
     * PLDI 1990): m &lt; 10<sup>15</sup> &lt; 2<sup>53</sup> and 10<sup>|q|</sup> are exact doubles, so one
     * multiplication or division rounds once, as parseDouble does.
     */
    static double exact(long m, int significant, int q) {
        if (significant == 0) {
            return 0.0;
        }
        if (significant > 15) {
            return Double.NaN;
        }
        if (q >= 0 && q <= 22) {
            return (double) m * EXACT_POWERS_OF_TEN[q];
        }
        if (q < 0 && q >= -22) {
            return (double) m / EXACT_POWERS_OF_TEN[-q];
        }
        return Double.NaN;
    }
}
