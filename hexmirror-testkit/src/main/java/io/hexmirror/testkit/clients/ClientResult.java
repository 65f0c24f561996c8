package io.hexmirror.testkit.clients;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The outcome of one run of a client (Mix or rebar3).
 *
 * @param command the command line
 * @param exitCode the exit code; -1 when the run timed out and was killed
 * @param output standard output and standard error, interleaved
 * @param timedOut whether the run was killed for exceeding its timeout
 * @param elapsed how long the run took
 * @param logFile where the output is kept
 */
public record ClientResult(List<String> command, int exitCode, String output, boolean timedOut, Duration elapsed,
        Path logFile) {
    public ClientResult {
        command = List.copyOf(command);
    }

    /** Exit code 0 within the timeout. */
    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }

    /**
     * Returns this result if it succeeded.
     *
     * @throws AssertionError with the command and output otherwise
     */
    public ClientResult requireSuccess() {
        if (!succeeded()) {
            throw new AssertionError("the client failed: " + describe());
        }
        return this;
    }

    /** Command, exit status and output, for failure messages. */
    public String describe() {
        return String.join(" ", command) + (timedOut ? " timed out after " + elapsed : " exited " + exitCode)
                + ", output:\n" + output;
    }
}
