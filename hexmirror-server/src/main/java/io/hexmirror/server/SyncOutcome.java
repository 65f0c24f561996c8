package io.hexmirror.server;

import static java.util.Objects.requireNonNull;

/**
 * What a successful {@link SyncJob} run did, in words for people.
 *
 * @param summary one line such as "3 packages updated, 5 tarballs fetched"; never null, may be empty
 */
public record SyncOutcome(String summary) {
    public SyncOutcome {
        requireNonNull(summary, "summary is null");
    }

    public static SyncOutcome of(String summary) {
        return new SyncOutcome(summary);
    }
}
