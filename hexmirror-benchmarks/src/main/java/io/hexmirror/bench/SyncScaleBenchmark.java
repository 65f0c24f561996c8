package io.hexmirror.bench;

import io.hexmirror.files.LocalFiles;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The sync benchmark: generates a hex.pm-sized repository in this JVM, serves it on loopback, and
 * runs {@code hexmirror sync} from the CLI jar in a separate JVM with a small heap, three times:
 * a full sync into an empty mirror, a sync with nothing new, and a sync after some packages
 * changed upstream. Prints one table row per sync and checks the goals:
 * <ul>
 *   <li>the full sync completes within the heap limit (256 MiB by default);
 *   <li>a sync with nothing new makes at most 3 requests;
 *   <li>an incremental sync makes at most 3 requests plus one per changed package and one per new
 *       tarball.
 * </ul>
 * The exit status is 0 when every goal is met. Peak heap figures come from the sync JVM's
 * {@code -Xlog:gc} log; request counts both from the sync's own summary and from the test server.
 */
@Command(name = "sync-scale", mixinStandardHelpOptions = true,
        description = "Full, no-op and incremental sync of a generated hex.pm-sized upstream, each in a fresh JVM.")
public final class SyncScaleBenchmark implements Callable<Integer> {
    private static final int HEXPM_PACKAGES = 17_000;
    private static final int HEXPM_RELEASES = 150_000;

    @Option(names = "--cli-jar", description = "The hexmirror CLI jar (hexmirror-cli/target/hexmirror.jar); needed unless --serve-only.")
    Path cliJar;

    @Option(names = "--packages", defaultValue = "17000", description = "Packages upstream (default: ${DEFAULT-VALUE}, about hex.pm's).")
    int packages;

    @Option(names = "--releases", description = "Releases upstream (default: as many per package as hex.pm, 150000 for 17000 packages).")
    Integer releases;

    @Option(names = "--changed", defaultValue = "50", description = "Packages changed before the incremental sync (default: ${DEFAULT-VALUE}).")
    int changed;

    @Option(names = "--heap", defaultValue = "256m", description = "-Xmx of the sync JVM (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--concurrency", defaultValue = "8", description = "The sync's --concurrency (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--seed", defaultValue = "20240101", description = "Seed of the generated repository and changes.")
    long seed;

    @Option(names = "--work", description = "Directory for the mirror and the logs (default: a new temporary directory).")
    Path work;

    @Option(names = "--keep", description = "Keep the mirror afterwards (it is deleted by default; the logs are kept).")
    boolean keep;

    @Option(names = "--serve-only", description = "Only generate and serve the upstream, printing its URL and key file, until killed.")
    boolean serveOnly;

    @Spec
    CommandSpec spec;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        // Jetty logs through slf4j-simple: warnings only.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.exit(new CommandLine(new SyncScaleBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!serveOnly && (cliJar == null || !Files.isRegularFile(cliJar))) {
            // Checked before the minutes of generating the upstream, not after.
            throw new ParameterException(spec.commandLine(), "--cli-jar must name the hexmirror CLI jar: "
                    + (cliJar == null ? "missing" : "no file " + cliJar));
        }
        int releaseCount = releases != null ? releases : (int) ((long) packages * HEXPM_RELEASES / HEXPM_PACKAGES);
        if (packages < 1 || releaseCount < packages || changed < 0 || changed > packages) {
            throw new ParameterException(spec.commandLine(), "need 1 <= --packages <= --releases and 0 <= --changed <= --packages: "
                    + packages + " packages, " + releaseCount + " releases, " + changed + " changed");
        }
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("hexmirror-sync-scale-");
        out.printf(Locale.ROOT, "machine: %d cores, %s, Java %s; load %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), System.getProperty("java.version"),
                ProcessSampler.loadAverage());

        FakeHexRepository repository = FakeHexRepository.create();
        long t0 = System.nanoTime();
        SyntheticRegistry.populate(repository, packages, releaseCount, seed);
        long t1 = System.nanoTime();
        repository.prebuild();
        long t2 = System.nanoTime();
        out.printf(Locale.ROOT, "upstream: %d packages, %d releases; published in %s, registry files and checksums built in %s%n",
                packages, releaseCount, seconds(t1 - t0), seconds(t2 - t1));

        Path key = dir.resolve("upstream-key.pem");
        Files.writeString(key, repository.publicKeyPem(), StandardCharsets.US_ASCII);
        try (FakeUpstreamServer server = FakeUpstreamServer.start(repository)) {
            if (serveOnly) {
                out.println("serving " + server.baseUri() + " (key " + key + "); stop with Ctrl-C");
                out.printf("hexmirror sync --upstream %s --upstream-key %s MIRROR_DIR%n", server.baseUri(), key);
                Thread.currentThread().join();
            }
            return benchmark(repository, server, dir, key, releaseCount);
        }
    }

    private int benchmark(FakeHexRepository repository, FakeUpstreamServer server, Path dir, Path key, int releaseCount)
            throws IOException, InterruptedException {
        Path mirror = dir.resolve("mirror");
        LocalFiles.deleteRecursively(mirror);
        Files.createDirectories(mirror);
        out.println("mirror and logs: " + dir);
        SyncProcess sync = new SyncProcess(cliJar, heap, concurrency, server.baseUri(), key);
        List<Row> rows = new ArrayList<>();
        List<String> goals = new ArrayList<>();
        boolean allMet = true;
        try {
            Row full = run(sync, server, "full", mirror);
            rows.add(full);
            boolean complete = full.result().exitCode() == 0 && full.result().tarballsDownloaded() == releaseCount
                    && full.result().packagesAdded() == packages;
            allMet &= complete;
            goals.add(String.format(Locale.ROOT, "full sync with -Xmx%s: exit %d, %d/%d packages, %d/%d tarballs, %d full GCs: %s",
                    heap, full.result().exitCode(), full.result().packagesAdded(), packages,
                    full.result().tarballsDownloaded(), releaseCount, full.result().gc().fullPauses(), met(complete)));

            Row noop = run(sync, server, "no-op", mirror);
            rows.add(noop);
            boolean noopMet = noop.result().exitCode() == 0 && noop.serverRequests() <= 3;
            allMet &= noopMet;
            goals.add(String.format(Locale.ROOT, "no-op sync: %d requests, goal <= 3: %s", noop.serverRequests(), met(noopMet)));

            UpstreamChanges.ChangeSet changes = UpstreamChanges.apply(repository, changed, seed);
            repository.prebuild();
            out.printf(Locale.ROOT, "changed upstream: %d packages (%d new releases, %d retirements, %d replaced tarballs)%n",
                    changes.packages(), changes.newReleases(), changes.retirements(), changes.replacedTarballs());
            Row incremental = run(sync, server, "incremental", mirror);
            rows.add(incremental);
            long bound = 3L + changes.packages() + changes.newTarballs();
            boolean incrementalMet = incremental.result().exitCode() == 0 && incremental.serverRequests() <= bound
                    && incremental.result().tarballsDownloaded() == changes.newTarballs();
            allMet &= incrementalMet;
            goals.add(String.format(Locale.ROOT,
                    "incremental sync: %d requests, goal <= 3 + %d changed packages + %d new tarballs = %d; %d tarballs downloaded: %s",
                    incremental.serverRequests(), changes.packages(), changes.newTarballs(), bound,
                    incremental.result().tarballsDownloaded(), met(incrementalMet)));
        } finally {
            printTable(rows);
            goals.forEach(g -> out.println("goal: " + g));
            if (!keep) {
                LocalFiles.deleteRecursively(mirror);
            }
        }
        return allMet ? 0 : 1;
    }

    private Row run(SyncProcess sync, FakeUpstreamServer server, String label, Path mirror)
            throws IOException, InterruptedException {
        out.println(label + " sync: running (output in " + label + ".out)");
        server.resetLog();
        SyncProcess.Result result = sync.run(label, mirror, mirror.getParent());
        Row row = new Row(result, server.requestCount());
        server.resetLog();
        if (result.exitCode() != 0) {
            out.println(label + " sync exited with " + result.exitCode() + "; its output:");
            List<String> lines = Files.readAllLines(result.output(), StandardCharsets.UTF_8);
            lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> out.println("  " + l));
        }
        return row;
    }

    private void printTable(List<Row> rows) {
        String format = "%-12s %9s %17s %11s %19s %6s %9s %9s  %s%n";
        out.println();
        out.printf(Locale.ROOT, format, "sync", "wall", "requests srv/cli", "received", "heap peak/after GC", "fullGC",
                "peak RSS", "CPU", "load 1/5/15 after");
        for (Row row : rows) {
            SyncProcess.Result r = row.result();
            out.printf(Locale.ROOT, format, r.label(), seconds(r.wall().toNanos()),
                    row.serverRequests() + " / " + r.requestsReported(), r.transferred(),
                    mib(r.gc().peakBeforeBytes()) + " / " + mib(r.gc().peakAfterBytes()),
                    r.gc().fullPauses(), mib(r.peakRssBytes()), seconds(r.cpu().toNanos()), r.loadAfter());
        }
        if (!rows.isEmpty()) {
            out.printf(Locale.ROOT, "sync JVM: -Xmx%s, %s collector, --concurrency %d; heap from -Xlog:gc (peak in use at any pause, "
                    + "most in use after a pause)%n", heap, rows.get(0).result().gc().collector(), concurrency);
        }
    }

    private record Row(SyncProcess.Result result, int serverRequests) {
    }

    private static String met(boolean met) {
        return met ? "MET" : "NOT MET";
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1fs", Duration.ofNanos(nanos).toMillis() / 1000.0);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%dM", bytes >> 20);
    }

}
