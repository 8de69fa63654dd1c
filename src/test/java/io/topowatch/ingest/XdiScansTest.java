package io.topowatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topowatch.spectrum.format.MuSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XdiScansTest {

    static String resource(String name) throws IOException {
        try (InputStream in = XdiScansTest.class.getResourceAsStream("/xdi/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** cu_metal_rt.xdi with TopoWatch header fields added after the version line. */
    static String cuWithTopoWatchHeader() throws IOException {
        String text = resource("cu_metal_rt.xdi");
        int eol = text.indexOf('\n');
        return text.substring(0, eol).strip() + " TopoWatch/1\n"
                + "# TopoWatch.experiment: exp-xdi\n"
                + "# TopoWatch.setpoint: 3\n"
                + "# TopoWatch.field_T: 1.5\n"
                + "# TopoWatch.space_group: 225\n"
                + text.substring(eol + 1);
    }

    @Test
    void headerFieldsGiveTheScanRecord() throws IOException {
        ScanRecord scan = XdiScans.parse("cu.xdi", cuWithTopoWatchHeader(), ScanOverrides.none(), MuSource.auto());
        assertThat(scan.experiment()).isEqualTo("exp-xdi");
        assertThat(scan.sample()).isEqualTo("Cu"); // Sample.name
        assertThat(scan.setpoint()).isEqualTo(3);
        assertThat(scan.element()).isEqualTo("Cu");
        assertThat(scan.edge()).isEqualTo("K");
        assertThat(scan.control()).containsEntry("field_T", 1.5);
        assertThat(scan.spaceGroup()).isEqualTo(225);
        assertThat(scan.sampleElements()).containsExactly("Cu");
        assertThat(scan.scanId()).isEqualTo("exp-xdi/Cu/3/Cu/cu.xdi");
        assertThat(scan.timestamp()).isEqualTo(Instant.parse("2001-06-26T22:27:31Z"));
        assertThat(scan.mu()).hasSize(scan.energy().length);
        assertThat(scan.i0()).isNull();
    }

    @Test
    void commandLineValuesWinOverTheHeader() throws IOException {
        ScanOverrides o = new ScanOverrides("exp-cli", "foil-2", 7, Map.of("field_T", 2.0, "temperature_K", 10.0),
                229, List.of("Cu"));
        ScanRecord scan = XdiScans.parse("cu.xdi", cuWithTopoWatchHeader(), o, MuSource.auto());
        assertThat(scan.experiment()).isEqualTo("exp-cli");
        assertThat(scan.sample()).isEqualTo("foil-2");
        assertThat(scan.setpoint()).isEqualTo(7);
        assertThat(scan.control()).containsEntry("field_T", 2.0).containsEntry("temperature_K", 10.0);
        assertThat(scan.spaceGroup()).isEqualTo(229);
    }

    @Test
    void aPlainXdiFileNeedsTheMissingMetadataFromTheCommandLine() throws IOException {
        String plain = resource("cu_metal_rt.xdi");
        assertThatThrownBy(() -> XdiScans.parse("cu.xdi", plain, ScanOverrides.none(), MuSource.auto()))
                .isInstanceOf(XdiScans.ScanFileException.class)
                .hasMessage("cu.xdi:0: no experiment: give --experiment or a TopoWatch.experiment header field");
        ScanOverrides o = new ScanOverrides("e", null, 0, Map.of("field_T", 0.0), 225, null);
        assertThat(XdiScans.parse("cu.xdi", plain, o, MuSource.auto()).sample()).isEqualTo("Cu");
    }

    @Test
    void errorsNameTheFileAndLine() throws IOException {
        String badSetpoint = cuWithTopoWatchHeader().replace("TopoWatch.setpoint: 3", "TopoWatch.setpoint: three");
        assertThatThrownBy(() -> XdiScans.parse("cu.xdi", badSetpoint, ScanOverrides.none(), MuSource.auto()))
                .hasMessage("cu.xdi:3: TopoWatch.setpoint: expected a whole number, got 'three'");
        String badElement = cuWithTopoWatchHeader().replace("Element.symbol: Cu", "Element.symbol: Ne");
        assertThatThrownBy(() -> XdiScans.parse("cu.xdi", badElement, ScanOverrides.none(), MuSource.auto()))
                .hasMessageStartingWith("cu.xdi:11: element:");
        String brokenRow = cuWithTopoWatchHeader().replace("  8789.0  144864.7", "  8789.0  x144864.7");
        assertThatThrownBy(() -> XdiScans.parse("cu.xdi", brokenRow, ScanOverrides.none(), MuSource.auto()))
                .isInstanceOf(XdiScans.ScanFileException.class).hasMessageStartingWith("cu.xdi:34: column 2:");
    }
}
