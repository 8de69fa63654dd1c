package io.topowatch.train;

import java.util.List;

/**
 * One evaluated sample: its true class and the model's probability that it is topological.
 *
 * @param elements the absorbing elements the sample contains, for per-element tables
 */
public record Scored(String id, List<String> elements, boolean topological, double probability) {

    public Scored {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + probability + " for " + id);
        }
        elements = List.copyOf(elements);
    }
}
