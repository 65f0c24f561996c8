package io.hexmirror.transfer;

import static java.util.Objects.requireNonNull;

/**
 * What an import did.
 *
 * @param outcome whether the bundle was applied or was already in the mirror
 * @param previousGeneration the mirror's generation before (0 for none)
 * @param generation the mirror's generation after
 * @param mirrorId the id of the mirror the bundle came from
 * @param filesWritten files published
 * @param filesRemoved files removed
 * @param bytesWritten bytes published
 */
public record ImportResult(Outcome outcome, long previousGeneration, long generation, String mirrorId, long filesWritten,
        long filesRemoved, long bytesWritten) {

    /** How an import ended. */
    public enum Outcome {
        /** The bundle was verified and published; the mirror is at the bundle's target generation. */
        IMPORTED,
        /** The mirror already had everything the bundle brings; nothing was changed. */
        ALREADY_APPLIED
    }

    public ImportResult {
        requireNonNull(outcome, "outcome is null");
        requireNonNull(mirrorId, "mirrorId is null");
    }
}
