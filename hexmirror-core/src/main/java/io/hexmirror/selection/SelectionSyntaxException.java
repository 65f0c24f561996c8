package io.hexmirror.selection;

import static java.util.Objects.requireNonNull;

import io.hexmirror.InvalidInputException;

/**
 * A selection file or lock file cannot be read: its text does not follow the expected syntax, or a
 * value in it (package name, version, checksum) is invalid. The message has the form
 * {@code SOURCE:LINE:COLUMN: what is wrong}, with 1-based line and column.
 */
public class SelectionSyntaxException extends InvalidInputException {
    private final String source;
    private final int line;
    private final int column;

    public SelectionSyntaxException(String source, int line, int column, String detail) {
        super(requireNonNull(source, "source is null") + ":" + line + ":" + column + ": " + detail);
        this.source = source;
        this.line = line;
        this.column = column;
    }

    public SelectionSyntaxException(String source, int line, int column, String detail, Throwable cause) {
        super(requireNonNull(source, "source is null") + ":" + line + ":" + column + ": " + detail, cause);
        this.source = source;
        this.line = line;
        this.column = column;
    }

    /** The file name (or other label) of the text that failed. */
    public String source() {
        return source;
    }

    /** 1-based line of the problem. */
    public int line() {
        return line;
    }

    /** 1-based column of the problem. */
    public int column() {
        return column;
    }
}
