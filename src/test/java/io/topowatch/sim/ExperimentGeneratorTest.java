package io.topowatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.topowatch.ingest.ScanRecord;
import io.topowatch.ingest.ScanValidator;
import io.topowatch.stream.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ExperimentGeneratorTest {

    private static final ExperimentGenerator.Options OPTIONS = ExperimentGenerator.Options.defaults();

    @Test
    void theSameSeedGivesByteIdenticalScansAndGroundTruth() {
        Experiment a = ExperimentGenerator.generate("x", 5, OPTIONS);
        Experiment b = ExperimentGenerator.generate("x", 5, OPTIONS);
        assertThat(json(a.scans(Instant.EPOCH))).isEqualTo(json(b.scans(Instant.EPOCH)));
        assertThat(Json.write(a.groundTruth())).isEqualTo(Json.write(b.groundTruth()));
        assertThat(json(ExperimentGenerator.generate("x", 6, OPTIONS).scans(Instant.EPOCH)))
                .isNotEqualTo(json(a.scans(Instant.EPOCH)));
        assertThat(json(DemoScenario.experiment("d", 3).scans(Instant.EPOCH)))
                .isEqualTo(json(DemoScenario.experiment("d", 3).scans(Instant.EPOCH)));
    }

    @Test
    void zeroFieldStateMatchesTheRealLabelAndTheConfiguredFractionCrosses() {
        int crossing = 0;
        int n = 120;
        for (long seed = 1; seed <= n; seed++) {
            Experiment e = ExperimentGenerator.generate("e" + seed, seed, OPTIONS.withCrossingFraction(0.3)
                    .withStrainFraction(0.5));
            SimulatedSample s = e.samples().get(0);
            assertThat(s.state().topologicalAt(0, 0)).as("seed %d: %s", seed, s.material().formula())
                    .isEqualTo(s.material().topological());
            GroundTruth.SampleTruth truth = e.groundTruth().samples().get(0);
            if (truth.crosses()) {
                crossing++;
                assertThat(truth.criticalPoints()).as("one gap closing").hasSize(1);
                double critical = truth.criticalPoints().get(0);
                // The invariant changes exactly once, between the setpoints around the critical value.
                List<GroundTruth.SetpointTruth> points = truth.setpoints();
                int changes = 0;
                for (int i = 1; i < points.size(); i++) {
                    if (points.get(i).chern() != points.get(i - 1).chern()) {
                        changes++;
                        assertThat(critical).isBetween(points.get(i - 1).value(), points.get(i).value());
                    }
                }
                assertThat(changes).isEqualTo(1);
            } else {
                assertThat(truth.criticalPoints()).isEmpty();
                assertThat(truth.setpoints()).allSatisfy(p -> assertThat(p.topological())
                        .isEqualTo(s.material().topological()));
            }
        }
        assertThat(crossing).isBetween(20, 55);
    }

    @Test
    void realisticScansPassValidationAndMixModesGridsAndDeliveryFaults() {
        List<ScanRecord> all = new ArrayList<>();
        int measured = 0;
        for (long seed = 1; seed <= 20; seed++) {
            Experiment e = ExperimentGenerator.generate("r" + seed, seed, OPTIONS);
            measured += e.sweep().setpoints() * e.samples().get(0).material().elements().size();
            List<ScanRecord> scans = e.scans(Instant.EPOCH);
            scans.forEach(ScanValidator::validate);
            all.addAll(scans);
        }
        assertThat(all.stream().filter(s -> s.ifluor() != null)).isNotEmpty()
                .allSatisfy(s -> assertThat(s.it()).isNull());
        assertThat(all.stream().filter(s -> s.it() != null)).isNotEmpty();
        assertThat(all.stream().map(s -> s.energy().length).collect(Collectors.toSet())).hasSizeGreaterThan(10);
        assertThat(all.size()).as("some scans go missing").isLessThan(measured);
        boolean outOfOrder = false;
        for (int i = 1; i < all.size(); i++) {
            outOfOrder |= all.get(i).experiment().equals(all.get(i - 1).experiment())
                    && all.get(i).timestamp().isBefore(all.get(i - 1).timestamp());
        }
        assertThat(outOfOrder).as("some scans arrive after their successor").isTrue();
    }

    @Test
    void calibrationOffsetsStayWithinOneElectronVolt() {
        SimulatedSample s = DemoScenario.experiment("c", 1).samples().get(0);
        Beamline shifted = new Beamline(2e5, 0, 0.03, 0, 1.0, false, 0, 0);
        double[] nominal = ScanGenerator.energyGrid(io.topowatch.spectrum.Elements.bySymbol("Mg").orElseThrow()
                .kEdgeEv());
        List<Double> offsets = new ArrayList<>();
        for (int k = 0; k < 50; k++) {
            ScanRecord scan = ScanGenerator.scan("c", s, "Mg", 0, java.util.Map.of(ScanRecord.FIELD_T, 0.0),
                    Instant.EPOCH, new java.util.SplittableRandom(k), shifted);
            offsets.add(scan.energy()[0] - nominal[0]);
            assertThat(scan.energy()[100] - nominal[100]).isCloseTo(offsets.get(k),
                    org.assertj.core.api.Assertions.within(1e-9));
        }
        assertThat(offsets).allSatisfy(o -> assertThat(Math.abs(o)).isLessThanOrEqualTo(1.0));
        assertThat(offsets.stream().mapToDouble(Math::abs).max().orElseThrow()).isGreaterThan(0.8);
    }

    @Test
    void theDemoKeepsItsCrossingAtFourPointTwoFiveTesla() {
        GroundTruth truth = DemoScenario.experiment("d", 1).groundTruth();
        GroundTruth.SampleTruth geTe = truth.samples().stream()
                .filter(s -> s.sample().equals(DemoScenario.CROSSING_SAMPLE)).findFirst().orElseThrow();
        assertThat(geTe.criticalPoints()).hasSize(1);
        assertThat(geTe.criticalPoints().get(0)).isCloseTo(DemoScenario.CROSSING_FIELD_T,
                org.assertj.core.api.Assertions.within(1e-9));
        assertThat(truth.samples()).filteredOn(s -> !s.sample().equals(DemoScenario.CROSSING_SAMPLE))
                .allSatisfy(s -> assertThat(s.crosses()).isFalse());
    }

    private static String json(List<ScanRecord> scans) {
        return scans.stream().map(Json::write).collect(Collectors.joining("\n"));
    }
}
