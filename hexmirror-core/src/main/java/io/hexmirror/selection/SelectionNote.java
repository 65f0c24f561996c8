package io.hexmirror.selection;

import static java.util.Objects.requireNonNull;

/**
 * Something a user should know about how a selection was made: an entry that was skipped or could
 * not be satisfied. Notes never stop a computation; errors are thrown instead.
 *
 * @param severity {@link Severity#INFO} for an expected skip (a git dependency in a lock file, a
 *                 dependency on another repository), {@link Severity#WARNING} when the result may
 *                 lack something the user asked for (package not found upstream, a requirement
 *                 that matches no release)
 * @param message  a complete sentence naming the package, version and source concerned
 */
public record SelectionNote(Severity severity, String message) {
    public enum Severity { INFO, WARNING }

    public SelectionNote {
        requireNonNull(severity, "severity is null");
        requireNonNull(message, "message is null");
    }

    static SelectionNote info(String message) {
        return new SelectionNote(Severity.INFO, message);
    }

    static SelectionNote warning(String message) {
        return new SelectionNote(Severity.WARNING, message);
    }

    @Override
    public String toString() {
        return severity + ": " + message;
    }
}
