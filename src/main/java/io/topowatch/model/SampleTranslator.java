package io.topowatch.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import io.topowatch.spectrum.ElementChannels;
import io.topowatch.spectrum.SampleTensor;
import io.topowatch.spectrum.SymmetryEncoding;

/**
 * Turns a {@link SampleTensor} into {@link TopoNetBlock}'s two inputs and its output back into a plain
 * probability. Input: the sample standardised per channel ((81, 200)) and its symmetry one-hot ((269));
 * the {@link Batchifier#STACK stack batchifier} adds the batch axis. Output: P(topological) as a double.
 *
 * <p>All arrays come from the context's NDManager and are freed after each prediction. Stateless apart
 * from the immutable standardiser, so one instance may serve many predictors.
 */
public final class SampleTranslator implements Translator<SampleTensor, Double> {

    private static final Shape SPECTRA_SHAPE = new Shape(ElementChannels.CHANNELS, ElementChannels.POINTS);

    private final ChannelStandardizer standardizer;

    public SampleTranslator(ChannelStandardizer standardizer) {
        this.standardizer = standardizer;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, SampleTensor sample) {
        NDManager manager = ctx.getNDManager();
        return new NDList(
                manager.create(standardizer.apply(sample), SPECTRA_SHAPE),
                manager.create(SymmetryEncoding.oneHot(sample.spaceGroup())));
    }

    @Override
    public Double processOutput(TranslatorContext ctx, NDList list) {
        return (double) list.singletonOrThrow().getFloat();
    }

    @Override
    public Batchifier getBatchifier() {
        return Batchifier.STACK;
    }
}
