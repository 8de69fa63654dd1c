package io.topowatch.train.source;

import java.util.List;

/**
 * Training data that cannot be used, with every problem found: each names the file, the line or field, and
 * what was expected ({@code labels.csv:4: label is 'maybe', expected topological or trivial}). The message
 * lists the first {@value #SHOWN} problems, so the CLI prints them without a stack trace.
 */
public final class TrainingDataException extends IllegalArgumentException {

    static final int SHOWN = 20;

    private final List<String> problems;

    public TrainingDataException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in the order found. */
    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        StringBuilder b = new StringBuilder();
        b.append(problems.size() == 1 ? "unusable training data: " : problems.size() + " problems in the training data:");
        if (problems.size() == 1) {
            return b.append(problems.get(0)).toString();
        }
        problems.stream().limit(SHOWN).forEach(p -> b.append(System.lineSeparator()).append("  ").append(p));
        if (problems.size() > SHOWN) {
            b.append(System.lineSeparator()).append("  … and ").append(problems.size() - SHOWN).append(" more");
        }
        return b.toString();
    }
}
