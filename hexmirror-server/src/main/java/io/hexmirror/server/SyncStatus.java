package io.hexmirror.server;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of the background sync's history, as shown on the home page.
 *
 * @param lastSuccess the most recent run that succeeded, if any
 * @param lastFailure the most recent run that failed, if any
 * @param runs how many runs have finished, successful or not
 * @param running whether a run is in progress right now
 */
public record SyncStatus(Optional<Run> lastSuccess, Optional<Run> lastFailure, long runs, boolean running) {

    /**
     * One finished run.
     *
     * @param number its position among all runs, from 1
     * @param finishedAt when it ended
     * @param took how long it ran
     * @param message the outcome's summary for a success, the error for a failure
     */
    public record Run(long number, Instant finishedAt, Duration took, String message) {
        public Run {
            requireNonNull(finishedAt, "finishedAt is null");
            requireNonNull(took, "took is null");
            requireNonNull(message, "message is null");
        }
    }

    public SyncStatus {
        requireNonNull(lastSuccess, "lastSuccess is null");
        requireNonNull(lastFailure, "lastFailure is null");
    }

    /** The status before any run. */
    public static SyncStatus initial() {
        return new SyncStatus(Optional.empty(), Optional.empty(), 0, false);
    }

    /**
     * True when the latest finished run failed, so the mirror serves an older state than intended.
     */
    public boolean failing() {
        if (lastFailure.isEmpty()) {
            return false;
        }
        return lastSuccess.isEmpty() || lastFailure.get().number() > lastSuccess.get().number();
    }
}
