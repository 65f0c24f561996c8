package io.hexmirror.selection;

import java.util.List;

/**
 * A literal term read from a lock file: the subset of Elixir and Erlang term syntax that
 * {@code mix.lock} and {@code rebar.lock} use. Every term knows where it started, for messages.
 */
sealed interface Term {
    int line();

    int column();

    /** A string: Elixir {@code "x"}, Erlang {@code "x"} (a charlist) or {@code <<"x">>} (a binary). */
    record Str(String value, int line, int column) implements Term {
    }

    /** An atom: Elixir {@code :x}, {@code true}, {@code false}, {@code nil}; Erlang {@code x} or {@code 'x'}. */
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
