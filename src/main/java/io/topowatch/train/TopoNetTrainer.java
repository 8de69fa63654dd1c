package io.topowatch.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import io.topowatch.model.ChannelStandardizer;
import io.topowatch.model.DjlScorer;
import io.topowatch.model.ModelArtifact;
import io.topowatch.model.ModelMetadata;
import io.topowatch.model.Prediction;
import io.topowatch.model.SparseBatch;
import io.topowatch.model.TopoNetBlock;
import io.topowatch.model.TopoNetConfig;
import io.topowatch.spectrum.ElementChannels;
import io.topowatch.spectrum.SampleTensor;
import io.topowatch.spectrum.SymmetryEncoding;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link TopoNetBlock} the way the seed paper describes (sections 1.1–1.2): a seeded 70/10/20
 * train/validation/test split stratified by class that keeps every element in every part ({@link Splits}),
 * the training split augmented by ±1 eV shifts ({@link Augmentation}, ×3), per-channel standardisation
 * fitted on the (unshifted) training split only, sample weights against the class and element imbalance
 * ({@link SampleWeights}), Adam on binary cross-entropy plus λ·Σw² on the
 * convolution kernels, and early stopping on the validation loss, keeping the best epoch's parameters.
 *
 * <p>Reproducible: the seed fixes the split, the per-epoch shuffles (a {@link Random}), and the engine's
 * generator (initialisation, dropout), so the same samples, options and config give the same parameters
 * on the same machine and engine build.
 */
public final class TopoNetTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(TopoNetTrainer.class);

    private static final int EVALUATION_BATCH = 256;

    private final TopoNetConfig config;

    public TopoNetTrainer() {
        this(TopoNetConfig.defaults());
    }

    public TopoNetTrainer(TopoNetConfig config) {
        this.config = config;
    }

    /**
     * Trains a model; the returned {@link TrainingResult} holds it in memory (nothing is written to disk).
     * With a test fraction above 0 the best model is also scored on the held-out test split and its
     * metrics stored in the artifact's metadata as {@code test_*}.
     *
     * @throws IllegalArgumentException if a class has fewer than two samples or the validation split would
     *                                  be empty
     * @throws IOException              if DJL cannot stage the parameters
     */
    public TrainingResult train(List<LabelledSample> samples, TrainingOptions options) throws IOException {
        return train(samples, options, LOGGING);
    }

    /** Logs each epoch's line and the early stop at INFO: what {@link #train(List, TrainingOptions)} reports. */
    private static final TrainingListener LOGGING = new TrainingListener() {
        @Override
        public void onEpoch(EpochStats stats, int epochs, boolean improved) {
            LOG.info(TrainingProgress.epochLine(stats, epochs, improved));
        }

        @Override
        public void onEarlyStop(int patience, int bestEpoch) {
            LOG.info("early stop: no lower validation loss for {} epochs; keeping epoch {}", patience, bestEpoch);
        }
    };

    /**
     * As {@link #train(List, TrainingOptions)}, reporting each batch and epoch to {@code listener} (e.g. a
     * {@link TrainingProgress} bar) instead of the log. The listener does not change what is trained.
     */
    public TrainingResult train(List<LabelledSample> samples, TrainingOptions options, TrainingListener listener)
            throws IOException {
        Random random = new Random(options.seed());
        Splits split = Splits.of(samples, options.validationFraction(), options.testFraction(), options.seed());
        List<LabelledSample> train = split.train();
        List<LabelledSample> validation = split.validation();

        ChannelStandardizer standardizer = ChannelStandardizer.fit(
                train.stream().map(LabelledSample::tensor).toList());
        SampleWeights weights = SampleWeights.fit(train, options.elementWeighting());
        long positives = train.stream().filter(LabelledSample::topological).count();
        double positiveWeight = weights.positiveWeight();
        boolean[] validationLabels = labels(validation);
        double[] validationWeights = validation.stream().mapToDouble(weights::weight).toArray();
        List<Example> examples = examples(train, weights, options.augmentShiftEv());
        LOG.info("training TopoNet ({} parameters) on {} samples ({} topological, positive weight {}) as {} "
                        + "examples (±{} eV), validating on {}, testing on {}", config.parameterCount(),
                train.size(), positives, String.format(Locale.ROOT, "%.3f", positiveWeight), examples.size(),
                options.augmentShiftEv(), validation.size(), split.test().size());

        Engine.getInstance().setRandomSeed(options.seed());
        List<EpochStats> history = new ArrayList<>();
        byte[] bestParameters = null;
        EpochStats best = null;
        try (Model model = Model.newInstance(ModelArtifact.MODEL_NAME)) {
            TopoNetBlock block = new TopoNetBlock(config);
            model.setBlock(block);
            DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(new WeightedBinaryCrossEntropy())
                    .optOptimizer(Adam.builder()
                            .optLearningRateTracker(Tracker.fixed((float) options.learningRate())).build())
                    .optDevices(new Device[] {model.getNDManager().getDevice()});
            try (Trainer trainer = model.newTrainer(trainingConfig)) {
                trainer.initialize(TopoNetBlock.inputShapes(1));
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < examples.size(); i++) {
                    order.add(i);
                }
                int sinceBest = 0;
                for (int epoch = 1; epoch <= options.epochs(); epoch++) {
                    long start = System.nanoTime();
                    Collections.shuffle(order, random);
                    int currentEpoch = epoch;
                    double trainLoss = trainEpoch(trainer, block, examples, order, standardizer, options.batchSize(),
                            (batch, batches, meanLoss) -> listener.onBatch(currentEpoch, options.epochs(), batch,
                                    batches, meanLoss));
                    float[] probabilities = predict(trainer, block, validation, standardizer, options.batchSize());
                    double validationLoss = WeightedBinaryCrossEntropy.evaluate(probabilities, validationLabels,
                            validationWeights);
                    double accuracy = accuracy(probabilities, validationLabels);
                    EpochStats stats = new EpochStats(epoch, trainLoss, validationLoss, accuracy,
                            (System.nanoTime() - start) / 1e9);
                    history.add(stats);
                    boolean improved = best == null || validationLoss < best.validationLoss();
                    listener.onEpoch(stats, options.epochs(), improved);
                    if (improved) {
                        best = stats;
                        bestParameters = ModelArtifact.parameterBytes(model);
                        sinceBest = 0;
                    } else if (++sinceBest >= options.patience()) {
                        listener.onEarlyStop(options.patience(), best.epoch());
                        break;
                    }
                }
            }
        }

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("bestEpoch", (double) best.epoch());
        metrics.put("epochsRun", (double) history.size());
        metrics.put("trainLoss", best.trainLoss());
        metrics.put("validationLoss", best.validationLoss());
        metrics.put("validationAccuracy", best.validationAccuracy());
        metrics.put("trainSamples", (double) train.size());
        metrics.put("trainExamples", (double) examples.size());
        metrics.put("validationSamples", (double) validation.size());
        metrics.put("testSamples", (double) split.test().size());
        metrics.put("positiveWeight", positiveWeight);
        String dataHash = trainingDataHash(samples);
        ModelArtifact artifact = new ModelArtifact(options.version(), config, standardizer,
                new ModelMetadata(Instant.now().toString(), options.seed(), dataHash, metrics), bestParameters);
        Optional<Evaluation> test = Optional.empty();
        if (!split.test().isEmpty()) {
            Evaluation evaluation = evaluate(artifact, split.test());
            test = Optional.of(evaluation);
            metrics.putAll(testMetrics(evaluation));
            artifact = new ModelArtifact(options.version(), config, standardizer,
                    new ModelMetadata(artifact.metadata().createdAt(), options.seed(), dataHash, metrics),
                    bestParameters);
            LOG.info(String.format(Locale.ROOT, "test (%d samples): AUC %.3f, topological recall %.3f "
                            + "precision %.3f, trivial recall %.3f precision %.3f", evaluation.n(), evaluation.auc(),
                    evaluation.topological().recall(), evaluation.topological().precision(),
                    evaluation.trivial().recall(), evaluation.trivial().precision()));
        }
        return new TrainingResult(artifact, history, best.epoch(), best.validationLoss(), best.validationAccuracy(),
                validation.stream().map(LabelledSample::id).toList(),
                split.test().stream().map(LabelledSample::id).toList(), test);
    }

    /**
     * Scores {@code samples} with the artifact's deterministic inference path (no MC dropout) and evaluates
     * the result at threshold 0.5.
     */
    public static Evaluation evaluate(ModelArtifact artifact, List<LabelledSample> samples) throws IOException {
        List<Scored> scored = new ArrayList<>(samples.size());
        try (DjlScorer scorer = new DjlScorer(artifact, 0)) {
            for (int from = 0; from < samples.size(); from += EVALUATION_BATCH) {
                List<LabelledSample> batch = samples.subList(from, Math.min(samples.size(), from + EVALUATION_BATCH));
                List<Prediction> predictions = scorer.scoreAll(batch.stream().map(LabelledSample::tensor).toList());
                for (int i = 0; i < batch.size(); i++) {
                    LabelledSample s = batch.get(i);
                    scored.add(new Scored(s.id(), List.copyOf(s.tensor().presentElements().keySet()),
                            s.topological(), predictions.get(i).probability()));
                }
            }
        }
        return Evaluation.of(scored);
    }

    /** The test metrics stored in the artifact: {@code test_auc}, {@code test_<class>_<metric>}, ... */
    public static Map<String, Double> testMetrics(Evaluation e) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("test_samples", (double) e.n());
        m.put("test_auc", e.auc());
        for (Map.Entry<String, ClassMetrics> c : Map.of("topological", e.topological(), "trivial", e.trivial())
                .entrySet()) {
            m.put("test_" + c.getKey() + "_recall", c.getValue().recall());
            m.put("test_" + c.getKey() + "_precision", c.getValue().precision());
            m.put("test_" + c.getKey() + "_f1", c.getValue().f1());
        }
        long correct = e.confusion().truePositive() + e.confusion().trueNegative();
        m.put("test_accuracy", (double) correct / e.n());
        return m;
    }

    /** One training example: a training sample, shifted by {@code shiftEv} (0: as measured), and its weight. */
    record Example(LabelledSample sample, double shiftEv, float weight) {}

    /** The training split as examples: each sample as is and, with a shift, also shifted both ways. */
    static List<Example> examples(List<LabelledSample> train, SampleWeights weights, double shiftEv) {
        List<Example> out = new ArrayList<>(train.size() * (shiftEv > 0 ? 3 : 1));
        for (LabelledSample s : train) {
            float w = (float) weights.weight(s);
            out.add(new Example(s, 0, w));
            if (shiftEv > 0) {
                out.add(new Example(s, shiftEv, w));
                out.add(new Example(s, -shiftEv, w));
            }
        }
        return out;
    }

    /** One pass over the training examples in the given order; returns the mean batch loss (no L2 term). */
    /** Called after each batch of an epoch with the 1-based batch, the batch count and the mean loss so far. */
    private interface BatchCallback {
        void done(int batch, int batches, double meanLoss);
    }

    private double trainEpoch(Trainer trainer, TopoNetBlock block, List<Example> examples, List<Integer> order,
            ChannelStandardizer standardizer, int batchSize, BatchCallback callback) {
        int totalBatches = (order.size() + batchSize - 1) / batchSize;
        double lossSum = 0;
        int batches = 0;
        List<Parameter> kernels = block.kernels();
        float lambda = (float) config.kernelL2();
        for (int from = 0; from < order.size(); from += batchSize) {
            List<Example> batch = new ArrayList<>();
            for (int i = from; i < Math.min(from + batchSize, order.size()); i++) {
                batch.add(examples.get(order.get(i)));
            }
            try (NDManager manager = trainer.getManager().newSubManager()) {
                SparseBatch inputs = SparseBatch.of(batch.stream().map(TopoNetTrainer::tensor).toList(), standardizer);
                NDList labels = labelsAndWeights(manager, batch);
                // The scope frees every temporary of the forward and backward pass, including the L2 terms
                // computed from the parameters (which would otherwise live as long as the model).
                try (NDScope scope = new NDScope();
                        GradientCollector collector = trainer.newGradientCollector()) {
                    scope.suppressNotUsedWarning();
                    // The sparse-channel forward: the dense network's function (and gradients) on the 2–7
                    // present channels per sample instead of all 81; see TopoNetBlock.jointActivations.
                    ParameterStore parameters = new ParameterStore(manager, false);
                    NDArray joint = block.jointActivations(parameters, inputs.rows(manager), inputs.slots(manager),
                            block.absentChannelFeatures(parameters, manager), inputs.symmetry(manager));
                    NDArray dropped = Dropout.dropout(joint, (float) config.dropout(), true).singletonOrThrow();
                    NDList predictions = new NDList(block.head(parameters, dropped));
                    NDArray loss = trainer.getLoss().evaluate(labels, predictions);
                    NDArray objective = loss;
                    if (lambda > 0) {
                        for (Parameter kernel : kernels) {
                            objective = objective.add(kernel.getArray().square().sum().mul(lambda));
                        }
                    }
                    collector.backward(objective);
                    lossSum += loss.getFloat();
                    batches++;
                }
                trainer.step();
            }
            callback.done(batches, totalBatches, lossSum / batches);
        }
        return lossSum / batches;
    }

    /** Inference-mode probabilities for the samples, in order (sparse-channel forward, dropout off). */
    private static float[] predict(Trainer trainer, TopoNetBlock block, List<LabelledSample> samples,
            ChannelStandardizer standardizer, int batchSize) {
        float[] out = new float[samples.size()];
        for (int from = 0; from < samples.size(); from += batchSize) {
            List<LabelledSample> batch = samples.subList(from, Math.min(from + batchSize, samples.size()));
            try (NDManager manager = trainer.getManager().newSubManager()) {
                SparseBatch inputs = SparseBatch.of(batch.stream().map(LabelledSample::tensor).toList(), standardizer);
                ParameterStore parameters = new ParameterStore(manager, false);
                NDArray joint = block.jointActivations(parameters, inputs.rows(manager), inputs.slots(manager),
                        block.absentChannelFeatures(parameters, manager), inputs.symmetry(manager));
                float[] p = block.head(parameters, joint).toFloatArray();
                System.arraycopy(p, 0, out, from, p.length);
            }
        }
        return out;
    }

    private static SampleTensor tensor(Example example) {
        return example.shiftEv() == 0 ? example.sample().tensor()
                : Augmentation.shift(example.sample().tensor(), example.shiftEv());
    }

    private static NDList labelsAndWeights(NDManager manager, List<Example> batch) {
        int n = batch.size();
        float[] y = new float[n];
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = batch.get(i).sample().topological() ? 1f : 0f;
            w[i] = batch.get(i).weight();
        }
        return new NDList(manager.create(y, new Shape(n, 1)), manager.create(w, new Shape(n, 1)));
    }

    private static boolean[] labels(List<LabelledSample> samples) {
        boolean[] out = new boolean[samples.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = samples.get(i).topological();
        }
        return out;
    }

    private static double accuracy(float[] probabilities, boolean[] labels) {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if ((probabilities[i] >= 0.5f) == labels[i]) {
                correct++;
            }
        }
        return (double) correct / labels.length;
    }

    /**
     * SHA-256 (hex) over the samples' tensors and labels in the given order: for each sample the float
     * values (IEEE-754 bits, big-endian), the 81 presence flags as bytes, the space group (int) and the
     * label (one byte). Ids are not included, so renaming samples keeps the hash.
     */
    public static String trainingDataHash(List<LabelledSample> samples) {
        MessageDigest digest = ModelArtifact.sha256Digest();
        ByteBuffer buffer = ByteBuffer.allocate(SampleTensor.SIZE * Float.BYTES + ElementChannels.CHANNELS + 5);
        for (LabelledSample sample : samples) {
            SampleTensor tensor = sample.tensor();
            buffer.clear();
            for (float v : tensor.values()) {
                buffer.putFloat(v);
            }
            for (boolean p : tensor.present()) {
                buffer.put((byte) (p ? 1 : 0));
            }
            buffer.putInt(tensor.spaceGroup());
            buffer.put((byte) (sample.topological() ? 1 : 0));
            digest.update(buffer.array(), 0, buffer.position());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
