package io.topowatch.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import io.topowatch.spectrum.SampleTensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link Scorer} backed by a TopoNet {@link ModelArtifact} on DJL's PyTorch engine.
 *
 * <p>One model is shared; DJL predictors are not thread-safe, so each calling thread gets its own
 * (created lazily, kept in a {@link ThreadLocal}: stream threads are long-lived, so this is one predictor
 * per stream thread). {@link #close()} closes every predictor, then the model; scoring after close throws
 * {@link IllegalStateException}. The model runs on DJL's default device (a GPU when the engine finds one,
 * otherwise the CPU). Uncertainty is reported as 0 until the model provides one.
 */
public final class DjlScorer implements Scorer {

    private final Model model;
    private final String version;
    private final SampleTranslator translator;
    private final Queue<Predictor<SampleTensor, Double>> predictors = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Predictor<SampleTensor, Double>> threadPredictor;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    /**
     * Builds the network from the artifact and loads its parameters.
     *
     * @throws IOException                if the parameters cannot be staged for DJL
     * @throws ArtifactIntegrityException if the parameters do not fit the artifact's config
     */
    public DjlScorer(ModelArtifact artifact) throws IOException {
        this.version = artifact.version();
        this.translator = new SampleTranslator(artifact.standardizer());
        this.model = artifact.newModel();
        // Inference only: without gradients, threads whose autograd mode is on build no graphs.
        model.getBlock().freezeParameters(true);
        this.threadPredictor = ThreadLocal.withInitial(() -> {
            Predictor<SampleTensor, Double> p = model.newPredictor(translator);
            predictors.add(p);
            return p;
        });
    }

    @Override
    public Prediction score(SampleTensor sample) {
        lock.readLock().lock();
        try {
            requireOpen();
            return prediction(threadPredictor.get().predict(sample));
        } catch (TranslateException e) {
            throw new IllegalStateException("model " + version + " failed to score a sample", e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Scores several samples in one batch (same answers as {@link #score} one by one). */
    public List<Prediction> scoreAll(List<SampleTensor> samples) {
        if (samples.isEmpty()) {
            return List.of();
        }
        lock.readLock().lock();
        try {
            requireOpen();
            List<Double> probabilities = threadPredictor.get().batchPredict(samples);
            List<Prediction> out = new ArrayList<>(probabilities.size());
            for (double p : probabilities) {
                out.add(prediction(p));
            }
            return out;
        } catch (TranslateException e) {
            throw new IllegalStateException("model " + version + " failed to score a batch", e);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public String modelVersion() {
        return version;
    }

    /** The device the model runs on. */
    public Device device() {
        return model.getNDManager().getDevice();
    }

    /** Closes all predictors and the model; idempotent. Waits for scores in progress to finish. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            Predictor<SampleTensor, Double> p;
            while ((p = predictors.poll()) != null) {
                p.close();
            }
            model.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private Prediction prediction(double probability) {
        return new Prediction(probability, 0.0, version);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("scorer for model " + version + " is closed");
        }
    }
}
