package io.topowatch.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import io.topowatch.spectrum.ElementChannels;
import io.topowatch.spectrum.SymmetryEncoding;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The seed paper's topology classifier (section 1.2, Fig. 1d) as a DJL block: tensors in, probabilities
 * out, no pre- or post-processing (that is {@link SampleTranslator}'s job).
 *
 * <p>Input: {@code NDList(spectra (B, 81, 200), symmetry (B, 269))}, the spectra already standardised per
 * channel and the symmetry the one-hot of {@link SymmetryEncoding}. Output: {@code NDList(p (B, 1))}, the
 * probability that each sample is topological.
 *
 * <pre>
 * spectra (B,81,200) → reshape (B·81, 1, 200)                       one 1-channel signal per element
 *   → [Conv1d(k, same padding) → ReLU → MaxPool(p)] × 3              kernels shared by all 81 elements
 *   → reshape (B, 81·f₃·L) → Dense(spectral) → ReLU                  per-sample flatten
 * symmetry (B,269) → Dense(symmetry) → ReLU                           (absent when useSymmetry is false)
 * concat → Dense(joint) → ReLU → Dropout → Dense(1) → sigmoid
 * </pre>
 *
 * <p>The kernels are shared across element channels because every element's spectrum goes through the
 * same {@code Conv1d} as its own batch row: the kernel shapes are {@code (out, in, k)} and never depend on
 * the channel count; only the spectral dense layer's input width does (paper, design choice 1).
 */
public final class TopoNetBlock extends SequentialBlock {

    private final TopoNetConfig config;
    private final int channels;
    private final List<Conv1d> convolutions = new ArrayList<>();
    private final SequentialBlock spectralFeatures;
    /** Children kept for the sparse inference path (they are the same blocks the dense forward runs). */
    private Linear spectralDense;
    private Block symmetryBranch;
    private final Linear jointDense;
    private final Linear output;

    /** The network on all {@link ElementChannels#CHANNELS} element channels. */
    public TopoNetBlock(TopoNetConfig config) {
        this(config, ElementChannels.CHANNELS);
    }

    /** The network on {@code channels} element channels; tests use it to show the kernels ignore that count. */
    TopoNetBlock(TopoNetConfig config, int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be >= 1, got " + channels);
        }
        this.config = config;
        this.channels = channels;
        this.spectralFeatures = buildSpectralFeatures();

        Block spectral = spectralBranch();
        if (config.useSymmetry()) {
            add(new ParallelBlock(TopoNetBlock::concatenate, List.of(spectral, symmetryBranch())));
        } else {
            add(spectral);
        }
        jointDense = Linear.builder().setUnits(config.jointDenseUnits()).build();
        output = Linear.builder().setUnits(1).build();
        add(jointDense);
        add(Activation.reluBlock());
        add(Dropout.builder().optRate((float) config.dropout()).build());
        add(output);
        add(Activation.sigmoidBlock());
    }

    private Block spectralBranch() {
        SequentialBlock branch = new SequentialBlock();
        branch.add(spectralFeatures);
        spectralDense = Linear.builder().setUnits(config.spectralDenseUnits()).build();
        branch.add(spectralDense);
        branch.add(Activation.reluBlock());
        return branch;
    }

    /** (B, C, 200) → per-channel shared convolutions → (B, C·f·L) per-sample features. */
    private SequentialBlock buildSpectralFeatures() {
        SequentialBlock features = new SequentialBlock();
        // Each element channel becomes its own 1-channel signal so that one kernel set serves all of them.
        features.add(new LambdaBlock(in -> new NDList(in.get(0).reshape(-1, 1, in.get(0).getShape().get(2))),
                "perChannelSignals"));
        Shape kernel = new Shape(config.kernelSize());
        Shape padding = new Shape(config.kernelSize() / 2);
        Shape pool = new Shape(config.poolSize());
        for (int filters : config.convFilters()) {
            Conv1d conv = Conv1d.builder().setKernelShape(kernel).setFilters(filters).optPadding(padding).build();
            convolutions.add(conv);
            features.add(conv).add(Activation.reluBlock()).add(Pool.maxPool1dBlock(pool, pool));
        }
        long flattened = config.flattenedSpectralLength(channels);
        features.add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().reshape(-1, flattened)),
                "perSampleFlatten"));
        return features;
    }

    private Block symmetryBranch() {
        SequentialBlock branch = new SequentialBlock();
        branch.add(new LambdaBlock(in -> new NDList(in.get(1)), "symmetryInput"));
        branch.add(Linear.builder().setUnits(config.symmetryDenseUnits()).build());
        branch.add(Activation.reluBlock());
        symmetryBranch = branch;
        return branch;
    }

    private static NDList concatenate(List<NDList> branches) {
        NDList parts = new NDList(branches.size());
        for (NDList branch : branches) {
            parts.add(branch.singletonOrThrow());
        }
        return new NDList(NDArrays.concat(parts, 1));
    }

    // ---- Sparse inference -------------------------------------------------------------------------------
    //
    // A sample has 2–7 of the 81 channels; the dense forward convolves all 81. The sparse path convolves
    // only the present channels' rows and gathers per-channel features into the spectral dense layer's input,
    // filling absent channels with the features of an all-zero row (not with zeros: the convolution biases
    // make a zero row's features non-zero). The result equals the dense forward up to float rounding.

    /**
     * The shared convolution stack on single-channel rows: {@code (R, 200)} standardised spectra in,
     * {@code (R, f·L)} features out (what the dense forward computes for each channel of each sample).
     */
    public NDArray channelFeatures(ParameterStore parameterStore, NDArray rows) {
        NDList x = new NDList(rows.reshape(rows.getShape().get(0), 1, rows.getShape().get(1)));
        List<Block> stages = convolutionStages();
        for (Block stage : stages) {
            x = stage.forward(parameterStore, x, false);
        }
        NDArray features = x.singletonOrThrow();
        return features.reshape(features.getShape().get(0), -1);
    }

    /** The features {@code (1, f·L)} the convolution stack gives an all-zero (absent) channel. */
    public NDArray absentChannelFeatures(ParameterStore parameterStore, NDManager manager) {
        return channelFeatures(parameterStore, manager.zeros(new Shape(1, ElementChannels.POINTS)));
    }

    /**
     * The joint layer's activations (after its ReLU, before dropout) for a batch given sparsely.
     *
     * @param rows      {@code (R, 200)} standardised spectra of the present channels of all samples
     * @param slots     int64 {@code (B·channels)}: for sample b and channel c, at {@code b·channels + c}, 0 if
     *                  the channel is absent, otherwise 1 + the index of its row in {@code rows}
     * @param absent    {@link #absentChannelFeatures} of this block
     * @param symmetry  {@code (B, 269)} one-hot space groups (ignored without the symmetry branch)
     * @return {@code (B, jointDenseUnits)}
     */
    public NDArray jointActivations(ParameterStore parameterStore, NDArray rows, NDArray slots, NDArray absent,
            NDArray symmetry) {
        long batch = slots.getShape().get(0) / channels;
        long width = absent.getShape().get(1);
        // Gather (features − absent) with a constant zero row for absent slots, then add the absent features
        // back by broadcasting. The many absent slots thus read a constant, so the backward pass accumulates
        // nothing that needs a gradient into one row (a sum whose order could change between runs), and
        // training stays bit-reproducible.
        NDArray zero = absent.getManager().zeros(new Shape(1, width), absent.getDataType(), absent.getDevice());
        NDArray table = rows.getShape().get(0) == 0 ? zero
                : NDArrays.concat(new NDList(zero, channelFeatures(parameterStore, rows).sub(absent)), 0);
        NDArray dense = table.get(slots).reshape(batch, channels, width).add(absent.reshape(1, 1, width))
                .reshape(batch, -1);
        NDArray spectral = Activation.relu(spectralDense.forward(parameterStore, new NDList(dense), false)
                .singletonOrThrow());
        NDArray joined = spectral;
        if (config.useSymmetry()) {
            NDArray sym = symmetryBranch.forward(parameterStore, new NDList(symmetry, symmetry), false)
                    .singletonOrThrow();
            joined = NDArrays.concat(new NDList(spectral, sym), 1);
        }
        return Activation.relu(jointDense.forward(parameterStore, new NDList(joined), false).singletonOrThrow());
    }

    /** The output layer and sigmoid on (possibly dropped-out) joint activations: {@code (N, units)} → {@code (N, 1)}. */
    public NDArray head(ParameterStore parameterStore, NDArray joint) {
        return Activation.sigmoid(output.forward(parameterStore, new NDList(joint), false).singletonOrThrow());
    }

    /** Number of element channels the block was built for. */
    public int channels() {
        return channels;
    }

    /** Conv → ReLU → pool stages inside the spectral feature block (without its reshaping lambdas). */
    private List<Block> convolutionStages() {
        List<Block> children = spectralFeatures.getChildren().values();
        return children.subList(1, children.size() - 1);
    }

    /** The input shapes for a batch of {@code batchSize}: spectra and symmetry one-hot. */
    public static Shape[] inputShapes(int batchSize) {
        return new Shape[] {
            new Shape(batchSize, ElementChannels.CHANNELS, ElementChannels.POINTS),
            new Shape(batchSize, SymmetryEncoding.LENGTH)
        };
    }

    public TopoNetConfig config() {
        return config;
    }

    /**
     * The convolution kernels (weights, not biases), in stage order: the parameters the training loss puts
     * the L2 penalty on. Their shapes are {@code (filters, inputFilters, kernelSize)}.
     */
    public List<Parameter> kernels() {
        return convolutions.stream().map(c -> c.getParameters().get("weight")).collect(Collectors.toList());
    }

    /**
     * The spectral feature extractor inside this block (a child, sharing its parameters): spectra
     * (B, C, 200) in, flattened per-sample convolution features (B, C·f·L) out, channel-major. For tests.
     */
    Block spectralFeatureBlock() {
        return spectralFeatures;
    }

    /** Total element count of all parameters; the block must be initialised or loaded. */
    public long parameterCount() {
        long count = 0;
        for (Parameter p : getParameters().values()) {
            count += p.getArray().size();
        }
        return count;
    }

    /**
     * Writes an architecture fingerprint after the base metadata, so that a params file is refused by a
     * block built from a different config rather than failing later on a shape mismatch.
     */
    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        super.saveMetadata(os);
        os.writeUTF(fingerprint());
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        super.loadMetadata(loadVersion, is);
        String saved = is.readUTF();
        if (!saved.equals(fingerprint())) {
            throw new MalformedModelException("parameters were saved for network [" + saved
                    + "] but this block is [" + fingerprint() + "]");
        }
    }

    private String fingerprint() {
        return "TopoNet/1 channels=" + channels + " conv=" + config.convFilters() + " k=" + config.kernelSize()
                + " pool=" + config.poolSize() + " dense=" + config.spectralDenseUnits() + "/"
                + (config.useSymmetry() ? config.symmetryDenseUnits() : "-") + "/" + config.jointDenseUnits();
    }

    @Override
    public String toString() {
        return "TopoNetBlock[" + fingerprint() + "]";
    }
}
