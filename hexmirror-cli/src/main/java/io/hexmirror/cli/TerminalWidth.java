package io.hexmirror.cli;

import java.util.Map;
import java.util.OptionalInt;

/** The terminal's width in columns, as the shell tells it in {@code COLUMNS}. */
final class TerminalWidth {
    /** Narrower than this, help and progress lines would be unreadable anyway; picocli refuses less than 55. */
    static final int MIN = 55;

    private TerminalWidth() {
    }

    /** The width {@code COLUMNS} gives, when it is a number; at least {@link #MIN}. */
    static OptionalInt fromEnvironment(Map<String, String> env) {
        String columns = env.get("COLUMNS");
        if (columns == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Math.max(MIN, Integer.parseInt(columns.trim())));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
