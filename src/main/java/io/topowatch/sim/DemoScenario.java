package io.topowatch.sim;

import java.util.List;
import java.util.Map;

/**
 * The demo's experiment: three samples swept from 0 to 9 T in 0.5 T steps at 10 K.
 * <ul>
 *   <li>MgO (Fm-3m, trivial in the labels) stays trivial: its mass never reaches 2.</li>
 *   <li>Bi2Se3 (R-3m, a topological insulator in the labels) stays topological.</li>
 *   <li>GeTe (Fm-3m, trivial in the labels) is driven through a band inversion at
 *       {@link #CROSSING_FIELD_T} = 4.25 T.</li>
 * </ul>
 */
public final class DemoScenario {

    public static final String CROSSING_SAMPLE = "GeTe-1";
    public static final double CROSSING_FIELD_T = 4.25;

    private DemoScenario() {}

    public static Experiment experiment(String id, long seed) {
        List<SimulatedSample> samples = List.of(
                sample("MgO-1", "Mg1O1", 225, false, new SampleState(3.4, 0.05, 0.0)),
                sample("Bi2Se3-1", "Bi2Se3", 166, true, new SampleState(1.0, 0.02, 0.0)),
                sample(CROSSING_SAMPLE, "Ge1Te1", 225, false,
                        new SampleState(SampleState.CRITICAL_MASS + 0.1 * CROSSING_FIELD_T, 0.1, 0.0)));
        return new Experiment(id, samples, Experiment.sweep(0.0, 9.0, 19), 10.0, seed);
    }

    private static SimulatedSample sample(String name, String formula, int spaceGroup, boolean topological,
            SampleState state) {
        Material material = new Material(formula, MaterialLabels.elementsOf(formula), spaceGroup, topological, "demo");
        Map<String, Double> shifts = Map.of();
        Map<String, Double> coupling = new java.util.HashMap<>();
        material.elements().forEach(e -> coupling.put(e, 0.8));
        return new SimulatedSample(name, material, state, shifts, Map.copyOf(coupling));
    }
}
