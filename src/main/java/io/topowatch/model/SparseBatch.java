package io.topowatch.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.topowatch.spectrum.ElementChannels;
import io.topowatch.spectrum.SampleTensor;
import io.topowatch.spectrum.SymmetryEncoding;
import java.util.List;

/**
 * A batch in the form {@link TopoNetBlock#jointActivations} takes: the standardised rows of the present
 * channels only, the slot of every (sample, channel) pair in them, and the symmetry one-hots. Plain Java
 * arrays; {@link #rows(NDManager)} and friends make the tensors in the caller's scope.
 *
 * @param rows     {@code rowCount × POINTS} standardised spectra, samples in order, channels ascending
 * @param rowCount number of present channels over the batch
 * @param slots    {@code batch × CHANNELS}: 0 for an absent channel, else 1 + its row index
 * @param symmetry {@code batch × SymmetryEncoding.LENGTH} one-hots
 * @param batch    number of samples
 */
public record SparseBatch(float[] rows, int rowCount, long[] slots, float[] symmetry, int batch) {

    private static final int POINTS = ElementChannels.POINTS;
    private static final int CHANNELS = ElementChannels.CHANNELS;

    public static SparseBatch of(List<SampleTensor> samples, ChannelStandardizer standardizer) {
        int batch = samples.size();
        int rowCount = 0;
        for (SampleTensor s : samples) {
            for (boolean p : s.present()) {
                rowCount += p ? 1 : 0;
            }
        }
        float[] rows = new float[rowCount * POINTS];
        long[] slots = new long[batch * CHANNELS];
        float[] symmetry = new float[batch * SymmetryEncoding.LENGTH];
        int row = 0;
        for (int b = 0; b < batch; b++) {
            SampleTensor s = samples.get(b);
            for (int c = 0; c < CHANNELS; c++) {
                if (s.present()[c]) {
                    standardizer.applyChannelInto(s, c, rows, row * POINTS);
                    slots[b * CHANNELS + c] = ++row;
                }
            }
            System.arraycopy(SymmetryEncoding.oneHot(s.spaceGroup()), 0, symmetry, b * SymmetryEncoding.LENGTH,
                    SymmetryEncoding.LENGTH);
        }
        return new SparseBatch(rows, rowCount, slots, symmetry, batch);
    }

    public NDArray rows(NDManager manager) {
        return manager.create(rows, new Shape(rowCount, POINTS));
    }

    public NDArray slots(NDManager manager) {
        return manager.create(slots);
    }

    public NDArray symmetry(NDManager manager) {
        return manager.create(symmetry, new Shape(batch, SymmetryEncoding.LENGTH));
    }
}
