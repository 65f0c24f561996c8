package io.hexmirror.transfer;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A generation of the mirror a bundle was exported from, as the bundle names it.
 *
 * @param number its number
 * @param id its id
 * @param createdAt when the source mirror made it
 */
public record GenerationRef(long number, String id, Instant createdAt) {
    public GenerationRef {
        requireNonNull(id, "id is null");
        requireNonNull(createdAt, "createdAt is null");
        if (number < 1) {
            throw new IllegalArgumentException("generation number must be at least 1, not " + number);
        }
    }
}
