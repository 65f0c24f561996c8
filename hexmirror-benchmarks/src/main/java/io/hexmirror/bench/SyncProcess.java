package io.hexmirror.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code hexmirror sync} from the CLI jar in a JVM of its own, with a heap limit and a GC log,
 * and reads back what it reported. The CLI's output and the GC log are kept next to the mirror.
 */
final class SyncProcess {
    private static final Pattern TRANSFER = Pattern.compile("transfer: (.+) in (\\d+) requests");
    private static final Pattern TARBALLS = Pattern.compile("tarballs: (\\d+) downloaded, (\\d+) removed");
    private static final Pattern PACKAGES = Pattern.compile("packages: (\\d+) added, (\\d+) updated, (\\d+) removed");

    private final Path cliJar;
    private final String heap;
    private final int concurrency;
    private final URI upstream;
    private final Path upstreamKey;

    SyncProcess(Path cliJar, String heap, int concurrency, URI upstream, Path upstreamKey) {
        this.cliJar = cliJar;
        this.heap = heap;
        this.concurrency = concurrency;
        this.upstream = upstream;
        this.upstreamKey = upstreamKey;
    }

    /** What one sync reported, with the figures measured around it. */
    record Result(String label, int exitCode, Duration wall, String transferred, long requestsReported,
            int packagesAdded, int packagesUpdated, int tarballsDownloaded, GcLog gc, long peakRssBytes,
            Duration cpu, String loadAfter, Path output) {
    }

    /** Runs one sync of {@code mirror}; {@code label} names its output and GC log files. */
    Result run(String label, Path mirror, Path logDir) throws IOException, InterruptedException {
        Path output = logDir.resolve(label + ".out");
        Path gcLog = logDir.resolve(label + ".gc.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-Xlog:gc:file=" + gcLog,
                "-XX:+HeapDumpOnOutOfMemoryError", "-XX:HeapDumpPath=" + logDir.resolve(label + ".hprof"),
                "-jar", cliJar.toString(),
                "sync", "--upstream", upstream.toString(), "--upstream-key", upstreamKey.toString(),
                "--concurrency", Integer.toString(concurrency), mirror.toString()));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        ProcessSampler sampler = new ProcessSampler(process.pid());
        while (!process.waitFor(500, TimeUnit.MILLISECONDS)) {
            sampler.sample();
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - started);
        String text = Files.readString(output, StandardCharsets.UTF_8);
        Matcher transfer = TRANSFER.matcher(text);
        Matcher tarballs = TARBALLS.matcher(text);
        Matcher packages = PACKAGES.matcher(text);
        boolean summarised = transfer.find() & tarballs.find() & packages.find();
        return new Result(label, process.exitValue(), wall,
                summarised ? transfer.group(1) : "?", summarised ? Long.parseLong(transfer.group(2)) : -1,
                summarised ? Integer.parseInt(packages.group(1)) : -1,
                summarised ? Integer.parseInt(packages.group(2)) : -1,
                summarised ? Integer.parseInt(tarballs.group(1)) : -1,
                GcLog.read(gcLog), sampler.peakRssBytes(), sampler.cpu(), ProcessSampler.loadAverage(), output);
    }
}
