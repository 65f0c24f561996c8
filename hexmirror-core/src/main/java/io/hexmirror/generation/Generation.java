package io.hexmirror.generation;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Locale;

/**
 * One recorded state of a mirror. Every change to a mirror (a sync that changed something, an
 * import) makes a new generation whose number is larger than every earlier one; a mirror nobody
 * has recorded yet is "at generation 0".
 *
 * @param number 1 or more, growing with each generation (an imported generation keeps the number
 *     it had in the mirror it was exported from, so numbers can skip)
 * @param id a random UUID that tells this generation from any other with the same number
 * @param mirrorId the id of the mirror whose history this generation belongs to: a mirror made by
 *     importing bundles carries the id of the mirror they were exported from
 * @param createdAt when the generation was made (in the mirror that made it)
 * @param origin what made it
 */
public record Generation(long number, String id, String mirrorId, Instant createdAt, Origin origin) {
    /** What made a generation. */
    public enum Origin {
        /** A sync from upstream. */
        SYNC,
        /** Importing a bundle. */
        IMPORT,
        /** Changes found on the storage after a writer stopped before recording them. */
        RECOVERED,
        /** The files a mirror already held when it started recording generations. */
        BASELINE;

        /** The lowercase name used in files and messages. */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming the unknown text */
        public static Origin parse(String text) {
            for (Origin origin : values()) {
                if (origin.text().equals(text)) {
                    return origin;
                }
            }
            throw new IllegalArgumentException("unknown origin '" + text + "'");
        }
    }

    public Generation {
        requireNonNull(id, "id is null");
        requireNonNull(mirrorId, "mirrorId is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(origin, "origin is null");
        if (number < 1) {
            throw new IllegalArgumentException("generation number must be at least 1, not " + number);
        }
        if (id.isBlank() || mirrorId.isBlank()) {
            throw new IllegalArgumentException("generation and mirror ids must not be blank");
        }
    }

    /** For messages: {@code generation 7 (id 3f0c...)}. */
    public String describe() {
        return "generation " + number + " (id " + id + ")";
    }
}
