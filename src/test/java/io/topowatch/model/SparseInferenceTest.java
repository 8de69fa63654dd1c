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
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sparse-channel inference path gives the dense network's output. */
class SparseInferenceTest {

    private static final int BATCH = 16;
    private static final double TOLERANCE = 1e-5;
    private static final int C = ElementChannels.CHANNELS;
    private static final int P = ElementChannels.POINTS;

    private NDManager manager;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(11);
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void sparseChannelInferenceEqualsDenseOnRandomTensorsWithTwoToSevenChannels(boolean useSymmetry) {
        TopoNetBlock block = new TopoNetBlock(TopoNetConfig.defaults().withUseSymmetry(useSymmetry));
        block.initialize(manager, DataType.FLOAT32, TopoNetBlock.inputShapes(1));
        randomiseBiases(block, new Random(3));
        Random random = new Random(5);

        for (int trial = 0; trial < 3; trial++) {
            float[] spectra = new float[BATCH * C * P];
            float[] symmetry = new float[BATCH * SymmetryEncoding.LENGTH];
            long[] slots = new long[BATCH * C];
            int rows = 0;
            float[] rowValues = new float[BATCH * 7 * P];
            for (int b = 0; b < BATCH; b++) {
                int present = 2 + random.nextInt(6);
                int placed = 0;
                while (placed < present) {
                    int c = random.nextInt(C);
                    if (slots[b * C + c] != 0) {
                        continue;
                    }
                    for (int i = 0; i < P; i++) {
                        float v = (float) random.nextGaussian();
                        spectra[(b * C + c) * P + i] = v;
                        rowValues[rows * P + i] = v;
                    }
                    slots[b * C + c] = ++rows;
                    placed++;
                }
                System.arraycopy(SymmetryEncoding.oneHot(1 + random.nextInt(230)), 0, symmetry,
                        b * SymmetryEncoding.LENGTH, SymmetryEncoding.LENGTH);
            }
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray sym = manager.create(symmetry, new Shape(BATCH, SymmetryEncoding.LENGTH));
            float[] dense = block.forward(ps, new NDList(manager.create(spectra, new Shape(BATCH, C, P)), sym), false)
                    .singletonOrThrow().toFloatArray();

            NDArray absent = block.absentChannelFeatures(ps, manager);
            float[] sparse = block.head(ps, block.jointActivations(ps,
                    manager.create(java.util.Arrays.copyOf(rowValues, rows * P), new Shape(rows, P)),
                    manager.create(slots), absent, sym)).toFloatArray();

            // The test means something only if an absent channel's features are not zeros.
            assertThat(absent.abs().max().getFloat()).isGreaterThan(0.01f);
            assertThat(sparse).hasSize(BATCH);
            for (int b = 0; b < BATCH; b++) {
                assertThat((double) sparse[b]).isCloseTo(dense[b], org.assertj.core.api.Assertions.within(TOLERANCE));
            }
        }
    }

    /** DJL initialises biases to 0; random ones make an all-zero row's features non-zero, as after training. */
    private static void randomiseBiases(TopoNetBlock block, Random random) {
        for (var entry : block.getParameters()) {
            Parameter p = entry.getValue();
            if (p.getType() == Parameter.Type.BIAS) {
                NDArray array = p.getArray();
                float[] values = new float[(int) array.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (0.5 * random.nextGaussian());
                }
                array.set(values);
            }
        }
    }
}
