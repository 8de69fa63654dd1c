package io.topowatch.sim;

import io.topowatch.ingest.ScanRecord;
import io.topowatch.model.Prediction;
import io.topowatch.model.Scorer;
import io.topowatch.spectrum.Preprocessing;
import io.topowatch.spectrum.SampleTensor;
import io.topowatch.spectrum.Spectrum;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a model places the demo's transition: the {@link DemoScenario} sweep simulated with a seed, every
 * sample at every setpoint preprocessed and assembled as the stream does (one scan per element), and scored
 * without Kafka. This is the check behind a model's "transition placement" in docs/MODEL.md: where the
 * crossing sample's P(topological) passes 0.5 against {@link DemoScenario#CROSSING_FIELD_T}.
 *
 * @param fieldsT       the sweep's setpoints, tesla
 * @param probabilities per sample name, P(topological) at each setpoint
 */
public record DemoTransition(List<Double> fieldsT, Map<String, double[]> probabilities) {

    /** The demo's default sweep seed, as in docs/MODEL.md. */
    public static final long DEFAULT_SEED = 11;

    public DemoTransition {
        fieldsT = List.copyOf(fieldsT);
        probabilities = Map.copyOf(probabilities);
    }

    /** Scores the demo sweep of {@code seed} with {@code scorer}. */
    public static DemoTransition score(Scorer scorer, long seed) {
        Experiment experiment = DemoScenario.experiment("demo-check", seed);
        Map<String, Map<Integer, Map<String, float[]>>> spectra = new LinkedHashMap<>();
        for (ScanRecord scan : experiment.scans(Instant.EPOCH)) {
            Preprocessing.Windowed w = Preprocessing.toWindow(new Spectrum(scan.energy(), scan.absorption()),
                    scan.element());
            spectra.computeIfAbsent(scan.sample(), s -> new TreeMap<>())
                    .computeIfAbsent(scan.setpoint(), s -> new TreeMap<>()).put(scan.element(), w.values());
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        for (SimulatedSample sample : experiment.samples()) {
            Map<Integer, Map<String, float[]>> bySetpoint = spectra.get(sample.name());
            double[] p = new double[experiment.sweep().setpoints()];
            for (int i = 0; i < p.length; i++) {
                SampleTensor tensor = SampleTensor.assemble(bySetpoint.get(i), sample.material().spaceGroup());
                Prediction prediction = scorer.score(tensor);
                p[i] = prediction.probability();
            }
            out.put(sample.name(), p);
        }
        List<Double> fields = new ArrayList<>();
        for (int i = 0; i < experiment.sweep().setpoints(); i++) {
            fields.add(experiment.sweep().fieldT(i));
        }
        return new DemoTransition(fields, out);
    }

    /**
     * The field where {@code sample}'s P(topological) first passes 0.5 going up, interpolated linearly between
     * the two setpoints around it; NaN when it never does.
     */
    public double crossingT(String sample) {
        double[] p = probabilities.get(sample);
        if (p == null) {
            throw new IllegalArgumentException("no sample '" + sample + "' in the demo, only " + probabilities.keySet());
        }
        if (p[0] >= 0.5) {
            return fieldsT.get(0);
        }
        for (int i = 1; i < p.length; i++) {
            if (p[i] >= 0.5) {
                double f = (0.5 - p[i - 1]) / (p[i] - p[i - 1]);
                return fieldsT.get(i - 1) + f * (fieldsT.get(i) - fieldsT.get(i - 1));
            }
        }
        return Double.NaN;
    }

    /** Crossing of the demo's crossing sample minus the true critical field (positive: placed late). */
    public double crossingErrorT() {
        return crossingT(DemoScenario.CROSSING_SAMPLE) - DemoScenario.CROSSING_FIELD_T;
    }

    /** Mean P of the crossing sample at setpoints below and above the critical field, as EndToEndIT checks. */
    public double[] meanBelowAndAbove() {
        double[] p = probabilities.get(DemoScenario.CROSSING_SAMPLE);
        double below = 0;
        double above = 0;
        int nb = 0;
        int na = 0;
        for (int i = 0; i < p.length; i++) {
            if (fieldsT.get(i) > DemoScenario.CROSSING_FIELD_T) {
                above += p[i];
                na++;
            } else {
                below += p[i];
                nb++;
            }
        }
        return new double[] {below / nb, above / na};
    }
}
