package io.topowatch.model;

import io.topowatch.spectrum.ElementChannels;
import io.topowatch.spectrum.SymmetryEncoding;
import java.util.List;

/**
 * Every hyper-parameter of {@link TopoNetBlock}, serialised into each model artifact's {@code model.json}
 * so that a params file is always rebuilt into the network it was trained with.
 *
 * <p>Defaults ({@link #defaults()}) follow the seed paper's "economical" design (section 1.2): three
 * convolution + max-pool stages whose kernels are shared by all 81 element channels, small dense layers,
 * L2 on the convolution kernels and dropout after the joint dense layer. With the defaults the network has
 * {@value #DEFAULT_PARAMETER_COUNT} parameters (about 1.1 MB as float32), dominated by the spectral dense
 * layer (81 channels × 4 filters × 25 positions × 32 units); see {@link #parameterCount()}.
 *
 * @param convFilters        output filters of each convolution stage, in order (default 8, 8, 4)
 * @param kernelSize         convolution kernel length in energy points; odd, "same" padding (default 5)
 * @param poolSize           max-pool window and stride after every convolution (default 2)
 * @param spectralDenseUnits units of the dense layer on the flattened per-sample spectral features (32)
 * @param symmetryDenseUnits units of the dense layer on the 269-long symmetry one-hot (32)
 * @param jointDenseUnits    units of the dense layer on the concatenated branches (32)
 * @param dropout            dropout rate after the joint dense layer, in [0, 1) (0.3)
 * @param kernelL2           L2 coefficient λ on the convolution kernels, added to the training loss as
 *                           λ·Σw² (1e-4); it does not change the network, only training
 * @param useSymmetry        true: spectral and symmetry branches; false: the paper's core, spectra-only
 *                           network (for the ablation)
 */
public record TopoNetConfig(
        List<Integer> convFilters,
        int kernelSize,
        int poolSize,
        int spectralDenseUnits,
        int symmetryDenseUnits,
        int jointDenseUnits,
        double dropout,
        double kernelL2,
        boolean useSymmetry) {

    /** Parameter count of {@link #defaults()}, kept here so the javadoc and a test can state it. */
    public static final long DEFAULT_PARAMETER_COUNT = 270_525L;

    public TopoNetConfig {
        if (convFilters == null || convFilters.isEmpty()) {
            throw new IllegalArgumentException("convFilters must name at least one convolution stage");
        }
        convFilters = List.copyOf(convFilters);
        for (int f : convFilters) {
            requirePositive("conv filters", f);
        }
        requirePositive("kernelSize", kernelSize);
        if (kernelSize % 2 == 0) {
            throw new IllegalArgumentException("kernelSize must be odd for 'same' padding, got " + kernelSize);
        }
        requirePositive("poolSize", poolSize);
        requirePositive("spectralDenseUnits", spectralDenseUnits);
        requirePositive("symmetryDenseUnits", symmetryDenseUnits);
        requirePositive("jointDenseUnits", jointDenseUnits);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (!(kernelL2 >= 0) || Double.isInfinite(kernelL2)) {
            throw new IllegalArgumentException("kernelL2 must be finite and >= 0, got " + kernelL2);
        }
        int length = ElementChannels.POINTS;
        for (int i = 0; i < convFilters.size(); i++) {
            length /= poolSize;
        }
        if (length < 1) {
            throw new IllegalArgumentException(convFilters.size() + " pooling stages of " + poolSize
                    + " leave nothing of " + ElementChannels.POINTS + " points");
        }
    }

    /** The documented defaults: filters 8, 8, 4; kernel 5; pool 2; dense 32/32/32; dropout 0.3; L2 1e-4. */
    public static TopoNetConfig defaults() {
        return new TopoNetConfig(List.of(8, 8, 4), 5, 2, 32, 32, 32, 0.3, 1e-4, true);
    }

    /** The same hyper-parameters with or without the symmetry branch (the paper's ablation). */
    public TopoNetConfig withUseSymmetry(boolean use) {
        return new TopoNetConfig(convFilters, kernelSize, poolSize, spectralDenseUnits, symmetryDenseUnits,
                jointDenseUnits, dropout, kernelL2, use);
    }

    /** Energy points left per channel after all convolution ("same" padding) and pooling stages. */
    public int pooledLength() {
        int length = ElementChannels.POINTS;
        for (int i = 0; i < convFilters.size(); i++) {
            length /= poolSize;
        }
        return length;
    }

    /** Length of one sample's flattened spectral features for {@code channels} element channels. */
    public long flattenedSpectralLength(int channels) {
        return (long) channels * convFilters.get(convFilters.size() - 1) * pooledLength();
    }

    /** Number of trainable parameters of the network built from this config on all 81 channels. */
    public long parameterCount() {
        return parameterCount(ElementChannels.CHANNELS);
    }

    /** Number of trainable parameters for {@code channels} channels; only the spectral dense layer depends on it. */
    public long parameterCount(int channels) {
        long count = convParameterCount();
        count += flattenedSpectralLength(channels) * spectralDenseUnits + spectralDenseUnits;
        long jointInput = spectralDenseUnits;
        if (useSymmetry) {
            count += (long) SymmetryEncoding.LENGTH * symmetryDenseUnits + symmetryDenseUnits;
            jointInput += symmetryDenseUnits;
        }
        count += jointInput * jointDenseUnits + jointDenseUnits;
        count += jointDenseUnits + 1L;
        return count;
    }

    /** Parameters of the shared convolution stack (kernels and biases): independent of the channel count. */
    public long convParameterCount() {
        long count = 0;
        int in = 1;
        for (int out : convFilters) {
            count += (long) out * in * kernelSize + out;
            in = out;
        }
        return count;
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }
}
