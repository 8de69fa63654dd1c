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
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import io.topowatch.model.ChannelStandardizer;
import io.topowatch.model.ModelArtifact;
import io.topowatch.model.ModelMetadata;
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
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link TopoNetBlock} the way the seed paper describes (section 1.2): a seeded split stratified
 * by class, per-channel standardisation fitted on the training split only, positives weighted by
 * n_negative / n_positive against the class imbalance, Adam on binary cross-entropy plus λ·Σw² on the
 * convolution kernels, and early stopping on the validation loss, keeping the best epoch's parameters.
 *
 * <p>Reproducible: the seed fixes the split, the per-epoch shuffles (a {@link Random}), and the engine's
 * generator (initialisation, dropout), so the same samples, options and config give the same parameters
 * on the same machine and engine build.
 */
public final class TopoNetTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(TopoNetTrainer.class);

    private final TopoNetConfig config;

    public TopoNetTrainer() {
        this(TopoNetConfig.defaults());
    }

    public TopoNetTrainer(TopoNetConfig config) {
        this.config = config;
    }

    /**
     * Trains a model; the returned {@link TrainingResult} holds it in memory (nothing is written to disk).
     *
     * @throws IllegalArgumentException if a class has fewer than two samples or the validation split would
     *                                  be empty
     * @throws IOException              if DJL cannot stage the parameters
     */
    public TrainingResult train(List<LabelledSample> samples, TrainingOptions options) throws IOException {
        Random random = new Random(options.seed());
        Split split = Split.stratified(samples, options.validationFraction(), random);
        List<LabelledSample> train = split.train();
        List<LabelledSample> validation = split.validation();

        ChannelStandardizer standardizer = ChannelStandardizer.fit(
                train.stream().map(LabelledSample::tensor).toList());
        long positives = train.stream().filter(LabelledSample::topological).count();
        double positiveWeight = (double) (train.size() - positives) / positives;
        boolean[] validationLabels = labels(validation);
        LOG.info("training TopoNet ({} parameters) on {} samples ({} topological, positive weight {}), "
                        + "validating on {}", config.parameterCount(), train.size(), positives,
                String.format(Locale.ROOT, "%.3f", positiveWeight), validation.size());

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
                for (int i = 0; i < train.size(); i++) {
                    order.add(i);
                }
                int sinceBest = 0;
                for (int epoch = 1; epoch <= options.epochs(); epoch++) {
                    long start = System.nanoTime();
                    Collections.shuffle(order, random);
                    double trainLoss = trainEpoch(trainer, block, train, order, standardizer, positiveWeight,
                            options.batchSize());
                    float[] probabilities = predict(trainer, validation, standardizer, options.batchSize());
                    double validationLoss = WeightedBinaryCrossEntropy.evaluate(probabilities, validationLabels,
                            positiveWeight);
                    double accuracy = accuracy(probabilities, validationLabels);
                    EpochStats stats = new EpochStats(epoch, trainLoss, validationLoss, accuracy,
                            (System.nanoTime() - start) / 1e9);
                    history.add(stats);
                    boolean improved = best == null || validationLoss < best.validationLoss();
                    LOG.info(String.format(Locale.ROOT,
                            "epoch %3d/%d  loss %.4f  val_loss %.4f  val_acc %.3f  %.1fs%s", epoch,
                            options.epochs(), trainLoss, validationLoss, accuracy, stats.seconds(),
                            improved ? "  *" : ""));
                    if (improved) {
                        best = stats;
                        bestParameters = ModelArtifact.parameterBytes(model);
                        sinceBest = 0;
                    } else if (++sinceBest >= options.patience()) {
                        LOG.info("early stop: no lower validation loss for {} epochs; keeping epoch {}",
                                options.patience(), best.epoch());
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
        metrics.put("validationSamples", (double) validation.size());
        metrics.put("positiveWeight", positiveWeight);
        ModelMetadata metadata = new ModelMetadata(Instant.now().toString(), options.seed(),
                trainingDataHash(samples), metrics);
        ModelArtifact artifact = new ModelArtifact(options.version(), config, standardizer, metadata,
                bestParameters);
        return new TrainingResult(artifact, history, best.epoch(), best.validationLoss(), best.validationAccuracy(),
                validation.stream().map(LabelledSample::id).toList());
    }

    /** One pass over the training split in the given order; returns the mean batch loss (no L2 term). */
    private double trainEpoch(Trainer trainer, TopoNetBlock block, List<LabelledSample> train, List<Integer> order,
            ChannelStandardizer standardizer, double positiveWeight, int batchSize) {
        double lossSum = 0;
        int batches = 0;
        List<Parameter> kernels = block.kernels();
        float lambda = (float) config.kernelL2();
        for (int from = 0; from < order.size(); from += batchSize) {
            List<LabelledSample> batch = new ArrayList<>();
            for (int i = from; i < Math.min(from + batchSize, order.size()); i++) {
                batch.add(train.get(order.get(i)));
            }
            try (NDManager manager = trainer.getManager().newSubManager()) {
                NDList inputs = inputs(manager, batch, standardizer);
                NDList labels = labelsAndWeights(manager, batch, positiveWeight);
                // The scope frees every temporary of the forward and backward pass, including the L2 terms
                // computed from the parameters (which would otherwise live as long as the model).
                try (NDScope scope = new NDScope();
                        GradientCollector collector = trainer.newGradientCollector()) {
                    scope.suppressNotUsedWarning();
                    NDList predictions = trainer.forward(inputs, labels);
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
        }
        return lossSum / batches;
    }

    /** Inference-mode probabilities for the samples, in order. */
    private static float[] predict(Trainer trainer, List<LabelledSample> samples, ChannelStandardizer standardizer,
            int batchSize) {
        float[] out = new float[samples.size()];
        for (int from = 0; from < samples.size(); from += batchSize) {
            List<LabelledSample> batch = samples.subList(from, Math.min(from + batchSize, samples.size()));
            try (NDManager manager = trainer.getManager().newSubManager()) {
                float[] p = trainer.evaluate(inputs(manager, batch, standardizer)).singletonOrThrow().toFloatArray();
                System.arraycopy(p, 0, out, from, p.length);
            }
        }
        return out;
    }

    private static NDList inputs(NDManager manager, List<LabelledSample> batch, ChannelStandardizer standardizer) {
        int n = batch.size();
        float[] spectra = new float[n * SampleTensor.SIZE];
        float[] symmetry = new float[n * SymmetryEncoding.LENGTH];
        for (int i = 0; i < n; i++) {
            SampleTensor tensor = batch.get(i).tensor();
            standardizer.applyInto(tensor, spectra, i * SampleTensor.SIZE);
            System.arraycopy(SymmetryEncoding.oneHot(tensor.spaceGroup()), 0, symmetry,
                    i * SymmetryEncoding.LENGTH, SymmetryEncoding.LENGTH);
        }
        return new NDList(
                manager.create(spectra, new Shape(n, ElementChannels.CHANNELS, ElementChannels.POINTS)),
                manager.create(symmetry, new Shape(n, SymmetryEncoding.LENGTH)));
    }

    private static NDList labelsAndWeights(NDManager manager, List<LabelledSample> batch, double positiveWeight) {
        int n = batch.size();
        float[] y = new float[n];
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            boolean positive = batch.get(i).topological();
            y[i] = positive ? 1f : 0f;
            w[i] = positive ? (float) positiveWeight : 1f;
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

    /** The seeded class-stratified train/validation split. */
    record Split(List<LabelledSample> train, List<LabelledSample> validation) {

        /**
         * Shuffles each class with {@code random} and holds out round(fraction × class size) of it, keeping
         * at least one sample of each class for training. Samples are told apart by identity, so duplicate
         * records are allowed.
         */
        static Split stratified(List<LabelledSample> samples, double fraction, Random random) {
            List<LabelledSample> positives = new ArrayList<>();
            List<LabelledSample> negatives = new ArrayList<>();
            for (LabelledSample s : samples) {
                (s.topological() ? positives : negatives).add(s);
            }
            if (positives.size() < 2 || negatives.size() < 2) {
                throw new IllegalArgumentException("need at least 2 topological and 2 trivial samples, got "
                        + positives.size() + " and " + negatives.size());
            }
            Set<LabelledSample> held = Collections.newSetFromMap(new IdentityHashMap<>());
            for (List<LabelledSample> cls : List.of(positives, negatives)) {
                Collections.shuffle(cls, random);
                held.addAll(cls.subList(0, (int) Math.min(cls.size() - 1, Math.round(fraction * cls.size()))));
            }
            // Both parts keep the input order, so what is fitted on them depends only on which samples
            // they hold.
            List<LabelledSample> train = new ArrayList<>();
            List<LabelledSample> validation = new ArrayList<>();
            for (LabelledSample s : samples) {
                (held.contains(s) ? validation : train).add(s);
            }
            if (validation.isEmpty()) {
                throw new IllegalArgumentException("validation split is empty: " + samples.size()
                        + " samples at fraction " + fraction);
            }
            return new Split(train, validation);
        }
    }
}
