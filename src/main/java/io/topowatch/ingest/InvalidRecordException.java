package io.topowatch.ingest;

/** A record that cannot be used, with the field at fault and what was expected there. */
public class InvalidRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidRecordException(String field, String message) {
        super(field == null ? message : field + ": " + message);
        this.field = field;
    }

    /** The JSON field (or "$" for the whole record) the problem is in. */
    public String field() {
        return field;
    }
}
