package io.topowatch.cli;

import io.topowatch.alert.DetectionEvaluation;
import io.topowatch.alert.DetectorSettings;
import io.topowatch.alert.Direction;
import io.topowatch.alert.Observation;
import io.topowatch.ingest.ScanRecord;
import io.topowatch.model.DjlScorer;
import io.topowatch.model.ModelArtifact;
import io.topowatch.model.Prediction;
import io.topowatch.sim.Beamline;
import io.topowatch.sim.DemoScenario;
import io.topowatch.sim.Experiment;
import io.topowatch.sim.ExperimentGenerator;
import io.topowatch.sim.GroundTruth;
import io.topowatch.sim.Sweep;
import io.topowatch.spectrum.Preprocessing;
import io.topowatch.spectrum.SampleTensor;
import io.topowatch.spectrum.Spectrum;
import io.topowatch.stream.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Evaluates transition detection on simulated sweeps with known critical values: simulate, assemble each
 * setpoint's scans in delivery order as the stream does, score with the model, run the detector, compare.
 */
@Command(name = "detect-eval", mixinStandardHelpOptions = true,
        description = "Score simulated field/strain sweeps with a model, run the transition detector and report "
                + "interval coverage of the true critical value, false alarms, detection delay and misses.")
final class DetectEvalCommand implements Callable<Integer> {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final String CACHE_FORMAT = "topowatch.detect-eval-points/1";

    @Option(names = "--sweeps", defaultValue = "100", paramLabel = "N",
            description = "Simulated sweeps (default ${DEFAULT-VALUE}).")
    int sweeps;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Sweep i uses seed S + i (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--setpoints", defaultValue = "19", paramLabel = "N",
            description = "Setpoints per sweep (default ${DEFAULT-VALUE}).")
    int setpoints;

    @Option(names = "--crossing-fraction", defaultValue = "0.5", paramLabel = "F",
            description = "Share of sweeps driven through a transition (default ${DEFAULT-VALUE}).")
    double crossingFraction;

    @Option(names = "--ideal", description = "Measure on the ideal beamline (default: the realistic one, with "
            + "glitches, calibration offsets, missing and out-of-order scans).")
    boolean ideal;

    @Option(names = "--demo", description = "Evaluate the demo's experiment instead (DemoScenario with --seed: MgO and "
            + "Bi2Se3 stay put, GeTe crosses at 4.25 T; ideal beamline); --sweeps is ignored.")
    boolean demo;

    @Option(names = "--model", defaultValue = ModelSource.BUNDLED, paramLabel = "VERSION|PATH",
            description = "'bundled' (default), a model artifact folder, or a version in the model registry.")
    String model;

    @Option(names = "--registry", paramLabel = "DIR", description = "Model registry for --model VERSION.")
    Path registry;

    @Option(names = "--points", paramLabel = "FILE",
            description = "Cache of the scored sweeps: read when it exists and matches the options, else written. "
                    + "Lets detector settings be tuned without scoring again.")
    Path points;

    @Option(names = "--outcomes", paramLabel = "FILE",
            description = "Write one JSON line per sweep: its truth and the alerts raised on it.")
    Path outcomesFile;

    @Option(names = "--json", description = "Print one JSON object: options, settings and metrics.")
    boolean json;

    @Option(names = "--hysteresis", paramLabel = "H") Double hysteresis;
    @Option(names = "--uncertainty-z", paramLabel = "Z") Double uncertaintyZ;
    @Option(names = "--uncertainty-floor", paramLabel = "S0") Double uncertaintyFloor;
    @Option(names = "--min-segment", paramLabel = "N") Integer minSegment;
    @Option(names = "--confirm-points", paramLabel = "N") Integer confirmPoints;
    @Option(names = "--min-step", paramLabel = "D") Double minStep;
    @Option(names = "--min-confidence", paramLabel = "C") Double minConfidence;
    @Option(names = "--interval-mass", paramLabel = "M") Double intervalMass;
    @Option(names = "--calibration", paramLabel = "SHIFT,TRIVIAL,TOPOLOGICAL", split = ",",
            description = "Classifier calibration in setpoint spacings: the classifier's offset from the true "
                    + "critical value (+ toward the topological side; the estimate moves back by it; the report "
                    + "prints the measured one), interval widening on the trivial and on the topological side "
                    + "(0,0,0: none).")
    double[] calibration;
    @Option(names = "--confidence-method", paramLabel = "M",
            description = "LIKELIHOOD_RATIO or PERMUTATION (detector settings not given keep their defaults, "
                    + "see DetectorSettings).")
    DetectorSettings.ConfidenceMethod confidenceMethod;

    @Mixin
    ConfigOptions configOptions;

    @Spec
    CommandSpec spec;

    /** The scored sweeps, as cached by {@code --points}. */
    record Cache(String format, long seed, int sweeps, int setpoints, double crossingFraction, boolean ideal,
            boolean demo,
            String modelVersion, List<DetectionEvaluation.Sweep> data) {}

    @Override
    public Integer call() throws Exception {
        if (sweeps < 1 || setpoints < 4) {
            throw new IllegalArgumentException("--sweeps must be >= 1 and --setpoints >= 4");
        }
        DetectorSettings settings = settings();
        Cache cache = points != null && Files.exists(points) ? readCache() : null;
        if (cache == null) {
            ModelArtifact artifact = ModelSource.resolve(model, ModelSource.registry(registry, configOptions.load()));
            cache = new Cache(CACHE_FORMAT, seed, sweeps, setpoints, crossingFraction, ideal, demo, artifact.version(),
                    score(artifact));
            if (points != null) {
                Json.MAPPER.writeValue(points.toFile(), cache);
            }
        }
        List<DetectionEvaluation.Outcome> outcomes = new ArrayList<>();
        for (DetectionEvaluation.Sweep s : cache.data()) {
            outcomes.add(DetectionEvaluation.run(s, settings, s.id(), "sample"));
        }
        DetectionEvaluation.Metrics m = DetectionEvaluation.summarise(outcomes);
        if (outcomesFile != null) {
            List<String> lines = new ArrayList<>();
            for (DetectionEvaluation.Outcome o : outcomes) {
                Map<String, Object> line = new LinkedHashMap<>();
                DetectionEvaluation.Sweep s = o.sweep();
                line.put("sweep", s.id());
                line.put("variable", s.variable());
                line.put("criticalValue", s.criticalValue());
                line.put("direction", s.direction());
                line.put("firstSetpointAfter", s.firstSetpointAfter());
                line.put("spacing", s.spacing());
                double offset = DetectionEvaluation.crossingOffset(s);
                line.put("classifierCrossingOffset", Double.isFinite(offset) ? offset : null);
                line.put("alerts", o.alerts());
                lines.add(Json.write(line));
            }
            Files.write(outcomesFile, lines);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("sweeps", cache.data().size());
            report.put("demo", demo);
            report.put("seed", seed);
            report.put("setpoints", setpoints);
            report.put("beamline", ideal || demo ? "IDEAL" : "REALISTIC");
            report.put("model", cache.modelVersion());
            report.put("settings", settings);
            report.put("metrics", m);
            double[] offsets = DetectionEvaluation.crossingOffsets(cache.data());
            Map<String, Object> crossing = new LinkedHashMap<>();
            crossing.put("sweeps", offsets.length);
            crossing.put("median", DetectionEvaluation.quantile(offsets, 0.5));
            crossing.put("p10", DetectionEvaluation.quantile(offsets, 0.1));
            crossing.put("p90", DetectionEvaluation.quantile(offsets, 0.9));
            report.put("classifierCrossingOffset", crossing);
            out.println(Json.write(report));
        } else {
            out.print(summary(m, cache.modelVersion(), settings));
            double[] offsets = DetectionEvaluation.crossingOffsets(cache.data());
            out.printf(Locale.ROOT, "classifier 0.5 crossing vs the true critical value (+ toward the topological "
                    + "side): median %+.2f spacings, 10-90 %% range %+.2f..%+.2f, over %d crossing sweeps%n",
                    DetectionEvaluation.quantile(offsets, 0.5), DetectionEvaluation.quantile(offsets, 0.1),
                    DetectionEvaluation.quantile(offsets, 0.9), offsets.length);
        }
        out.flush();
        return 0;
    }

    private Cache readCache() throws IOException {
        Cache c = Json.MAPPER.readValue(points.toFile(), Cache.class);
        boolean matches = CACHE_FORMAT.equals(c.format()) && c.seed() == seed && c.sweeps() == sweeps
                && c.setpoints() == setpoints && c.crossingFraction() == crossingFraction && c.ideal() == ideal
                && c.demo() == demo;
        if (!matches) {
            throw new IllegalArgumentException("--points " + points + " holds other sweeps (seed " + c.seed() + ", "
                    + c.sweeps() + " sweeps); remove it or name another file");
        }
        return c;
    }

    DetectorSettings settings() {
        DetectorSettings d = DetectorSettings.defaults();
        if (hysteresis != null) {
            d = d.withHysteresis(hysteresis);
        }
        if (uncertaintyZ != null) {
            d = d.withUncertaintyZ(uncertaintyZ);
        }
        if (uncertaintyFloor != null) {
            d = d.withUncertaintyFloor(uncertaintyFloor);
        }
        if (minSegment != null || confirmPoints != null) {
            int seg = minSegment != null ? minSegment : d.minSegment();
            d = d.withSegments(seg, confirmPoints != null ? confirmPoints : Math.min(d.confirmPoints(), seg));
        }
        if (minStep != null) {
            d = d.withMinStep(minStep);
        }
        if (minConfidence != null) {
            d = d.withMinConfidence(minConfidence);
        }
        if (calibration != null) {
            if (calibration.length != 3) {
                throw new IllegalArgumentException("--calibration takes three numbers: SHIFT,TRIVIAL,TOPOLOGICAL");
            }
            d = d.withCalibration(calibration[0], calibration[1], calibration[2]);
        }
        if (confidenceMethod != null) {
            d = d.withConfidenceMethod(confidenceMethod);
        }
        if (intervalMass != null) {
            d = d.withIntervalMass(intervalMass);
        }
        return d;
    }

    private List<DetectionEvaluation.Sweep> score(ModelArtifact artifact) throws IOException {
        ExperimentGenerator.Options options = ExperimentGenerator.Options.defaults().withSetpoints(setpoints)
                .withCrossingFraction(crossingFraction).withBeamline(ideal ? Beamline.IDEAL : Beamline.REALISTIC);
        List<DetectionEvaluation.Sweep> out = new ArrayList<>();
        try (DjlScorer scorer = new DjlScorer(artifact)) {
            if (demo) {
                out.addAll(scoreSweeps(DemoScenario.experiment("demo", seed), scorer));
            } else {
                for (int i = 0; i < sweeps; i++) {
                    Experiment e = ExperimentGenerator.generate("eval-" + (seed + i), seed + i, options);
                    out.addAll(scoreSweeps(e, scorer));
                }
            }
        }
        return out;
    }

    /**
     * One experiment's sweeps, one per sample: its scans in delivery order, each (sample, setpoint) scored when its
     * last element arrives (as the stream's assembly does; a setpoint with a missing scan, or a scan the
     * normalisation rejects, never is).
     */
    static List<DetectionEvaluation.Sweep> scoreSweeps(Experiment e, DjlScorer scorer) {
        Sweep sweep = e.sweep();
        String variable = sweep.variable().controlKey();
        Map<String, Map<String, float[]>> spectra = new TreeMap<>();
        Map<String, List<String>> ids = new TreeMap<>();
        List<String> completed = new ArrayList<>();
        Map<String, ScanRecord> last = new TreeMap<>();
        for (ScanRecord scan : e.scans(START)) {
            String key = scan.sample() + "/" + scan.setpoint();
            Map<String, float[]> set = spectra.computeIfAbsent(key, k -> new TreeMap<>());
            if (set.containsKey(scan.element()) || completed.contains(key)) {
                continue;
            }
            try {
                set.put(scan.element(), Preprocessing.toWindow(new Spectrum(scan.energy(), scan.absorption()),
                        scan.element()).values());
            } catch (RuntimeException rejected) {
                continue;
            }
            ids.computeIfAbsent(key, k -> new ArrayList<>()).add(scan.scanId());
            last.put(key, scan);
            if (set.keySet().containsAll(scan.sampleElements())) {
                completed.add(key);
            }
        }
        List<SampleTensor> tensors = new ArrayList<>();
        for (String key : completed) {
            tensors.add(SampleTensor.assemble(spectra.get(key), last.get(key).spaceGroup()));
        }
        List<Prediction> predictions = scorer.scoreAll(tensors);
        Map<String, List<Observation>> bySample = new LinkedHashMap<>();
        for (int i = 0; i < completed.size(); i++) {
            ScanRecord scan = last.get(completed.get(i));
            Prediction p = predictions.get(i);
            bySample.computeIfAbsent(scan.sample(), k -> new ArrayList<>()).add(new Observation(scan.setpoint(),
                    scan.control(), p.probability(), p.uncertainty(), p.modelVersion(), ids.get(completed.get(i)),
                    scan.timestamp()));
        }
        List<DetectionEvaluation.Sweep> out = new ArrayList<>();
        double spacing = Math.abs(sweep.values().get(1) - sweep.values().get(0));
        double sign = Math.signum(sweep.values().get(sweep.setpoints() - 1) - sweep.values().get(0));
        for (GroundTruth.SampleTruth truth : e.groundTruth().samples()) {
            Double critical = null;
            Direction direction = null;
            int firstAfter = -1;
            if (truth.crosses() && !truth.criticalPoints().isEmpty()) {
                critical = truth.criticalPoints().get(0);
                direction = truth.setpoints().get(0).topological() ? Direction.TOPOLOGICAL_TO_TRIVIAL
                        : Direction.TRIVIAL_TO_TOPOLOGICAL;
                for (GroundTruth.SetpointTruth t : truth.setpoints()) {
                    if (sign * (t.value() - critical) > 0) {
                        firstAfter = t.setpoint();
                        break;
                    }
                }
            }
            out.add(new DetectionEvaluation.Sweep(e.id() + " " + truth.sample(), variable, critical, direction,
                    firstAfter, spacing, List.copyOf(bySample.getOrDefault(truth.sample(), List.of()))));
        }
        return out;
    }

    static String summary(DetectionEvaluation.Metrics m, String modelVersion, DetectorSettings s) {
        return String.format(Locale.ROOT, """
                detect-eval: %d sweeps, model %s
                crossing sweeps %d: detected %d, missed %d (%d of them with no classifier step >= %.1f across the truth)
                interval contains the true critical value: %d of %d detections (%.1f %%)
                false alarms: %d (%.1f per 100 sweeps): %d on sweeps without a transition, %d in the wrong direction
                delay (setpoint that raised it − first setpoint past the critical value): \
                mean %.2f, median %.1f, range %d..%d
                critical value error: mean %.2f setpoint spacings; interval width: mean %.2f spacings
                settings: h %.2f, z %.1f, sigma0 %.2f, segment %d, confirm %d, step %.2f, \
                confidence %.2f (%s), interval mass %.2f,
                calibration %.2f/%.2f/%.2f spacings (classifier offset/trivial/topological widening)
                """, m.sweeps(), modelVersion, m.crossing(), m.detections(), m.misses(),
                m.missesWithoutSignal(), DetectionEvaluation.NO_SIGNAL_STEP, m.covered(), m.detections(),
                100 * m.coverage(), m.falseAlarms(), m.falseAlarmsPer100Sweeps(), m.falseAlarmsOnStableSweeps(),
                m.falseAlarmsWrongDirection(), m.meanDelaySetpoints(), m.medianDelaySetpoints(), m.minDelay(),
                m.maxDelay(), m.meanAbsErrorSetpoints(), m.meanIntervalWidthSetpoints(), s.hysteresis(),
                s.uncertaintyZ(), s.uncertaintyFloor(), s.minSegment(), s.confirmPoints(), s.minStep(),
                s.minConfidence(), s.confidenceMethod(), s.intervalMass(),
                s.classifierOffset(), s.trivialSideWidening(), s.topologicalSideWidening());
    }
}
