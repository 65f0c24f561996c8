package io.hexmirror.selection;

import java.util.List;

/**
 * A literal term read from {@code mix.lock}: the subset of Elixir term syntax it uses (Erlang terms,
 * as in {@code rebar.lock}, are read by {@link io.hexmirror.erlang.ErlangTermParser}). Every term knows
 * where it started, for messages.
 */
sealed interface Term {
    int line();

    int column();

    /** A string: {@code "x"} or a charlist {@code 'x'}. */
    record Str(String value, int line, int column) implements Term {
    }

    /** An atom: {@code :x}, {@code :"x"}, {@code true}, {@code false}, {@code nil}. */
    record Atom(String name, int line, int column) implements Term {
    }

    record Int(long value, int line, int column) implements Term {
    }

    /** A tuple; an Elixir keyword entry {@code key: value} is read as the tuple {@code {:key, value}}. */
    record Tuple(List<Term> items, int line, int column) implements Term {
    }

    record ListTerm(List<Term> items, int line, int column) implements Term {
    }

    /** An Elixir map; {@code "k": v} and {@code k: v} keys are read as atoms, {@code "k" => v} keys as strings. */
    record MapTerm(List<Entry> entries, int line, int column) implements Term {
    }

    record Entry(Term key, Term value) {
    }

    /** A short description of the kind of term, for "expected X, found Y" messages. */
    static String describe(Term term) {
        if (term instanceof Str s) {
            return "string \"" + s.value() + "\"";
        } else if (term instanceof Atom a) {
            return "atom " + a.name();
        } else if (term instanceof Int i) {
            return "integer " + i.value();
        } else if (term instanceof Tuple t) {
            return "a tuple of " + t.items().size() + (t.items().size() == 1 ? " element" : " elements");
        } else if (term instanceof ListTerm) {
            return "a list";
        } else {
            return "a map";
        }
    }
}
