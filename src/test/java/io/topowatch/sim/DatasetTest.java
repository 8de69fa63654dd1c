package io.topowatch.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topowatch.train.LabelledSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {

    @TempDir
    Path dir;

    @Test
    void writesManifestAndSplitsThatReadBackAsTheSimulatedSamples() throws Exception {
        Dataset.Manifest m = Dataset.write(dir.resolve("a"), 60, 7, null);
        assertThat(m.format()).isEqualTo(Dataset.FORMAT);
        assertThat(m.simulatorVersion()).isEqualTo(Simulator.VERSION);
        assertThat(m.seed()).isEqualTo(7);
        assertThat(m.splits().keySet()).containsExactly("train", "validation", "test");
        assertThat(m.splits().values().stream().mapToInt(Dataset.SplitCounts::count).sum()).isEqualTo(60);
        assertThat(Dataset.manifest(dir.resolve("a"))).isEqualTo(m);

        List<LabelledSample> read = new ArrayList<>();
        Set<String> formulas = new HashSet<>();
        for (String split : Dataset.SPLITS) {
            List<LabelledSample> samples = Dataset.read(dir.resolve("a"), split);
            Dataset.SplitCounts c = m.splits().get(split);
            assertThat(samples).hasSize(c.count());
            assertThat(samples.stream().filter(LabelledSample::topological).count()).isEqualTo(c.topological());
            Set<String> here = new HashSet<>();
            samples.forEach(s -> here.add(s.id().substring(s.id().lastIndexOf('-') + 1)));
            assertThat(here).as("a formula never sits in two splits").noneMatch(formulas::contains);
            formulas.addAll(here);
            read.addAll(samples);
        }
        // The files hold exactly TrainingData's samples (float32 round trip is exact).
        List<LabelledSample> generated = TrainingData.generate(60, 7);
        for (LabelledSample s : read) {
            LabelledSample g = generated.stream().filter(x -> x.id().equals(s.id())).findFirst().orElseThrow();
            assertThat(s.topological()).isEqualTo(g.topological());
            assertThat(s.tensor().values()).containsExactly(g.tensor().values());
            assertThat(s.tensor().present()).containsExactly(g.tensor().present());
            assertThat(s.tensor().spaceGroup()).isEqualTo(g.tensor().spaceGroup());
        }
    }

    @Test
    void theSameSeedGivesByteIdenticalFiles() throws Exception {
        Dataset.write(dir.resolve("a"), 25, 11, 0.0);
        Dataset.write(dir.resolve("b"), 25, 11, 0.0);
        for (String f : List.of("manifest.json", "train.jsonl", "validation.jsonl", "test.jsonl")) {
            assertThat(Files.readAllBytes(dir.resolve("a").resolve(f)))
                    .as(f).isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(f)));
        }
        assertThat(Files.readString(dir.resolve("a").resolve("manifest.json"))).contains("\"coupling\" : 0.0");
    }

    @Test
    void rejectsBadArgumentsAndForeignFolders() {
        assertThatThrownBy(() -> Dataset.write(dir, 0, 1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Dataset.write(dir, 5, 1, 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Dataset.read(dir, "train")).hasMessageContaining("no manifest.json");
    }
}
