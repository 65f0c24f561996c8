package io.hexmirror.testkit.clients;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One run of a client command, as {@link MixProject} and {@link Rebar3Project} start them: no input,
 * its output and errors in one log file, the machine's environment minus what could redirect or satisfy
 * its requests, and a time limit, past which the client and every process it started are killed (Mix
 * and rebar3 are scripts that start an Erlang VM, which would outlive the script alone).
 */
final class ClientProcess {
    private ClientProcess() {
    }

    /**
     * Runs {@code command} in {@code workDir} and waits at most {@code timeout}.
     *
     * @param dropped the inherited environment variables to remove
     * @param variables the variables to set, after the removal
     * @throws IOException when the command cannot start or its log cannot be read
     */
    static ClientResult run(List<String> command, Path workDir, Predicate<String> dropped, Map<String, String> variables,
            Path log, Duration timeout) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(dropped);
        env.putAll(variables);

        long start = System.nanoTime();
        Process process = builder.start();
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                killWithDescendants(process);
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            killWithDescendants(process);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + String.join(" ", command));
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        String output = Files.readString(log, UTF_8);
        return new ClientResult(command, finished ? process.exitValue() : -1, output, !finished, elapsed, log);
    }

    /** Kills the client and what it started, children first, so that none is left running on its own. */
    private static void killWithDescendants(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
