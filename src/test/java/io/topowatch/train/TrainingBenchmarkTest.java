package io.topowatch.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opt-in timing of training at a realistic size: 2000 synthetic samples, default batch size, a few epochs.
 * Run with {@code mvn test -Dtest=TrainingBenchmarkTest -Dtopowatch.bench=true}; it logs seconds per
 * epoch and the process's resident memory, which must not keep growing from epoch to epoch.
 */
@EnabledIfSystemProperty(named = "topowatch.bench", matches = "true")
class TrainingBenchmarkTest {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingBenchmarkTest.class);

    @Test
    void timesEpochsOnTwoThousandSamples() throws Exception {
        List<LabelledSample> samples = SyntheticSamples.generate(2000, 1);
        int epochs = Integer.getInteger("topowatch.bench.epochs", 3);
        long rssBefore = residentKb();

        TrainingResult result = new TopoNetTrainer().train(samples,
                TrainingOptions.defaults().withEpochs(epochs).withVersion("bench"));

        for (EpochStats e : result.history()) {
            LOG.info("bench epoch {}: {} s", e.epoch(), String.format("%.2f", e.seconds()));
        }
        LOG.info("bench resident memory: {} MB before, {} MB after", rssBefore / 1024, residentKb() / 1024);
        assertThat(result.history()).hasSize(epochs);
    }

    private static long residentKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
