package io.hexmirror.erlang;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The terms of one parsed text, in order, and where each of them starts, so that a reader of a
 * particular format (a {@code rebar.lock}, a {@code metadata.config}) can point at the term it rejects.
 * Immutable.
 */
public final class ErlangDocument {
    private final List<Object> terms;
    private final Map<Object, Position> positions;

    ErlangDocument(List<Object> terms, Map<Object, Position> positions) {
        this.terms = List.copyOf(terms);
        this.positions = positions;
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
        return Optional.ofNullable(positions.get(term));
    }
}
