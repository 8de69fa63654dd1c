package io.topowatch.model;

import io.topowatch.spectrum.ElementChannels;
import io.topowatch.spectrum.SampleTensor;
import java.util.Arrays;
import java.util.Collection;

/**
 * Per-element-channel standardisation z = (x − μ_c) / σ_c, as the seed paper does before the network
 * (section 1.2: "each of the 81 element channels was independently standardized", because K edges sit at
 * very different energy scales).
 *
 * <p>μ_c and σ_c (population standard deviation) are pooled over all {@link ElementChannels#POINTS} points
 * of every <em>training</em> sample in which channel c is present; samples without element c do not pull
 * its statistics towards zero. Fit on the training split only, so validation and test data stay unseen.
 * Absent channels are left at exactly 0 when applied. σ_c is floored at {@link #STD_FLOOR} so a channel
 * seen only as a flat line cannot blow up; a channel never present in training keeps μ = 0, σ = 1.
 *
 * @param means 81 per-channel means
 * @param stds  81 per-channel standard deviations, each ≥ {@link #STD_FLOOR}
 */
public record ChannelStandardizer(double[] means, double[] stds) {

    /**
     * Smallest σ used. Edge-step-normalised XANES has σ of order 0.1–0.5, so 1e-3 only matters for
     * degenerate channels.
     */
    public static final double STD_FLOOR = 1e-3;

    public ChannelStandardizer {
        if (means == null || stds == null || means.length != ElementChannels.CHANNELS
                || stds.length != ElementChannels.CHANNELS) {
            throw new IllegalArgumentException("need " + ElementChannels.CHANNELS + " means and stds");
        }
        means = means.clone();
        stds = stds.clone();
        for (int c = 0; c < stds.length; c++) {
            if (!Double.isFinite(means[c]) || !Double.isFinite(stds[c]) || stds[c] < STD_FLOOR) {
                throw new IllegalArgumentException("channel " + c + " has mean " + means[c] + " and std "
                        + stds[c] + "; need finite values and std >= " + STD_FLOOR);
            }
        }
    }

    /** μ = 0, σ = 1 on every channel: applying it changes nothing. */
    public static ChannelStandardizer identity() {
        double[] ones = new double[ElementChannels.CHANNELS];
        Arrays.fill(ones, 1.0);
        return new ChannelStandardizer(new double[ElementChannels.CHANNELS], ones);
    }

    /** Fits μ_c, σ_c on the given training samples only (see the class comment). */
    public static ChannelStandardizer fit(Collection<SampleTensor> training) {
        int channels = ElementChannels.CHANNELS;
        int points = ElementChannels.POINTS;
        long[] n = new long[channels];
        double[] sum = new double[channels];
        for (SampleTensor s : training) {
            float[] v = s.values();
            for (int c = 0; c < channels; c++) {
                if (s.present()[c]) {
                    n[c] += points;
                    for (int i = c * points, end = i + points; i < end; i++) {
                        sum[c] += v[i];
                    }
                }
            }
        }
        double[] means = new double[channels];
        for (int c = 0; c < channels; c++) {
            means[c] = n[c] == 0 ? 0.0 : sum[c] / n[c];
        }
        // Second pass for the variance: numerically safer than Σx² − nμ².
        double[] squares = new double[channels];
        for (SampleTensor s : training) {
            float[] v = s.values();
            for (int c = 0; c < channels; c++) {
                if (s.present()[c]) {
                    for (int i = c * points, end = i + points; i < end; i++) {
                        double d = v[i] - means[c];
                        squares[c] += d * d;
                    }
                }
            }
        }
        double[] stds = new double[channels];
        for (int c = 0; c < channels; c++) {
            stds[c] = n[c] == 0 ? 1.0 : Math.max(STD_FLOOR, Math.sqrt(squares[c] / n[c]));
        }
        return new ChannelStandardizer(means, stds);
    }

    /** The standardised {@code [channel][point]} values of a sample; absent channels are 0. */
    public float[] apply(SampleTensor sample) {
        float[] out = new float[SampleTensor.SIZE];
        applyInto(sample, out, 0);
        return out;
    }

    /**
     * Writes the standardised values of a sample into {@code dest} from {@code offset} (SampleTensor.SIZE
     * values), for building batches without intermediate copies. Absent channels are written as 0.
     */
    public void applyInto(SampleTensor sample, float[] dest, int offset) {
        int points = ElementChannels.POINTS;
        float[] v = sample.values();
        boolean[] present = sample.present();
        for (int c = 0; c < ElementChannels.CHANNELS; c++) {
            int from = c * points;
            if (present[c]) {
                double mean = means[c];
                double inv = 1.0 / stds[c];
                for (int i = 0; i < points; i++) {
                    dest[offset + from + i] = (float) ((v[from + i] - mean) * inv);
                }
            } else {
                Arrays.fill(dest, offset + from, offset + from + points, 0f);
            }
        }
    }

    /** Writes channel {@code c} of a sample, standardised, into {@code dest} from {@code offset} (POINTS values). */
    public void applyChannelInto(SampleTensor sample, int c, float[] dest, int offset) {
        int points = ElementChannels.POINTS;
        float[] v = sample.values();
        double mean = means[c];
        double inv = 1.0 / stds[c];
        int from = c * points;
        for (int i = 0; i < points; i++) {
            dest[offset + i] = (float) ((v[from + i] - mean) * inv);
        }
    }

    @Override
    public double[] means() {
        return means.clone();
    }

    @Override
    public double[] stds() {
        return stds.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelStandardizer other && Arrays.equals(means, other.means)
                && Arrays.equals(stds, other.stds);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(means) + Arrays.hashCode(stds);
    }

    @Override
    public String toString() {
        return "ChannelStandardizer[" + ElementChannels.CHANNELS + " channels]";
    }
}
