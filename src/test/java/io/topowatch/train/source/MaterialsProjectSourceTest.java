package io.topowatch.train.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topowatch.train.LabelledSample;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaterialsProjectSourceTest {

    @TempDir
    Path dir;

    private Path docs() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("xas"));
        Files.writeString(folder.resolve("mp-1-bi.json"), Fixtures.mpDocument("mp-1", "Bi2Se3", "Bi", "K", 166, 1.0));
        Files.createDirectories(folder.resolve("sub"));
        Files.writeString(folder.resolve("sub/mp-1-se.json"),
                "{\"data\": [" + Fixtures.mpDocument("mp-1", "Bi2Se3", "Se", "K", 166, 1.0) + ", "
                        + Fixtures.mpDocument("mp-1", "Bi2Se3", "Se", "L3", 166, 1.0) + "]}");
        Files.writeString(folder.resolve("mp-2.json"), Fixtures.mpDocument("mp-2", "GeTe", "Ge", "K", null, 3.0));
        Files.writeString(folder.resolve("mp-3.json"), Fixtures.mpDocument("mp-3", "MgO", "Mg", "K", 225, 3.0));
        Files.writeString(folder.resolve("notes.txt"), "not a document");
        return folder;
    }

    @Test
    void documentsOfOneMaterialFormOneSampleJoinedOnMaterialId() throws Exception {
        Path labels = dir.resolve("labels.csv");
        Files.writeString(labels, "material_id,label,space_group\nmp-1,topological,\nmp-2,trivial,160\nmp-9,trivial,\n");

        MaterialsProjectSource.Result r = MaterialsProjectSource.read(docs(), labels);

        assertThat(r.samples()).extracting(LabelledSample::id).containsExactly("mp-1", "mp-2");
        LabelledSample bi2se3 = r.samples().get(0);
        assertThat(bi2se3.tensor().presentElements().keySet()).containsExactlyInAnyOrder("Bi", "Se");
        assertThat(bi2se3.tensor().spaceGroup()).isEqualTo(166);
        assertThat(bi2se3.topological()).isTrue();
        assertThat(bi2se3.group()).isEqualTo("Bi2Se3");
        assertThat(r.samples().get(1).tensor().spaceGroup()).as("from the labels: the document has none").isEqualTo(160);
        assertThat(r.notes()).anyMatch(n -> n.contains("no usable K-edge XANES document for mp-9"))
                .anyMatch(n -> n.startsWith("1 document(s) of other edges"))
                .anyMatch(n -> n.startsWith("1 document(s) of materials not in"));
    }

    @Test
    void withoutMaterialIdsTheLabelsJoinOnTheReducedFormula() throws Exception {
        Path labels = dir.resolve("labels.csv");
        Files.writeString(labels, "formula,label\nSe3Bi2,1\nMg2O2,0\n");

        MaterialsProjectSource.Result r = MaterialsProjectSource.read(docs(), labels);

        assertThat(r.samples()).extracting(LabelledSample::id).containsExactly("Bi2Se3", "Mg1O1");
        assertThat(r.samples()).extracting(LabelledSample::topological).containsExactly(true, false);
    }

    @Test
    void badLabelsAndDocumentsAreReportedWithFileLineAndExpectation() throws Exception {
        Path folder = docs();
        Files.writeString(folder.resolve("broken.json"), "{\"material_id\": \"mp-1\", ");
        Files.writeString(folder.resolve("no-element.json"),
                Fixtures.mpDocument("mp-3", "MgO", "Mg", "K", 225, 3.0).replace("\"absorbing_element\": \"Mg\",", ""));
        Path labels = dir.resolve("labels.csv");
        Files.writeString(labels, "material_id,label\nmp-1,topological\nmp-2,yes\n,trivial\nmp-1,trivial\nmp-2,1\n");

        assertThatThrownBy(() -> MaterialsProjectSource.read(folder, labels))
                .isInstanceOf(TrainingDataException.class)
                .hasMessageContaining(labels + ":3: label is 'yes', expected topological or trivial")
                .hasMessageContaining(labels + ":4: material_id is empty, expected the material's id")
                .hasMessageContaining(labels + ":5: material mp-1 is labelled again, expected one row per material "
                        + "(first on line 2)")
                .hasMessageContaining(folder.resolve("broken.json") + ":1: not valid JSON")
                .hasMessageContaining(folder.resolve("no-element.json") + ": absorbing_element missing")
                .hasMessageContaining("mp-2: no space group, expected symmetry.number in its documents or a "
                        + "space_group column in " + labels);
    }

    @Test
    void aLabelsFileWithoutTheColumnsOrAMissingFolderIsNamed() throws Exception {
        Path labels = dir.resolve("labels.csv");
        Files.writeString(labels, "name,class\nx,1\n");
        assertThatThrownBy(() -> MaterialsProjectSource.read(docs(), labels))
                .hasMessageContaining(labels + ":1: neither 'material_id' nor 'formula' column");
        assertThatThrownBy(() -> MaterialsProjectSource.read(dir.resolve("none"), labels))
                .hasMessageContaining("none: not a folder");
    }

    @Test
    void aDocumentAsTheApiReturnsItIsReadAndATooShortSpectrumNamed() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("mp"));
        Files.copy(Path.of("src/test/resources/xdi/mp/mp-30-xanes-cu-k.json"), folder.resolve("mp-30.json"));
        Path labels = dir.resolve("labels.csv");
        Files.writeString(labels, "material_id,formula,label\nmp-30,Cu,trivial\n");

        // The fixture is the API's shape with the spectrum cut to 7 points: too few to normalise.
        assertThatThrownBy(() -> MaterialsProjectSource.read(folder, labels))
                .hasMessage("unusable training data: " + folder.resolve("mp-30.json")
                        + ": spectrum: 7 points, expected at least 10");
    }
}
