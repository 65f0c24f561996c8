package io.hexmirror.erlang;

import java.util.Arrays;
import java.util.List;

/** An Erlang tuple such as {@code {<<"app">>, <<"decimal">>}}; its elements are never null. */
public record ErlangTuple(List<Object> elements) {
    public ErlangTuple {
        elements = List.copyOf(elements);
    }

    public static ErlangTuple of(Object... elements) {
        return new ErlangTuple(Arrays.asList(elements));
    }

    public int size() {
        return elements.size();
    }

    public Object get(int index) {
        return elements.get(index);
    }

    /** The tuple in Erlang syntax. */
    @Override
    public String toString() {
        return ErlangTerms.format(this);
    }
}
