package io.hexmirror.erlang;

import static java.util.Objects.requireNonNull;

import io.hexmirror.MalformedDataException;

/**
 * Erlang term text cannot be parsed. The message has the form {@code WHERE: line L, column C: detail},
 * with 1-based line and column counted in characters; callers with their own message format (lock
 * files) use the parts.
 */
public final class ErlangSyntaxException extends MalformedDataException {
    private final String where;
    private final int line;
    private final int column;
    private final String detail;

    public ErlangSyntaxException(String where, int line, int column, String detail) {
        super(requireNonNull(where, "where is null") + ": line " + line + ", column " + column + ": "
                + requireNonNull(detail, "detail is null"));
        this.where = where;
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    /** What was parsed: a file name or another label. */
    public String where() {
        return where;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** What is wrong, without the place. */
    public String detail() {
        return detail;
    }
}
