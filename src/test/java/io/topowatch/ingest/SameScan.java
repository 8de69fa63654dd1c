package io.topowatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

/** Two decoded records are the same: component by component, arrays bit for bit, control in the same order. */
final class SameScan {

    private SameScan() {}

    static void assertSame(ScanRecord got, ScanRecord expected) {
        assertThat(got).isNotNull();
        assertThat(got.schema()).isEqualTo(expected.schema());
        assertThat(got.scanId()).isEqualTo(expected.scanId());
        assertThat(got.experiment()).isEqualTo(expected.experiment());
        assertThat(got.sample()).isEqualTo(expected.sample());
        assertThat(got.setpoint()).isEqualTo(expected.setpoint());
        assertThat(got.element()).isEqualTo(expected.element());
        assertThat(got.edge()).isEqualTo(expected.edge());
        assertThat(got.control()).isEqualTo(expected.control());
        assertThat(got.control() == null ? null : List.copyOf(got.control().keySet()))
                .isEqualTo(expected.control() == null ? null : List.copyOf(expected.control().keySet()));
        assertThat(got.spaceGroup()).isEqualTo(expected.spaceGroup());
        assertThat(got.sampleElements()).isEqualTo(expected.sampleElements());
        String[] names = {"energy", "mu", "i0", "it", "if"};
        double[][] g = {got.energy(), got.mu(), got.i0(), got.it(), got.ifluor()};
        double[][] e = {expected.energy(), expected.mu(), expected.i0(), expected.it(), expected.ifluor()};
        for (int k = 0; k < names.length; k++) {
            assertThat(bits(g[k])).as(names[k]).isEqualTo(bits(e[k]));
        }
        assertThat(got.timestamp()).isEqualTo(expected.timestamp());
    }

    static long[] bits(double[] a) {
        return a == null ? null : Arrays.stream(a).mapToLong(Double::doubleToRawLongBits).toArray();
    }
}
