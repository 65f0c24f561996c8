package io.hexmirror.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@code hexmirror} command from the CLI jar in a JVM of its own, with a heap limit and a
 * GC log, and measures it from the outside: wall time, exit status, CPU time, peak RSS and the heap
 * figures of its GC log. The command's output and GC log are kept in the log directory.
 */
final class CliProcess {
    private final Path cliJar;
    private final String heap;
    private final Path logDir;
    private final List<String> jvmOptions;

    CliProcess(Path cliJar, String heap, Path logDir) {
        this(cliJar, heap, logDir, List.of());
    }

    /** {@code jvmOptions} go before {@code -jar}; {@code {label}} in them becomes the command's label (e.g. a JFR file name). */
    CliProcess(Path cliJar, String heap, Path logDir, List<String> jvmOptions) {
        this.cliJar = cliJar;
        this.heap = heap;
        this.logDir = logDir;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** What one command did, measured around it. */
    record Result(String label, int exitCode, Duration wall, GcLog gc, long peakRssBytes, Duration cpu, Path output) {
        boolean completed() {
            return exitCode == 0;
        }
    }

    /** Runs {@code hexmirror ARGS...} to its end; {@code label} names its output and GC log files. */
    Result run(String label, List<String> args) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Process process = start(label, args);
        ProcessSampler sampler = new ProcessSampler(process.pid());
        while (!process.waitFor(500, TimeUnit.MILLISECONDS)) {
            sampler.sample();
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - started);
        return new Result(label, process.exitValue(), wall, GcLog.read(gcLog(label)), sampler.peakRssBytes(), sampler.cpu(),
                output(label));
    }

    /** Starts {@code hexmirror ARGS...} and returns at once (for {@code serve}). */
    Process start(String label, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-Xlog:gc:file=" + gcLog(label),
                "-XX:+HeapDumpOnOutOfMemoryError", "-XX:HeapDumpPath=" + logDir.resolve(label + ".hprof")));
        jvmOptions.forEach(option -> command.add(option.replace("{label}", label)));
        command.addAll(List.of("-jar", cliJar.toString()));
        command.addAll(args);
        Files.writeString(logDir.resolve(label + ".cmd"), String.join(" ", command) + "\n", StandardCharsets.UTF_8);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output(label).toFile()).start();
    }

    Path output(String label) {
        return logDir.resolve(label + ".out");
    }

    Path gcLog(String label) {
        return logDir.resolve(label + ".gc.log");
    }

    /** The last lines of a command's output, for a report of what went wrong. */
    String tail(String label, int lines) throws IOException {
        List<String> all = Files.readAllLines(output(label), StandardCharsets.UTF_8);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
