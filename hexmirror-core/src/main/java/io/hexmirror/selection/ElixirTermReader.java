package io.hexmirror.selection;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads one Elixir literal term (maps, tuples, lists, keyword lists, strings, atoms, integers,
 * {@code true}/{@code false}/{@code nil}), the subset {@code mix.lock} is written in. Nothing is
 * evaluated: any other syntax is an error with its line and column.
 */
final class ElixirTermReader {
    /** Real lock files nest a few levels; the bound keeps a hostile file from overflowing the stack. */
    static final int MAX_DEPTH = 100;

    private final TermScanner in;
    private int depth;

    private ElixirTermReader(String text, String source) {
        this.in = new TermScanner(text, source);
    }

    static Term read(String text, String source) throws SelectionSyntaxException {
        ElixirTermReader reader = new ElixirTermReader(text, source);
        reader.skip();
        if (reader.in.atEnd()) {
            throw reader.in.error("the file is empty, expected a term");
        }
        Term term = reader.term();
        reader.skip();
        if (!reader.in.atEnd()) {
            throw reader.in.error("unexpected " + reader.in.found() + " after the end of the term");
        }
        return term;
    }

    private void skip() {
        in.skipSpaceAndComments('#');
    }

    private Term term() throws SelectionSyntaxException {
        skip();
        if (depth == MAX_DEPTH) {
            throw in.error("terms are nested more than " + MAX_DEPTH + " levels deep");
        }
        depth++;
        try {
            return bareTerm();
        } finally {
            depth--;
        }
    }

    private Term bareTerm() throws SelectionSyntaxException {
        int line = in.line();
        int column = in.column();
        if (in.atEnd()) {
            throw in.error("expected a term, found the end of the file");
        }
        char c = in.peek();
        if (c == '%' && in.peek(1) == '{') {
            return map(line, column);
        } else if (c == '{') {
            in.next();
            return new Term.Tuple(items('}', false), line, column);
        } else if (c == '[') {
            in.next();
            return new Term.ListTerm(items(']', true), line, column);
        } else if (c == '"' || c == '\'') {
            return new Term.Str(in.quoted(c), line, column);
        } else if (c == ':' && in.peek(1) == '"') {
            in.next();
            return new Term.Atom(in.quoted('"'), line, column);
        } else if (c == ':' && isIdentifierStart(in.peek(1))) {
            in.next();
            return new Term.Atom(identifier(), line, column);
        } else if (isDigit(c) || c == '-' && isDigit(in.peek(1))) {
            boolean negative = c == '-';
            if (negative) {
                in.next();
            }
            long value = in.integer(true);
            return new Term.Int(negative ? -value : value, line, column);
        } else if (isIdentifierStart(c)) {
            String word = identifier();
            if (word.equals("true") || word.equals("false") || word.equals("nil")) {
                return new Term.Atom(word, line, column);
            }
            throw new SelectionSyntaxException(in.source(), line, column, "unexpected identifier '" + word
                    + "', expected a literal term");
        }
        throw in.error("expected a term, found " + in.found());
    }

    private Term.MapTerm map(int line, int column) throws SelectionSyntaxException {
        in.skip(2);
        List<Term.Entry> entries = new ArrayList<>();
        while (true) {
            skip();
            if (!in.atEnd() && in.peek() == '}') {
                in.next();
                return new Term.MapTerm(entries, line, column);
            }
            Term key = keywordKey();
            Term value;
            if (key != null) {
                value = term();
            } else {
                key = term();
                skip();
                if (!in.startsWith("=>")) {
                    throw in.error("expected '=>' after a map key, found " + in.found());
                }
                in.skip(2);
                value = term();
            }
            entries.add(new Term.Entry(key, value));
            if (!separator('}')) {
                in.next();
                return new Term.MapTerm(entries, line, column);
            }
        }
    }

    /** Reads comma-separated items up to {@code close}; a trailing comma is allowed. */
    private List<Term> items(char close, boolean keywords) throws SelectionSyntaxException {
        List<Term> items = new ArrayList<>();
        while (true) {
            skip();
            if (!in.atEnd() && in.peek() == close) {
                in.next();
                return items;
            }
            Term key = keywords ? keywordKey() : null;
            items.add(key == null ? term() : new Term.Tuple(List.of(key, term()), key.line(), key.column()));
            if (!separator(close)) {
                in.next();
                return items;
            }
        }
    }

    /**
     * After an item: consumes a comma and returns true, or returns false with the cursor on
     * {@code close}.
     */
    private boolean separator(char close) throws SelectionSyntaxException {
        skip();
        if (in.atEnd()) {
            throw in.error("expected ',' or '" + close + "', found the end of the file");
        }
        if (in.peek() == ',') {
            in.next();
            return true;
        }
        if (in.peek() == close) {
            return false;
        }
        throw in.error("expected ',' or '" + close + "', found " + in.found());
    }

    /**
     * Reads a keyword key ({@code name:} or {@code "name":}, followed by whitespace) if one is at the
     * cursor, as an atom; otherwise leaves the cursor where it was and returns null.
     */
    private Term keywordKey() throws SelectionSyntaxException {
        skip();
        if (in.atEnd()) {
            return null;
        }
        int line = in.line();
        int column = in.column();
        char c = in.peek();
        if (isIdentifierStart(c)) {
            int length = 0;
            while (isIdentifierPart(in.peek(length))) {
                length++;
            }
            if (in.peek(length) == ':' && isSpace(in.peek(length + 1))) {
                String name = identifier();
                in.next();
                return new Term.Atom(name, line, column);
            }
        } else if (c == '"') {
            int length = 1;
            while (in.peek(length) != '"' && in.peek(length) != '\0') {
                length += in.peek(length) == '\\' ? 2 : 1;
            }
            if (in.peek(length) == '"' && in.peek(length + 1) == ':' && isSpace(in.peek(length + 2))) {
                String name = in.quoted('"');
                in.next();
                return new Term.Atom(name, line, column);
            }
        }
        return null;
    }

    private String identifier() {
        StringBuilder sb = new StringBuilder();
        while (!in.atEnd() && isIdentifierPart(in.peek())) {
            sb.append(in.next());
        }
        if (!in.atEnd() && (in.peek() == '?' || in.peek() == '!')) {
            sb.append(in.next());
        }
        return sb.toString();
    }

    private static boolean isIdentifierStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || isDigit(c) || c == '@';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}
