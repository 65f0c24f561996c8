package io.hexmirror.testkit.clients;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The outcome of one rebar3 run.
 *
 * @param command the command line
 * @param exitCode the exit code; -1 when the run timed out and was killed
 * @param output standard output and standard error, interleaved
 * @param timedOut whether the run was killed for exceeding its timeout
 * @param elapsed how long the run took
 * @param logFile where the output is kept
 */
public record Rebar3Result(List<String> command, int exitCode, String output, boolean timedOut, Duration elapsed,
        Path logFile) {
    public Rebar3Result {
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
    public Rebar3Result requireSuccess() {
        if (!succeeded()) {
            throw new AssertionError("rebar3 failed: " + describe());
        }
        return this;
    }

    /** Command, exit status and output, for failure messages. */
    public String describe() {
        return String.join(" ", command) + (timedOut ? " timed out after " + elapsed : " exited " + exitCode)
                + ", output:\n" + output;
    }
}
