package io.topowatch.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.topowatch.spectrum.ElementChannels;
import io.topowatch.spectrum.SampleTensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link Scorer} backed by a TopoNet {@link ModelArtifact} on DJL's PyTorch engine.
 *
 * <p><b>Sparse channels.</b> A sample holds 2–7 of the 81 element channels, so only the present channels'
 * rows go through the shared convolution stack ({@link TopoNetBlock#jointActivations}); absent channels get
 * the features of an all-zero row, computed once here. This gives the dense network's answer (to float
 * rounding, well within 1e-5) at a fraction of the convolution work. {@link #scoreAll} scores a batch in
 * one pass.
 *
 * <p><b>Uncertainty: Monte Carlo dropout</b> (Gal &amp; Ghahramani, ICML 2016). With {@code mcPasses} N &gt; 0
 * the network's dropout layer stays active at inference: the joint activations are computed once (nothing
 * before the dropout layer is random) and then N inverted-dropout masks at the network's rate go through
 * the output layer; the {@link Prediction} carries the mean probability of the N passes and their
 * (population) standard deviation. The masks are drawn from a generator seeded by the sample's content, so
 * a sample always gets the same answer, alone or in any batch, on any thread. With N = 0 dropout is off
 * and the uncertainty is 0 (the fast deterministic path, used for test-set metrics).
 *
 * <p>The stream-facing default ({@link #DjlScorer(ModelArtifact)}) is N = {@value #DEFAULT_MC_PASSES}:
 * because only the 32-unit output layer is repeated, the N passes cost little next to the convolutions
 * (see docs/BENCHMARKS.md), scans arrive seconds apart, and an operator watching a transition needs to
 * know when a probability near 0.5 is not to be trusted. 20 passes put the standard error of the mean
 * probability at σ/√20 ≈ 0.22σ.
 *
 * <p>Thread safety: the block and its parameters are shared read-only; each call works in its own
 * {@link NDManager} scope and {@link ParameterStore}. {@link #close()} waits for calls in progress and
 * closes the model; scoring after close throws {@link IllegalStateException}. The model runs on DJL's
 * default device (a GPU when the engine finds one, otherwise the CPU).
 */
public final class DjlScorer implements Scorer {

    /** MC dropout passes of {@link #DjlScorer(ModelArtifact)}, the stream's scorer. */
    public static final int DEFAULT_MC_PASSES = 20;

    private static final int POINTS = ElementChannels.POINTS;
    private static final int CHANNELS = ElementChannels.CHANNELS;

    private final Model model;
    private final TopoNetBlock block;
    private final String version;
    private final ChannelStandardizer standardizer;
    private final int passes;
    private final float dropout;
    private final float[] absentFeatures;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    /** DJL's PyTorch engine reads these system properties once, when it loads, and sets libtorch's pools. */
    public static final String NUM_THREADS_PROPERTY = "ai.djl.pytorch.num_threads";
    public static final String NUM_INTEROP_THREADS_PROPERTY = "ai.djl.pytorch.num_interop_threads";

    /**
     * Sets PyTorch's intra-op and inter-op thread counts ({@code model.threads}) for the engine DJL loads on
     * first use; 0 leaves PyTorch's defaults. It must run before anything touches DJL (the engine, and so
     * its thread pools, load once per JVM): {@code run} and {@code demo} call it before loading the model.
     * A count already given on the command line ({@code -Dai.djl.pytorch.num_threads=N}) wins.
     */
    public static void configureThreads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
        if (threads > 0) {
            if (System.getProperty(NUM_THREADS_PROPERTY) == null) {
                System.setProperty(NUM_THREADS_PROPERTY, Integer.toString(threads));
            }
            if (System.getProperty(NUM_INTEROP_THREADS_PROPERTY) == null) {
                System.setProperty(NUM_INTEROP_THREADS_PROPERTY, Integer.toString(threads));
            }
        }
    }

    /** A scorer with {@value #DEFAULT_MC_PASSES} MC dropout passes (the stream's default). */
    public DjlScorer(ModelArtifact artifact) throws IOException {
        this(artifact, DEFAULT_MC_PASSES);
    }

    /**
     * Builds the network from the artifact and loads its parameters.
     *
     * @param mcPasses MC dropout passes per sample; 0 for deterministic scores with uncertainty 0
     * @throws IOException                if the parameters cannot be staged for DJL
     * @throws ArtifactIntegrityException if the parameters do not fit the artifact's config
     */
    public DjlScorer(ModelArtifact artifact, int mcPasses) throws IOException {
        if (mcPasses < 0) {
            throw new IllegalArgumentException("mcPasses must be >= 0, got " + mcPasses);
        }
        this.version = artifact.version();
        this.standardizer = artifact.standardizer();
        this.passes = mcPasses;
        this.dropout = (float) artifact.config().dropout();
        this.model = artifact.newModel();
        this.block = (TopoNetBlock) model.getBlock();
        // Inference only: without gradients, threads whose autograd mode is on build no graphs.
        block.freezeParameters(true);
        try (NDManager manager = model.getNDManager().newSubManager()) {
            absentFeatures = block.absentChannelFeatures(new ParameterStore(manager, false), manager).toFloatArray();
        }
    }

    @Override
    public Prediction score(SampleTensor sample) {
        return scoreAll(List.of(sample)).get(0);
    }

    /** Scores several samples in one batch (the same answers as {@link #score} one by one). */
    public List<Prediction> scoreAll(List<SampleTensor> samples) {
        if (samples.isEmpty()) {
            return List.of();
        }
        lock.readLock().lock();
        try {
            requireOpen();
            return predict(samples);
        } catch (RuntimeException e) {
            if (e instanceof IllegalStateException || e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IllegalStateException("model " + version + " failed to score " + samples.size() + " samples", e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** MC dropout passes per sample (0: deterministic). */
    public int mcPasses() {
        return passes;
    }

    private List<Prediction> predict(List<SampleTensor> samples) {
        int batch = samples.size();
        SparseBatch sparse = SparseBatch.of(samples, standardizer);
        try (NDManager manager = model.getNDManager().newSubManager()) {
            ParameterStore parameters = new ParameterStore(manager, false);
            NDArray joint = block.jointActivations(parameters,
                    sparse.rows(manager), sparse.slots(manager),
                    manager.create(absentFeatures, new Shape(1, absentFeatures.length)),
                    sparse.symmetry(manager));
            List<Prediction> out = new ArrayList<>(batch);
            if (passes == 0) {
                float[] p = block.head(parameters, joint).toFloatArray();
                for (float v : p) {
                    out.add(new Prediction(v, 0.0, version));
                }
                return out;
            }
            int units = (int) joint.getShape().get(1);
            NDArray masks = manager.create(masks(samples, units), new Shape(passes, batch, units));
            NDArray dropped = joint.expandDims(0).mul(masks).reshape(passes * (long) batch, units);
            float[] p = block.head(parameters, dropped).toType(DataType.FLOAT32, false).toFloatArray();
            for (int b = 0; b < batch; b++) {
                double sum = 0;
                double squares = 0;
                for (int k = 0; k < passes; k++) {
                    double v = p[k * batch + b];
                    sum += v;
                    squares += v * v;
                }
                double mean = sum / passes;
                double variance = Math.max(0, squares / passes - mean * mean);
                out.add(new Prediction(mean, Math.sqrt(variance), version));
            }
            return out;
        }
    }

    /** Inverted-dropout masks {@code (passes, batch, units)}, each sample's from its own content-seeded generator. */
    private float[] masks(List<SampleTensor> samples, int units) {
        int batch = samples.size();
        float[] masks = new float[passes * batch * units];
        float keep = 1f / (1f - dropout);
        for (int b = 0; b < batch; b++) {
            SplittableRandom random = new SplittableRandom(contentSeed(samples.get(b)));
            for (int k = 0; k < passes; k++) {
                int offset = (k * batch + b) * units;
                for (int u = 0; u < units; u++) {
                    masks[offset + u] = random.nextDouble() < dropout ? 0f : keep;
                }
            }
        }
        return masks;
    }

    /** A seed from the sample's present channels, their values and the space group. */
    static long contentSeed(SampleTensor sample) {
        long h = 0x9E3779B97F4A7C15L ^ sample.spaceGroup();
        float[] values = sample.values();
        boolean[] present = sample.present();
        for (int c = 0; c < present.length; c++) {
            if (present[c]) {
                h = h * 31 + c;
                for (int i = c * POINTS; i < (c + 1) * POINTS; i++) {
                    h = h * 1_000_003L + Float.floatToIntBits(values[i]);
                }
            }
        }
        return h;
    }

    @Override
    public String modelVersion() {
        return version;
    }

    /** The device the model runs on. */
    public Device device() {
        return model.getNDManager().getDevice();
    }

    /** Closes the model; idempotent. Waits for scores in progress to finish. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            model.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("scorer for model " + version + " is closed");
        }
    }
}
