package io.hexmirror.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * The terminal's width in columns: {@code COLUMNS} when the shell exports it, else what {@code stty}
 * says about the controlling terminal (as picocli does for the help), else 80.
 */
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

    /** The width of the terminal this process runs in. */
    static int detect() {
        OptionalInt fromEnvironment = fromEnvironment(System.getenv());
        if (fromEnvironment.isPresent()) {
            return fromEnvironment.getAsInt();
        }
        return fromStty().orElse(DEFAULT);
    }

    /** When nothing tells the width: the classic terminal's. */
    static final int DEFAULT = 80;

    private static OptionalInt fromStty() {
        File tty = new File("/dev/tty");
        if (!tty.exists()) {
            return OptionalInt.empty();
        }
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(tty)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!stty.waitFor(1, TimeUnit.SECONDS)) {
                stty.destroyForcibly();
                return OptionalInt.empty();
            }
            String[] rowsColumns = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
            return rowsColumns.length == 2 ? OptionalInt.of(Math.max(MIN, Integer.parseInt(rowsColumns[1])))
                    : OptionalInt.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }
}
