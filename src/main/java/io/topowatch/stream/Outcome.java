package io.topowatch.stream;

/** A stage's result: a value to pass on, or the dead letter explaining why there is none. */
public record Outcome<T>(T value, DeadLetter deadLetter) {

    public static <T> Outcome<T> ok(T value) {
        return new Outcome<>(value, null);
    }

    public static <T> Outcome<T> failed(DeadLetter deadLetter) {
        return new Outcome<>(null, deadLetter);
    }

    public boolean isOk() {
        return deadLetter == null;
    }
}
