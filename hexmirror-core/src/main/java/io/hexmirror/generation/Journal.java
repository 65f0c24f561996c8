package io.hexmirror.generation;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What one generation changed.
 *
 * @param generation the generation
 * @param base the generation it was made on top of (0 for none): the previous one for a sync; for
 *     an import, the bundle's base generation, so the entries are everything that changed between
 *     {@code base} and {@code generation}
 * @param entries one entry per path, in path order
 */
public record Journal(Generation generation, long base, List<JournalEntry> entries) {
    public Journal {
        requireNonNull(generation, "generation is null");
        entries = List.copyOf(entries);
        if (base < 0 || base >= generation.number()) {
            throw new IllegalArgumentException("base " + base + " of " + generation.describe() + " must be from 0 to "
                    + (generation.number() - 1));
        }
    }
}
