package io.topowatch.model;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import io.topowatch.train.LabelledSample;
import io.topowatch.train.SyntheticSamples;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Artifacts with seeded random (untrained) weights, for tests that need a model but not a trained one. */
final class TestArtifacts {

    private TestArtifacts() {}

    static ModelArtifact untrained(String version, int seed) throws IOException {
        TopoNetConfig config = TopoNetConfig.defaults();
        List<LabelledSample> samples = SyntheticSamples.generate(20, seed);
        ChannelStandardizer standardizer = ChannelStandardizer.fit(
                samples.stream().map(LabelledSample::tensor).toList());
        ModelMetadata metadata = new ModelMetadata("2025-01-01T00:00:00Z", seed, "0".repeat(64),
                Map.of("validationAccuracy", 0.5));
        Engine.getInstance().setRandomSeed(seed);
        try (Model model = Model.newInstance(ModelArtifact.MODEL_NAME)) {
            TopoNetBlock block = new TopoNetBlock(config);
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, TopoNetBlock.inputShapes(1));
            return ModelArtifact.fromModel(version, config, standardizer, metadata, model);
        }
    }
}
