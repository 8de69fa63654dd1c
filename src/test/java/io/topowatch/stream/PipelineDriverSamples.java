package io.topowatch.stream;

import io.topowatch.ingest.ScanRecord;
import io.topowatch.spectrum.SampleTensor;

/** A real sample tensor from the demo scenario, for scorer tests. */
final class PipelineDriverSamples {

    private PipelineDriverSamples() {}

    static SampleTensor tensor() {
        SampleAssembly assembly = null;
        for (ScanRecord scan : PipelineDriver.demoScans("GeTe-1", 0)) {
            NormalizedScan n = NormalizeStage.normalize(scan);
            assembly = assembly == null ? SampleAssembly.open(n, 0, 0) : assembly.add(n, 0).assembly();
        }
        return assembly.tensor();
    }
}
