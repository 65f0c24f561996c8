package io.hexmirror.version;

import static java.util.Objects.requireNonNull;

import io.hexmirror.InvalidInputException;

/**
 * A version or requirement string does not follow the syntax Hex accepts. The message quotes the
 * input, gives the 1-based column where the problem starts and says what is wrong, for example
 * {@code invalid version "1.01.0" at column 3: MINOR part "01" has a leading zero}.
 */
public class VersionParseException extends InvalidInputException {
    private final String input;
    private final int column;

    /**
     * @param kind   what was being parsed ("version" or "requirement"), used in the message
     * @param input  the whole string being parsed
     * @param column 1-based column of the problem within {@code input}
     * @param detail what is wrong
     */
    public VersionParseException(String kind, String input, int column, String detail) {
        super("invalid " + kind + " \"" + requireNonNull(input, "input is null") + "\" at column " + column + ": " + detail);
        this.input = input;
        this.column = column;
    }

    /** The whole string that failed to parse. */
    public String input() {
        return input;
    }

    /** The 1-based column in {@link #input()} where the problem starts. */
    public int column() {
        return column;
    }
}
