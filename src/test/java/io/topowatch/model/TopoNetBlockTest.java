package io.topowatch.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.topowatch.spectrum.ElementChannels;
import io.topowatch.spectrum.SymmetryEncoding;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TopoNetBlockTest {

    private static final int BATCH = 4;

    private NDManager manager;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(7);
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void outputIsOneProbabilityPerSample() {
        TopoNetBlock block = initialised(TopoNetConfig.defaults(), ElementChannels.CHANNELS);

        NDArray out = forward(block, randomInputs(BATCH, ElementChannels.CHANNELS, 3)).singletonOrThrow();

        assertThat(out.getShape()).isEqualTo(new Shape(BATCH, 1));
        for (float p : out.toFloatArray()) {
            assertThat(p).isStrictlyBetween(0f, 1f);
        }
        assertThat(block.getOutputShapes(TopoNetBlock.inputShapes(BATCH))).containsExactly(new Shape(BATCH, 1));
    }

    @Test
    void parameterCountMatchesTheConfigWithAndWithoutSymmetry() {
        TopoNetBlock full = initialised(TopoNetConfig.defaults(), ElementChannels.CHANNELS);
        TopoNetConfig core = TopoNetConfig.defaults().withUseSymmetry(false);
        TopoNetBlock spectraOnly = initialised(core, ElementChannels.CHANNELS);

        assertThat(full.parameterCount()).isEqualTo(TopoNetConfig.DEFAULT_PARAMETER_COUNT)
                .isEqualTo(TopoNetConfig.defaults().parameterCount());
        assertThat(spectraOnly.parameterCount()).isEqualTo(core.parameterCount())
                .isLessThan(full.parameterCount());
        assertThat(forward(spectraOnly, randomInputs(BATCH, ElementChannels.CHANNELS, 2)).singletonOrThrow()
                .getShape()).isEqualTo(new Shape(BATCH, 1));
    }

    @Test
    void kernelsAreSharedAcrossElementChannels() {
        TopoNetConfig config = TopoNetConfig.defaults();
        TopoNetBlock all = initialised(config, ElementChannels.CHANNELS);
        TopoNetBlock three = initialised(config, 3);

        List<Shape> kernelShapes = all.kernels().stream().map(Parameter::getShape).toList();
        // (filters, input filters, kernel): no axis for the 81 element channels.
        assertThat(kernelShapes).containsExactly(new Shape(8, 1, 5), new Shape(8, 8, 5), new Shape(4, 8, 5));
        assertThat(three.kernels().stream().map(Parameter::getShape).toList()).isEqualTo(kernelShapes);
        // Only the spectral dense layer's input width depends on the channel count.
        long perChannelDenseWeights = (long) 4 * config.pooledLength() * config.spectralDenseUnits();
        assertThat(all.parameterCount() - three.parameterCount())
                .isEqualTo((ElementChannels.CHANNELS - 3) * perChannelDenseWeights);
        assertThat(config.convParameterCount()).isEqualTo(540);
    }

    @Test
    void parameterCountDoesNotDependOnHowManyChannelsArePresent() {
        TopoNetBlock block = initialised(TopoNetConfig.defaults(), ElementChannels.CHANNELS);
        long before = block.parameterCount();

        forward(block, randomInputs(BATCH, ElementChannels.CHANNELS, 1));
        forward(block, randomInputs(BATCH, ElementChannels.CHANNELS, 2));
        forward(block, randomInputs(BATCH, ElementChannels.CHANNELS, 40));

        assertThat(block.parameterCount()).isEqualTo(before);
    }

    @Test
    void oneSpectrumGivesTheSameFeaturesInWhicheverChannelItSits() {
        TopoNetConfig config = TopoNetConfig.defaults();
        TopoNetBlock block = initialised(config, ElementChannels.CHANNELS);
        float[] spectrum = new float[ElementChannels.POINTS];
        Random random = new Random(3);
        for (int i = 0; i < spectrum.length; i++) {
            spectrum[i] = (float) random.nextGaussian();
        }
        int perChannel = config.convFilters().get(2) * config.pooledLength();

        float[] inChannel5 = features(block, spectrum, 5);
        float[] inChannel50 = features(block, spectrum, 50);

        // The same kernels see every channel: moving the spectrum only moves its features.
        assertThat(Arrays.copyOfRange(inChannel5, 5 * perChannel, 6 * perChannel))
                .containsExactly(Arrays.copyOfRange(inChannel50, 50 * perChannel, 51 * perChannel))
                .isNotEqualTo(new float[perChannel]);
    }

    private float[] features(TopoNetBlock block, float[] spectrum, int channel) {
        float[] spectra = new float[ElementChannels.CHANNELS * ElementChannels.POINTS];
        System.arraycopy(spectrum, 0, spectra, channel * ElementChannels.POINTS, spectrum.length);
        NDArray input = manager.create(spectra, new Shape(1, ElementChannels.CHANNELS, ElementChannels.POINTS));
        return block.spectralFeatureBlock().forward(new ParameterStore(manager, false), new NDList(input), false)
                .singletonOrThrow().toFloatArray();
    }

    private TopoNetBlock initialised(TopoNetConfig config, int channels) {
        TopoNetBlock block = new TopoNetBlock(config, channels);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, channels, ElementChannels.POINTS),
                new Shape(1, SymmetryEncoding.LENGTH));
        return block;
    }

    private NDList forward(TopoNetBlock block, NDList inputs) {
        return block.forward(new ParameterStore(manager, false), inputs, false);
    }

    /** Random standardised-looking spectra in {@code present} channels, zeros elsewhere, random space groups. */
    private NDList randomInputs(int batch, int channels, int present) {
        Random random = new Random(present);
        float[] spectra = new float[batch * channels * ElementChannels.POINTS];
        float[] symmetry = new float[batch * SymmetryEncoding.LENGTH];
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < present; c++) {
                int channel = (c * 7) % channels;
                for (int i = 0; i < ElementChannels.POINTS; i++) {
                    spectra[(b * channels + channel) * ElementChannels.POINTS + i] = (float) random.nextGaussian();
                }
            }
            float[] oneHot = SymmetryEncoding.oneHot(1 + random.nextInt(230));
            System.arraycopy(oneHot, 0, symmetry, b * SymmetryEncoding.LENGTH, oneHot.length);
        }
        return new NDList(manager.create(spectra, new Shape(batch, channels, ElementChannels.POINTS)),
                manager.create(symmetry, new Shape(batch, SymmetryEncoding.LENGTH)));
    }
}
