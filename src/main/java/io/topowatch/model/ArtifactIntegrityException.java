package io.topowatch.model;

/**
 * A model artifact is incomplete, tampered with, or inconsistent: a file named in (or required by) the
 * manifest is missing, its SHA-256 does not match, or the parameters do not fit the recorded config.
 * The message names the offending file.
 */
public class ArtifactIntegrityException extends IllegalStateException {

    private final String file;

    public ArtifactIntegrityException(String file, String message) {
        super(message);
        this.file = file;
    }

    public ArtifactIntegrityException(String file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The artifact file (name relative to the artifact directory) that failed the check. */
    public String file() {
        return file;
    }
}
