package io.topowatch.spectrum.format;

/**
 * The absorption coefficient derived from a file's columns.
 *
 * @param values  mu at each point, in file order (not cleaned: may hold NaN where a counter was zero)
 * @param formula how it was made, e.g. {@code ln(i0/itrans)}, {@code (if1+if2)/i0}, {@code mutrans}
 */
public record Mu(double[] values, String formula) {}
