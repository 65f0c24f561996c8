package io.hexmirror.erlang;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The terms of one parsed text, in order, and where each of them starts, so that a reader of a
 * particular format (a {@code rebar.lock}, a {@code metadata.config}) can point at the term it rejects.
 * Immutable.
 *
 * <p>The parser only records each term's offset; lines and columns, and the lookup by identity, are worked
 * out on the first {@link #position} call, since most documents are read without ever asking.
 */
public final class ErlangDocument {
    private final List<Object> terms;
    private final int[] text;
    private final Object[] placed;
    private final int[] offsets;
    private final int placedCount;
    /** Built on the first {@link #position} call; building it twice in a race is harmless. */
    private volatile Index index;

    /**
     * @param text the parsed text's code points
     * @param placed the terms whose position can be asked, the first {@code placedCount} of them
     * @param offsets where each of {@code placed} starts in {@code text}
     */
    ErlangDocument(List<Object> terms, int[] text, Object[] placed, int[] offsets, int placedCount) {
        this.terms = List.copyOf(terms);
        this.text = text;
        this.placed = placed;
        this.offsets = offsets;
        this.placedCount = placedCount;
    }

    /** A 1-based line and column, counted in characters. */
    public record Position(int line, int column) {
    }

    /** The top-level terms, each of which was ended by a full stop. */
    public List<Object> terms() {
        return terms;
    }

    /**
     * Where a term of this document starts. The lookup is by identity, so it knows the very objects
     * {@link #terms()} holds (at any depth); numbers are not tracked (small boxed integers are shared
     * objects), and for them, or for an object that did not come from this document, the result is empty.
     */
    public Optional<Position> position(Object term) {
        requireNonNull(term, "term is null");
        Index built = index;
        if (built == null) {
            built = new Index();
            index = built;
        }
        Integer offset = built.byTerm.get(term);
        return offset == null ? Optional.empty() : Optional.of(built.position(offset));
    }

    /** Where each recorded term starts, by identity, and where each line of the text starts. */
    private final class Index {
        final Map<Object, Integer> byTerm = new IdentityHashMap<>(placedCount);
        final int[] lineStarts;

        Index() {
            for (int i = 0; i < placedCount; i++) {
                byTerm.put(placed[i], offsets[i]);
            }
            int[] starts = new int[16];
            int lines = 1;
            for (int i = 0; i < text.length; i++) {
                if (text[i] == '\n') {
                    if (lines == starts.length) {
                        starts = Arrays.copyOf(starts, lines * 2);
                    }
                    starts[lines++] = i + 1;
                }
            }
            lineStarts = Arrays.copyOf(starts, lines);
        }

        Position position(int offset) {
            int found = Arrays.binarySearch(lineStarts, offset);
            int line = found >= 0 ? found : -found - 2;
            return new Position(line + 1, offset - lineStarts[line] + 1);
        }
    }
}
