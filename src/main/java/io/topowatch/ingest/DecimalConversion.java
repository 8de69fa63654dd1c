package io.topowatch.ingest;

import java.math.BigInteger;

/**
 * Decimal significand and exponent to the nearest double (what {@link Double#parseDouble} returns), in the
 * cases where that can be done exactly without parseDouble's general algorithm; NaN otherwise, and the
 * caller parses the text. Producers write doubles in their shortest form, up to 17 significant digits, which
 * parseDouble converts slowly; these two methods cover all of them.
 */
final class DecimalConversion {

    /** 10^0 … 10^22, the powers of ten a double holds exactly. */
    private static final double[] EXACT_POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    };

    private DecimalConversion() {}

    /**
     * m·10<sup>q</sup> correctly rounded, for a significand m of {@code significant} digits (m's bits are
     * read unsigned, so up to 19 digits), else NaN.
     *
     * <ul>
     *   <li>At most 15 digits and |q| ≤ 22: Clinger's fast path ("How to read floating point numbers
     *       accurately", PLDI 1990): m &lt; 2<sup>53</sup> and 10<sup>|q|</sup> are exact doubles, so one
     *       multiplication or division rounds once, as parseDouble does.</li>
     *   <li>Otherwise up to 19 digits: the Eisel–Lemire algorithm (D. Lemire, "Number parsing at a gigabyte
     *       per second", Software: Practice and Experience 51(8), 2021; as Go's strconv
     *       {@code eiselLemire64} writes it), which returns NaN in the rare cases it cannot decide.</li>
     * </ul>
     */
    static double exact(long m, int significant, int q) {
        if (significant == 0) {
            return 0.0;
        }
        if (significant <= 15 && q >= -22 && q <= 22) {
            return q >= 0 ? (double) m * EXACT_POWERS_OF_TEN[q] : (double) m / EXACT_POWERS_OF_TEN[-q];
        }
        return significant <= 19 ? eiselLemire(m, q) : Double.NaN;
    }

    /**
     * Eisel–Lemire for m ≠ 0 (unsigned) and 10<sup>q</sup>: multiply the normalised m by a 128-bit
     * truncation of 10<sup>q</sup>'s mantissa; when the product's low bits leave the rounding in doubt, widen
     * once, and give up (NaN) if still in doubt, on an exact half-way case, or outside the normal range.
     */
    static double eiselLemire(long m, int q) {
        if (q < Powers.MIN_EXPONENT || q > Powers.MAX_EXPONENT) {
            return Double.NaN;
        }
        int clz = Long.numberOfLeadingZeros(m);
        long man = m << clz;
        long exponent2 = ((217706L * q) >> 16) + 64 + 1023 - clz; // 217706/2^16 ≈ log2(10)
        int at = q - Powers.MIN_EXPONENT;
        long powHi = Powers.HIGH[at];
        long xHi = unsignedMultiplyHigh(man, powHi);
        long xLo = man * powHi;
        if ((xHi & 0x1FF) == 0x1FF && Long.compareUnsigned(xLo + man, man) < 0) {
            long powLo = Powers.LOW[at];
            long yHi = unsignedMultiplyHigh(man, powLo);
            long yLo = man * powLo;
            long mergedHi = xHi;
            long mergedLo = xLo + yHi;
            if (Long.compareUnsigned(mergedLo, xLo) < 0) {
                mergedHi++;
            }
            if ((mergedHi & 0x1FF) == 0x1FF && mergedLo + 1 == 0 && Long.compareUnsigned(yLo + man, man) < 0) {
                return Double.NaN;
            }
            xHi = mergedHi;
            xLo = mergedLo;
        }
        long msb = xHi >>> 63;
        long mantissa = xHi >>> (msb + 9);
        exponent2 -= 1 ^ msb;
        if (xLo == 0 && (xHi & 0x1FF) == 0 && (mantissa & 3) == 1) {
            return Double.NaN; // exactly half-way between two doubles: parseDouble decides
        }
        mantissa += mantissa & 1;
        mantissa >>>= 1;
        if ((mantissa >>> 53) > 0) {
            mantissa >>>= 1;
            exponent2++;
        }
        if (exponent2 <= 0 || exponent2 >= 0x7FF) {
            return Double.NaN; // subnormal or overflow
        }
        return Double.longBitsToDouble(exponent2 << 52 | (mantissa & 0x000F_FFFF_FFFF_FFFFL));
    }

    /** The high 64 bits of the unsigned 128-bit product (Math.unsignedMultiplyHigh arrived in Java 18). */
    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /**
     * 10<sup>q</sup>'s mantissa for q = {@value #MIN_EXPONENT} … {@value #MAX_EXPONENT}, as 128 bits with
     * the top bit set, rounded down (HIGH and LOW words); computed exactly with BigInteger on first use.
     */
    private static final class Powers {
        static final int MIN_EXPONENT = -348;
        static final int MAX_EXPONENT = 347;
        static final long[] HIGH = new long[MAX_EXPONENT - MIN_EXPONENT + 1];
        static final long[] LOW = new long[HIGH.length];

        static {
            BigInteger mask = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
            for (int q = MIN_EXPONENT; q <= MAX_EXPONENT; q++) {
                BigInteger mantissa;
                if (q >= 0) {
                    BigInteger p = BigInteger.TEN.pow(q);
                    int shift = p.bitLength() - 128;
                    mantissa = shift >= 0 ? p.shiftRight(shift) : p.shiftLeft(-shift);
                } else {
                    // floor(2^k / 10^-q) with k chosen so that the quotient has exactly 128 bits
                    BigInteger d = BigInteger.TEN.pow(-q);
                    mantissa = BigInteger.ONE.shiftLeft(127 + d.bitLength()).divide(d);
                }
                HIGH[q - MIN_EXPONENT] = mantissa.shiftRight(64).longValue();
                LOW[q - MIN_EXPONENT] = mantissa.and(mask).longValue();
            }
        }
    }
}
