package io.topowatch.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.topowatch.ingest.ScanRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrajectoryQueriesTest {

    @TempDir
    Path stateDir;

    private PipelineDriver p;
    private TrajectoryQueries queries;

    @BeforeEach
    void setUp() {
        p = new PipelineDriver(stateDir, PipelineDriver.unbatched());
        queries = new TrajectoryQueries(() -> p.driver.getKeyValueStore(ScanTopology.TRAJECTORY_STORE));
    }

    @AfterEach
    void tearDown() {
        p.close();
    }

    @Test
    void anExperimentsPointsComeBackPerSampleOrderedByControlVariableWhateverTheArrivalOrder() {
        // setpoints out of order, sample by sample, so arrival order is not control order
        List<Integer> setpoints = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6));
        Collections.shuffle(setpoints, new Random(5));
        List<ScanRecord> all = PipelineDriver.demoScans();
        for (int setpoint : setpoints) {
            all.stream().filter(s -> s.setpoint() == setpoint).forEach(p::send);
        }

        assertThat(queries.experiments()).containsExactly("exp-t");
        List<TrajectoryQueries.SampleTrajectory> trajectories = queries.experiment("exp-t");
        assertThat(trajectories).extracting(TrajectoryQueries.SampleTrajectory::sample)
                .containsExactly("Bi2Se3-1", "GeTe-1", "MgO-1");
        for (TrajectoryQueries.SampleTrajectory t : trajectories) {
            List<Double> fields = t.points().stream().map(pt -> pt.control().get("field_T")).toList();
            assertThat(fields).hasSize(7).isSorted();
        }
        assertThat(queries.sample("exp-t", "GeTe-1")).extracting(TrajectoryPoint::setpoint)
                .containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(queries.experiment("exp")).isEmpty();
    }

    @Test
    void sortableEncodingOrdersNegativeAndPositiveValues() {
        double[] values = {-3.5, -0.0, 0.0, 1e-9, 2.0, 10.0, 1e6};
        for (int i = 1; i < values.length; i++) {
            assertThat(TrajectoryRecorder.sortable(values[i - 1]).compareTo(TrajectoryRecorder.sortable(values[i])))
                    .as("%s < %s", values[i - 1], values[i]).isLessThan(0);
        }
    }

    @Test
    void sortableEncodingIsSixteenHexDigitsAndOrdersRandomValues() {
        Random random = new Random(7);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            values.add((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(12) - 6));
        }
        values.sort(null);
        for (int i = 0; i < values.size(); i++) {
            String key = TrajectoryRecorder.sortable(values.get(i));
            assertThat(key).hasSize(16).matches("[0-9a-f]{16}");
            if (i > 0 && values.get(i - 1) < values.get(i)) {
                assertThat(TrajectoryRecorder.sortable(values.get(i - 1))).isLessThan(key);
            }
        }
    }
}
