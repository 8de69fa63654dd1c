package io.topowatch.spectrum.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Whatever the content, a reader returns data with diagnostics; it never throws. */
class ReaderPropertiesTest {

    private static final String XDI_START = "# XDI/1.0 GSE/1.0\n# Column.1: energy eV\n# Element.symbol: Cu\n";

    @Property(tries = 300)
    void garbageLinesNeverMakeTheXdiReaderThrow(@ForAll @Size(max = 30) List<@StringLength(max = 60) String> lines) {
        XasData d = XdiReader.parse("p.xdi", XDI_START + String.join("\n", lines));
        assertThat(d.diagnostics()).allSatisfy(x -> assertThat(x.message()).doesNotContain("\n"));
        assertThat(d.isUsable()).isEqualTo(d.errors().isEmpty());
    }

    @Property(tries = 300)
    void arbitraryTextNeverMakesAnyReaderThrow(@ForAll @StringLength(max = 400) String text) {
        XasData xdi = XdiReader.parse("p.xdi", text);
        XasData columns = ColumnFileReader.parse("p.dat", text, ColumnFileReader.Options.defaults());
        XasData mp = MaterialsProjectXasReader.parse("p.json", text);
        XasData any = XasFiles.parse("p", text);
        for (XasData d : List.of(xdi, columns, mp, any)) {
            assertThat(d.diagnostics()).allSatisfy(x -> assertThat(x.line()).isNotNegative());
        }
    }

    @Property(tries = 200)
    void rowsOfArbitraryTokensNeverThrow(@ForAll @Size(max = 20) List<@Size(max = 6) List<@StringLength(max = 12) String>> rows) {
        StringBuilder text = new StringBuilder(XDI_START + "# Element.edge: K\n#----\n# energy\n");
        for (List<String> row : rows) {
            text.append(String.join(" ", row)).append('\n');
        }
        XdiReader.parse("p.xdi", text.toString());
        ColumnFileReader.parse("p.dat", text.toString().replace("# XDI/1.0", "#"), ColumnFileReader.Options.defaults());
    }
}
