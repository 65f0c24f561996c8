package io.hexmirror.generation;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A change to a mirror that started and has not been recorded as a generation yet. While it is
 * running this is normal; found later (with no writer holding the mirror's lock) it means the
 * writer stopped half-way: a sync's changes are then found by comparing the storage with the
 * journal, and an import must be run again.
 *
 * @param operation {@code sync} for changes recorded by a {@link GenerationRecorder} (a sync), or
 *     {@code import}
 * @param baseGeneration the mirror's generation when the change started (0 for none)
 * @param startedAt when it started
 * @param importing for an import, the generation the bundle brings
 */
public record PendingChange(String operation, long baseGeneration, Instant startedAt, Optional<Generation> importing) {
    public static final String SYNC = "sync";
    public static final String IMPORT = "import";

    public PendingChange {
        requireNonNull(operation, "operation is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(importing, "importing is null");
        if (!operation.equals(SYNC) && !operation.equals(IMPORT)) {
            throw new IllegalArgumentException("unknown operation '" + operation + "'");
        }
        if (operation.equals(IMPORT) != importing.isPresent()) {
            throw new IllegalArgumentException("an import, and only an import, names the generation it brings");
        }
        if (baseGeneration < 0) {
            throw new IllegalArgumentException("baseGeneration is negative: " + baseGeneration);
        }
    }

    /** For messages. */
    public String describe() {
        return importing.map(g -> "an import of " + g.describe() + " of mirror " + g.mirrorId())
                .orElse("a sync") + " started at " + startedAt + " on generation " + baseGeneration;
    }
}
