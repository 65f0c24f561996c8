package io.hexmirror.sync;

import static java.util.Objects.requireNonNull;

/**
 * Something a sync could not mirror.
 *
 * @param subject what failed, as a repository path such as {@code tarballs/plug-1.10.0.tar}
 * @param message why, in words a user can act on
 */
public record SyncFailure(String subject, String message) {
    public SyncFailure {
        requireNonNull(subject, "subject is null");
        requireNonNull(message, "message is null");
    }

    @Override
    public String toString() {
        return subject + ": " + message;
    }
}
