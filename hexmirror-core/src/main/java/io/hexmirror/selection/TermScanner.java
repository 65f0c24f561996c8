package io.hexmirror.selection;

/**
 * Character cursor with line and column tracking for the Elixir term reader ({@code mix.lock}).
 */
final class TermScanner {
    private final String text;
    private final String source;
    private int pos;
    private int line = 1;
    private int column = 1;

    TermScanner(String text, String source) {
        this.text = text;
        this.source = source;
        if (text.startsWith("\uFEFF")) {
            pos = 1;
        }
    }

    boolean atEnd() {
        return pos >= text.length();
    }

    char peek() {
        return text.charAt(pos);
    }

    char peek(int ahead) {
        return pos + ahead < text.length() ? text.charAt(pos + ahead) : '\0';
    }

    boolean startsWith(String s) {
        return text.startsWith(s, pos);
    }

    char next() {
        char c = text.charAt(pos++);
        if (c == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
        return c;
    }

    void skip(int n) {
        for (int i = 0; i < n; i++) {
            next();
        }
    }

    /** Skips whitespace and comments that start with {@code commentChar} and run to the end of the line. */
    void skipSpaceAndComments(char commentChar) {
        while (!atEnd()) {
            char c = peek();
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                next();
            } else if (c == commentChar) {
                while (!atEnd() && peek() != '\n') {
                    next();
                }
            } else {
                return;
            }
        }
    }

    int line() {
        return line;
    }

    int column() {
        return column;
    }

    String source() {
        return source;
    }

    SelectionSyntaxException error(String detail) {
        return new SelectionSyntaxException(source, line, column, detail);
    }

    static SelectionSyntaxException error(String source, Term at, String detail) {
        return new SelectionSyntaxException(source, at.line(), at.column(), detail);
    }

    /** What is at the cursor, for messages: a character or "the end of the file". */
    String found() {
        if (atEnd()) {
            return "the end of the file";
        }
        char c = peek();
        return c < ' ' ? String.format("character U+%04X", (int) c) : "'" + c + "'";
    }

    /**
     * Reads a double-quoted string body; the cursor is on the opening quote. Supports the escapes
     * both languages write in lock files: backslash followed by n, t, r, or a character taken as is.
     */
    String quoted(char quote) throws SelectionSyntaxException {
        int startLine = line;
        int startColumn = column;
        next();
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw new SelectionSyntaxException(source, startLine, startColumn, "unterminated string");
            }
            char c = next();
            if (c == quote) {
                return sb.toString();
            }
            if (c == '\\') {
                if (atEnd()) {
                    throw new SelectionSyntaxException(source, startLine, startColumn, "unterminated string");
                }
                char e = next();
                sb.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> e;
                });
            } else {
                sb.append(c);
            }
        }
    }

    /** Reads a run of decimal digits (Elixir allows {@code _} separators). */
    long integer(boolean underscores) throws SelectionSyntaxException {
        int startLine = line;
        int startColumn = column;
        StringBuilder sb = new StringBuilder();
        while (!atEnd() && (Character.isDigit(peek()) && peek() < 128 || underscores && peek() == '_')) {
            char c = next();
            if (c != '_') {
                sb.append(c);
            }
        }
        try {
            return Long.parseLong(sb.toString());
        } catch (NumberFormatException e) {
            throw new SelectionSyntaxException(source, startLine, startColumn, "integer out of range: " + sb);
        }
    }
}
