package io.hexmirror.selection;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a sequence of Erlang terms, each ended by a full stop, as {@code file:consult/1} does, for
 * the subset {@code rebar.lock} is written in: tuples, lists, strings, binaries of strings
 * ({@code <<"x">>}, {@code <<"x"/utf8>>}), atoms and integers. Nothing is evaluated: any other
 * syntax is an error with its line and column.
 */
final class ErlangTermReader {
    private final TermScanner in;

    private ErlangTermReader(String text, String source) {
        this.in = new TermScanner(text, source);
    }

    static List<Term> readAll(String text, String source) throws SelectionSyntaxException {
        ErlangTermReader reader = new ErlangTermReader(text, source);
        List<Term> terms = new ArrayList<>();
        while (true) {
            reader.skip();
            if (reader.in.atEnd()) {
                return terms;
            }
            terms.add(reader.term());
            reader.skip();
            if (reader.in.atEnd() || reader.in.peek() != '.') {
                throw reader.in.error("expected '.' after a term, found " + reader.in.found());
            }
            reader.in.next();
        }
    }

    private void skip() {
        in.skipSpaceAndComments('%');
    }

    private Term term() throws SelectionSyntaxException {
        skip();
        int line = in.line();
        int column = in.column();
        if (in.atEnd()) {
            throw in.error("expected a term, found the end of the file");
        }
        char c = in.peek();
        if (c == '{') {
            in.next();
            return new Term.Tuple(items('}'), line, column);
        } else if (c == '[') {
            in.next();
            return new Term.ListTerm(items(']'), line, column);
        } else if (c == '"') {
            return new Term.Str(in.quoted('"'), line, column);
        } else if (c == '\'') {
            return new Term.Atom(in.quoted('\''), line, column);
        } else if (in.startsWith("<<")) {
            return binary(line, column);
        } else if (isDigit(c) || c == '-' && isDigit(in.peek(1))) {
            boolean negative = c == '-';
            if (negative) {
                in.next();
            }
            long value = in.integer(false);
            return new Term.Int(negative ? -value : value, line, column);
        } else if (c >= 'a' && c <= 'z') {
            StringBuilder sb = new StringBuilder();
            while (!in.atEnd() && isAtomPart(in.peek())) {
                sb.append(in.next());
            }
            return new Term.Atom(sb.toString(), line, column);
        }
        throw in.error("expected a term, found " + in.found());
    }

    /** A binary made of string segments, each optionally typed {@code /utf8}; {@code <<>>} is empty. */
    private Term binary(int line, int column) throws SelectionSyntaxException {
        in.skip(2);
        StringBuilder sb = new StringBuilder();
        skip();
        if (in.startsWith(">>")) {
            in.skip(2);
            return new Term.Str("", line, column);
        }
        while (true) {
            skip();
            if (in.atEnd() || in.peek() != '"') {
                throw in.error("expected a string inside <<...>>, found " + in.found());
            }
            sb.append(in.quoted('"'));
            skip();
            if (in.peek() == '/') {
                in.next();
                if (!in.startsWith("utf8")) {
                    throw in.error("expected utf8 after '/' in a binary, found " + in.found());
                }
                in.skip(4);
                skip();
            }
            if (in.startsWith(">>")) {
                in.skip(2);
                return new Term.Str(sb.toString(), line, column);
            }
            if (in.atEnd() || in.peek() != ',') {
                throw in.error("expected ',' or '>>' in a binary, found " + in.found());
            }
            in.next();
        }
    }

    private List<Term> items(char close) throws SelectionSyntaxException {
        List<Term> items = new ArrayList<>();
        skip();
        if (!in.atEnd() && in.peek() == close) {
            in.next();
            return items;
        }
        while (true) {
            items.add(term());
            skip();
            if (in.atEnd()) {
                throw in.error("expected ',' or '" + close + "', found the end of the file");
            }
            char c = in.next();
            if (c == close) {
                return items;
            }
            if (c != ',') {
                throw new SelectionSyntaxException(in.source(), in.line(), in.column() - 1,
                        "expected ',' or '" + close + "', found '" + c + "'");
            }
        }
    }

    private static boolean isAtomPart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '_' || c == '@';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
