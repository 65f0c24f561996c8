package io.hexmirror.erlang;

import static java.util.Objects.requireNonNull;

/** An Erlang atom, such as {@code true}, {@code nil} or {@code 'Quoted Atom'}. */
public record ErlangAtom(String name) {
    public static final ErlangAtom TRUE = new ErlangAtom("true");
    public static final ErlangAtom FALSE = new ErlangAtom("false");

    public ErlangAtom {
        requireNonNull(name, "name is null");
    }

    /** The atom in Erlang syntax: bare when it can be, else quoted. */
    @Override
    public String toString() {
        return ErlangTerms.format(this);
    }
}
