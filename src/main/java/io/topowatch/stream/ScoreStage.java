package io.topowatch.stream;

import io.topowatch.model.Prediction;
import io.topowatch.model.Scorer;
import java.time.Clock;
import java.util.List;

/** A complete sample assembly → the classifier's probability. */
final class ScoreStage {

    static final String NAME = "score";

    private final Scorer scorer;
    private final Clock clock;

    ScoreStage(Scorer scorer, Clock clock) {
        this.scorer = scorer;
        this.clock = clock;
    }

    Outcome<SampleScore> apply(String key, SampleAssembly assembly) {
        try {
            Prediction p = scorer.score(assembly.tensor());
            return Outcome.ok(new SampleScore(assembly.experiment(), assembly.sample(), assembly.setpoint(),
                    assembly.control(), assembly.spaceGroup(), List.copyOf(assembly.spectra().keySet()),
                    assembly.scanIds(), p.probability(), p.uncertainty(), p.modelVersion(), clock.instant()));
        } catch (RuntimeException e) {
            return Outcome.failed(DeadLetters.of(NAME, e, key, assembly));
        }
    }
}
