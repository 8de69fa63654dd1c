package io.topowatch.train.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topowatch.spectrum.ElementChannels;
import io.topowatch.train.LabelledSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaperCsvSourceTest {

    @TempDir
    Path dir;

    private static String window(double level) {
        double[] v = new double[ElementChannels.POINTS];
        for (int i = 0; i < v.length; i++) {
            v[i] = level + i / 200.0;
        }
        return Fixtures.list(v, ", ");
    }

    @Test
    void readsWindowColumnsAndRawSpectraPerElement() throws Exception {
        double[][] bi = Fixtures.spectrum("Bi", 1.0);
        Path file = dir.resolve("paper.csv");
        Files.writeString(file, "id,formula,space_group,label,Se,Bi_energy,Bi_mu,notes\n"
                + "icsd-1,Bi2Se3,166,topological,\"[" + window(0.1) + "]\",\"" + Fixtures.list(bi[0], " ") + "\",\""
                + Fixtures.list(bi[1], " ") + "\",a TI\n"
                + "# a comment line\n"
                + "icsd-2,Se4Bi2,12,trivial,\"" + window(0.2) + "\",,,\n");

        List<LabelledSample> samples = PaperCsvSource.read(file);

        assertThat(samples).hasSize(2);
        LabelledSample a = samples.get(0);
        assertThat(a.id()).isEqualTo("icsd-1");
        assertThat(a.topological()).isTrue();
        assertThat(a.group()).isEqualTo("Bi2Se3");
        assertThat(a.tensor().spaceGroup()).isEqualTo(166);
        assertThat(a.tensor().presentElements().keySet()).containsExactlyInAnyOrder("Bi", "Se");
        float[] se = a.tensor().channel(ElementChannels.indexOf("Se").getAsInt());
        assertThat(se[0]).isEqualTo(0.1f);
        assertThat(se[199]).isCloseTo(0.1f + 199 / 200f, org.assertj.core.data.Offset.offset(1e-5f));
        float[] normalisedBi = a.tensor().channel(ElementChannels.indexOf("Bi").getAsInt());
        assertThat(normalisedBi[199]).as("normalised: about 1 above the edge").isBetween(0.5f, 1.5f);
        LabelledSample b = samples.get(1);
        assertThat(b.topological()).isFalse();
        assertThat(b.group()).isEqualTo("Bi1Se2");
        assertThat(b.tensor().presentElements().keySet()).containsExactly("Se");
    }

    @Test
    void everyBadCellIsReportedWithFileLineColumnAndWhatWasExpected() throws Exception {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "id,formula,space_group,label,Se\n"
                + "a,Bi2Se3,166,maybe,\"" + window(0.1) + "\"\n"
                + "b,Bi2Se3,0,trivial,\"" + window(0.1) + "\"\n"
                + "c,Bi2Se3,166,trivial,\"1 2 3\"\n"
                + "d,Bi2Se3,166,trivial,\"1 x 3\"\n"
                + "e,Bi2Se3,166,trivial,\n"
                + "f,Bi2Se3,166\n"
                + "g,Bi2Se3,166,trivial,\"unclosed\n");

        assertThatThrownBy(() -> PaperCsvSource.read(file))
                .isInstanceOf(TrainingDataException.class)
                .satisfies(e -> assertThat(((TrainingDataException) e).problems()).containsExactly(
                        file + ":7: 3 fields, expected 5 as in the header",
                        file + ":8: unbalanced double quote, expected a quoted field to end on its line",
                        file + ":2: label is 'maybe', expected topological or trivial (also 1/0, true/false)",
                        file + ":3: space_group is '0', expected a space group number 1-230",
                        file + ":4: Se has 3 values, expected 200 (the spectrum on Se's window), or give Se_energy"
                                + " and Se_mu",
                        file + ":5: Se value 2 is 'x', expected a finite number",
                        file + ":6: no spectrum, expected at least one element column with values"))
                .hasMessageStartingWith("7 problems in the training data:");
    }

    @Test
    void missingColumnsAndBadRawSpectraAreNamed() throws Exception {
        Path noColumns = dir.resolve("columns.csv");
        Files.writeString(noColumns, "name,Xx\nfoo,1\n");
        assertThatThrownBy(() -> PaperCsvSource.read(noColumns)).hasMessageContaining(noColumns + ":1: no 'formula' column")
                .hasMessageContaining(noColumns + ":1: no 'space_group' column")
                .hasMessageContaining(noColumns + ":1: no 'label' column")
                .hasMessageContaining(noColumns + ":1: no spectrum column");

        Path raw = dir.resolve("raw.csv");
        Files.writeString(raw, "formula,sg,class,Fe_energy,Fe_mu,Cu_energies\n"
                + "Fe1O1,225,1,\"7100 7101 7102\",\"1 2\",\n"
                + "Fe1O1,225,1,\"7100 7099 7102 7103 7104 7105 7106 7107 7108 7109\",\"1 2 3 4 5 6 7 8 9 10\",\n");
        assertThatThrownBy(() -> PaperCsvSource.read(raw))
                .hasMessageContaining(raw + ":1: column 'Cu_energies' has no partner, expected Cu_mu beside it");
        Files.writeString(raw, "formula,sg,class,Fe_energy,Fe_mu\n"
                + "Fe1O1,225,1,\"7100 7101 7102\",\"1 2\"\n"
                + "Fe1O1,225,1,\"7100 7099 7102 7103 7104 7105 7106 7107 7108 7109\",\"1 2 3 4 5 6 7 8 9 10\"\n");
        assertThatThrownBy(() -> PaperCsvSource.read(raw))
                .hasMessageContaining(raw + ":2: Fe_energy/Fe_mu: 3 energies but 2 intensities, expected as many")
                .hasMessageContaining(raw + ":3: Fe_energy/Fe_mu: energy 7099.0 at point 2 does not increase");
        assertThatThrownBy(() -> PaperCsvSource.read(dir.resolve("missing.csv")))
                .hasMessageContaining("missing.csv: no such file");
    }
}
