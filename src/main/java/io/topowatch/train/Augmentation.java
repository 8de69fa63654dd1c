package io.topowatch.train;

import io.topowatch.spectrum.ElementChannels;
import io.topowatch.spectrum.SampleTensor;

/**
 * The seed paper's augmentation (section 1.1): every training spectrum also shifted by about ±1 eV, which
 * triples the training data and teaches tolerance to small calibration offsets.
 *
 * <p>A shift of {@code ev} moves features to higher energy: the shifted window holds, at energy E, the
 * original value at E − ev, linearly interpolated on the {@link ElementChannels#POINTS}-point grid (every
 * channel window spans {@value ElementChannels#WINDOW_BELOW_EDGE_EV} eV below to
 * {@value ElementChannels#WINDOW_ABOVE_EDGE_EV} eV above its edge, so one point is 100/199 ≈ 0.5025 eV and
 * 1 eV ≈ 1.99 points). Outside the window the edge value is held. Absent channels stay zero.
 */
public final class Augmentation {

    /** The paper's shift, eV. */
    public static final double PAPER_SHIFT_EV = 1.0;
    /** Energy step of every channel window, eV per point. */
    public static final double STEP_EV = (ElementChannels.WINDOW_BELOW_EDGE_EV + ElementChannels.WINDOW_ABOVE_EDGE_EV)
            / (ElementChannels.POINTS - 1);

    private Augmentation() {}

    /** One channel window shifted by {@code ev} (a new array). */
    public static float[] shift(float[] window, double ev) {
        float[] out = new float[window.length];
        shiftInto(window, 0, window.length, ev, out, 0);
        return out;
    }

    /** The tensor with every present channel shifted by {@code ev}; space group and presence unchanged. */
    public static SampleTensor shift(SampleTensor tensor, double ev) {
        float[] values = new float[SampleTensor.SIZE];
        shiftInto(tensor, ev, values, 0);
        return new SampleTensor(values, tensor.present().clone(), tensor.spaceGroup());
    }

    /** Writes the shifted tensor's values into {@code dest} from {@code offset} (absent channels: zeros). */
    static void shiftInto(SampleTensor tensor, double ev, float[] dest, int offset) {
        int points = ElementChannels.POINTS;
        boolean[] present = tensor.present();
        for (int c = 0; c < present.length; c++) {
            if (present[c]) {
                shiftInto(tensor.values(), c * points, points, ev, dest, offset + c * points);
            } else {
                java.util.Arrays.fill(dest, offset + c * points, offset + (c + 1) * points, 0f);
            }
        }
    }

    private static void shiftInto(float[] src, int from, int length, double ev, float[] dest, int to) {
        double points = ev / STEP_EV;
        for (int i = 0; i < length; i++) {
            double x = i - points;
            float v;
            if (x <= 0) {
                v = src[from];
            } else if (x >= length - 1) {
                v = src[from + length - 1];
            } else {
                int k = (int) x;
                double f = x - k;
                v = (float) ((1 - f) * src[from + k] + f * src[from + k + 1]);
            }
            dest[to + i] = v;
        }
    }
}
