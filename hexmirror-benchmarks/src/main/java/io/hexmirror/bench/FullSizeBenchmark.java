package io.hexmirror.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.hexmirror.files.LocalFiles;
import io.hexmirror.server.MirrorServer;
import io.hexmirror.testkit.clients.Nginx;
import io.hexmirror.testkit.clients.NginxServer;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import io.hexmirror.testkit.upstream.TarballChecksums;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The whole product at hex.pm's size, step by step, each step the real CLI jar in a JVM of its own
 * with a small heap, each next to the bare operation it wraps, in one table:
 * <ol>
 *   <li>full sync with docs for the latest release of each package, against a bare parallel
 *       download of the same URLs at the same concurrency;
 *   <li>a sync with nothing new, against a bare download of {@code /names} and {@code /versions};
 *   <li>a sync of a month of upstream changes, against a bare download of the changed files;
 *   <li>{@code export --since} of that month, against {@code tar -c} of the same files;
 *   <li>{@code import} of the bundle into a copy of the mirror as it was before the month, against
 *       {@code tar -x} and {@code sha256sum} of the same files;
 *   <li>{@code catalog rebuild}, against reading every package file and tarball once ({@code cat});
 *   <li>{@code verify}, against {@code sha256sum} of every mirrored file;
 *   <li>the docs search index that {@code serve} builds at its start, against reading every docs
 *       tarball once;
 *   <li>{@code serve} under load ({@code wrk}, package files and tarballs), against nginx serving the
 *       same directory in alternating rounds: the ratio is nginx's median requests per second over hexmirror's.
 * </ol>
 * Goals: every step completes within the heap; no step takes more than 1.2 times its bare
 * operation. The exit status is 0 only when every step completed.
 *
 * <p>A second ratio is against each step's floor: its bare operation, plus the start of a JVM ({@code hexmirror
 * --version}; each step runs in a fresh one, and some bare operations take less than its start), plus what the
 * step's output needs that the bare operation leaves out, done the plainest way: the docs trees of the syncs and
 * the import extracted from their tarballs ({@link BareExtract}), and what the writing steps wrote made durable
 * ({@code sync -f}). The system's dirty pages are written out, untimed, before every timed run, so that none pays
 * for the one before it.
 */
@Command(name = "full-size", mixinStandardHelpOptions = true,
        description = "Every step of hexmirror at hex.pm's size, each in a fresh JVM with a small heap, against the bare operation it wraps.")
public final class FullSizeBenchmark implements Callable<Integer> {
    private static final double GOAL_RATIO = 1.2;
    // The steps that more than one place names: a row, its floor's parts, its notes.
    private static final String SYNC_FULL = "sync, full";
    private static final String SYNC_MONTH = "sync, a month";
    private static final String EXPORT_MONTH = "export, a month";
    private static final String IMPORT_MONTH = "import, a month";
    private static final String DOCS_INDEX = "docs index (serve start)";
    private static final String SERVE_UNDER_LOAD = "serve under load";
    private static final Pattern INDEXED = Pattern.compile("docs search index: (\\d+) versions indexed");
    private static final Pattern GENERATION = Pattern.compile("(?m)^generation: (\\d+)");

    @Option(names = "--cli-jar", required = true, description = "The hexmirror CLI jar (hexmirror-cli/target/hexmirror.jar).")
    Path cliJar;

    @Option(names = "--packages", defaultValue = "20000", description = "Packages upstream (default: ${DEFAULT-VALUE}).")
    int packages;

    @Option(names = "--releases", description = "Releases upstream (default: 7.5 per package, 150000 for 20000 packages).")
    Integer releases;

    @Option(names = "--month", description = "Packages changed in the month exported and imported (default: 7.5%% of the packages, 1500 for 20000).")
    Integer month;

    /**
     * hex.pm's tarballs came to about 9 GB for its 150,000 releases (2022): 60 KB each on average. A generated tarball
     * with a payload is the payload and 11 KB (its sources and tar headers, stored uncompressed with it), so payloads
     * of 49 KB on average make the mirror hex.pm's size in bytes too.
     */
    @Option(names = "--payload-kb", defaultValue = "49", description = "Mean size in KB (1000 bytes) of an incompressible"
            + " payload in each tarball, log-normal, a few of them megabytes (default: ${DEFAULT-VALUE}: tarballs of 60 KB on"
            + " average, as hex.pm's, 9 GB for 150,000 releases); 0 for none, tarballs of about 5 KB.")
    int payloadKb;

    @Option(names = "--heap", defaultValue = "256m", description = "-Xmx of every hexmirror JVM (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--concurrency", defaultValue = "8", description = "Concurrency of the sync and of the bare downloader (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--load-seconds", defaultValue = "20", description = "Length of each wrk run against serve and nginx (default: ${DEFAULT-VALUE}).")
    int loadSeconds;

    @Option(names = "--load-rounds", defaultValue = "3", description = "wrk runs against serve and nginx each, alternating;"
            + " the table gives the medians (default: ${DEFAULT-VALUE}).")
    int loadRounds;

    @Option(names = "--connections", defaultValue = "200", description = "wrk connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--seed", defaultValue = "20240101")
    long seed;

    @Option(names = "--work", description = "Directory for the mirrors and logs (default: a new temporary directory).")
    Path work;

    @Option(names = "--keep", description = "Keep the mirrors afterwards, and a copy of the offline mirror as it was before the import (offline-before-import); deleted by default, the logs are kept.")
    boolean keep;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out = System.out;
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, List<FloorPart>> floorParts = new HashMap<>();
    private Path dir;
    /** The wall time of {@code hexmirror --version}: the floor of every step run as a command. */
    private double jvmStartSeconds;

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.exit(new CommandLine(new FullSizeBenchmark()).execute(args));
    }

    /** One step: hexmirror's figures (null when it is not a CLI run) against the bare operation's time. */
    private record Row(String step, CliProcess.Result hexmirror, double seconds, String bare, double bareSeconds, String note) {
        double ratio() {
            return seconds / bareSeconds;
        }

        boolean isRate() {
            return step.equals(SERVE_UNDER_LOAD);
        }
    }

    /** Part of a step's floor: something its output needs that its bare operation leaves out, and its time. */
    private record FloorPart(String what, double seconds) {
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(cliJar)) {
            throw new ParameterException(spec.commandLine(), "--cli-jar: no file " + cliJar);
        }
        int releaseCount = releaseCount();
        int changed = month != null ? month : Math.max(10, packages * 3 / 40);
        if (packages < 1 || releaseCount < packages || changed > packages) {
            throw new ParameterException(spec.commandLine(), "need 1 <= --packages <= --releases and --month <= --packages");
        }
        if (loadRounds < 1) {
            throw new ParameterException(spec.commandLine(), "--load-rounds must be at least 1");
        }
        int payloadBytes;
        try {
            payloadBytes = PayloadSizes.meanBytesOfKb(payloadKb);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("hexmirror-full-size-");
        out.printf(Locale.ROOT, "machine: %d cores, %s %s, Java %s; load %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
                ProcessSampler.loadAverage());
        out.println("work dir and logs: " + dir);

        long t0 = System.nanoTime();
        FakeHexRepository upstream = upstream();
        upstream.prebuild();
        out.printf(Locale.ROOT, "upstream: %d packages, %d releases, docs for the latest release of each, payloads of %d KB"
                + " on average; built in %s%n", packages, releaseCount, payloadKb, secs(System.nanoTime() - t0));
        Path key = dir.resolve("upstream-key.pem");
        Files.writeString(key, upstream.publicKeyPem(), UTF_8);
        CliProcess cli = new CliProcess(cliJar, heap, dir);
        CliProcess.Result version = cli.run("jvm-start", List.of("--version"));
        jvmStartSeconds = seconds(version.wall());
        out.printf(Locale.ROOT, "JVM start: `hexmirror --version` takes %s%n", secs(version.wall().toNanos()));

        Path mirror = dir.resolve("mirror");
        Path offline = dir.resolve("offline");
        Path scratch = dir.resolve("scratch");
        for (Path p : List.of(mirror, offline, scratch)) {
            LocalFiles.deleteRecursively(p);
        }
        boolean allCompleted = true;
        try (FakeUpstreamServer server = FakeUpstreamServer.start(upstream)) {
            List<String> sync = List.of("sync", "--upstream", server.baseUri().toString(), "--upstream-key", key.toString(),
                    "--concurrency", Integer.toString(concurrency), "--docs", "latest", mirror.toString());

            // 1. Full sync.
            List<String> everything = upstream.paths().stream().filter(p -> !p.equals("public_key")).toList();
            settle();
            BareDownloader.Result bareFull = bare("download of " + everything.size() + " files", () ->
                    BareDownloader.fetchAll(server.baseUri(), everything, concurrency, scratch));
            addSyncToFloor(SYNC_FULL, "bare-full-sync", scratch);
            LocalFiles.deleteRecursively(scratch);
            settle();
            allCompleted &= step(SYNC_FULL, cli.run("sync-full", sync),
                    String.format(Locale.ROOT, "GET %,d files (%s), %d at a time", bareFull.requests(), mib(bareFull.bytes()), concurrency),
                    bareFull.seconds(), "");
            out.println("mirror: " + TarballSizes.of(mirror.resolve("tarballs")));
            addExtractToFloor(docsTarballsIn(mirror), scratch, SYNC_FULL);

            // 2. No-op sync.
            BareDownloader.Result bareNoop = BareDownloader.fetchAll(server.baseUri(), List.of("names", "versions"), concurrency, scratch);
            LocalFiles.deleteRecursively(scratch);
            settle();
            allCompleted &= step("sync, nothing new", cli.run("sync-noop", sync), "GET /names and /versions",
                    bareNoop.seconds(), "");

            // The offline side: the mirror as it is now, before the month of changes.
            int generation = generation(cli);
            double copySeconds = shell("cp-offline", "cp -a " + q(mirror) + " " + q(offline));
            out.printf(Locale.ROOT, "mirror at generation %d copied for the offline side (cp -a) in %.1fs%n", generation, copySeconds);
            if (keep) {
                // So that the import can be repeated (profiled, compared) on the mirror as it was before.
                shell("cp-offline-before-import", "cp -a " + q(mirror) + " " + q(dir.resolve("offline-before-import")));
            }

            // 3. A month of changes upstream, with docs for each new release.
            MonthOfChanges changes = MonthOfChanges.apply(upstream, changed, seed, payloadBytes);
            upstream.prebuild();
            out.printf(Locale.ROOT, "a month upstream: %d packages changed, %d new or replaced tarballs, %d new docs%n",
                    changes.packages().size(), changes.tarballs().size(), changes.docs().size());
            List<String> changedFiles = changes.files();
            settle();
            BareDownloader.Result bareMonth = BareDownloader.fetchAll(server.baseUri(), changedFiles, concurrency, scratch);
            addSyncToFloor(SYNC_MONTH, "bare-month-sync", scratch);
            LocalFiles.deleteRecursively(scratch);
            settle();
            allCompleted &= step(SYNC_MONTH, cli.run("sync-month", sync),
                    String.format(Locale.ROOT, "GET the %,d changed files", changedFiles.size()), bareMonth.seconds(), "");
            // The import derives the same trees from the same tarballs.
            addExtractToFloor(changes.docs().stream().map(mirror::resolve).toList(), scratch, SYNC_MONTH, IMPORT_MONTH);

            // 4. Export of the month.
            Path list = dir.resolve("month-files.txt");
            Files.write(list, changedFiles, UTF_8);
            Path bundle = dir.resolve("month.bundle");
            Path bareTar = dir.resolve("month.tar");
            settle();
            double tarSeconds = shell("bare-export", "tar -cf " + q(bareTar) + " -C " + q(mirror) + " -T " + q(list));
            addSyncToFloor(EXPORT_MONTH, "bare-export-sync", bareTar);
            settle();
            allCompleted &= step(EXPORT_MONTH, cli.run("export", List.of("export", "--since", Integer.toString(generation),
                    mirror.toString(), bundle.toString())), "tar -c of the changed files", tarSeconds, "bundle " + mib(sizeOf(bundle)));

            // 5. Import of the month on the offline side.
            Files.createDirectories(scratch);
            settle();
            double untarSeconds = shell("bare-import", "tar -xf " + q(bareTar) + " -C " + q(scratch) + " && cd " + q(scratch)
                    + " && xargs -a " + q(list) + " -d '\\n' sha256sum > /dev/null");
            addSyncToFloor(IMPORT_MONTH, "bare-import-sync", scratch);
            LocalFiles.deleteRecursively(scratch);
            settle();
            allCompleted &= step(IMPORT_MONTH, cli.run("import", List.of("import", "--upstream-key", key.toString(),
                    bundle.toString(), offline.toString())), "tar -x, sha256sum of the files", untarSeconds, "");
            if (!keep) {
                LocalFiles.deleteRecursively(offline);
            }

            // 6. Catalog, from scratch.
            settle();
            double catSeconds = shell("bare-catalog", "cd " + q(mirror) + " && find packages tarballs -type f -print0 | xargs -0 cat > /dev/null");
            settle();
            allCompleted &= step("catalog rebuild", cli.run("catalog", List.of("catalog", "rebuild", mirror.toString())),
                    "cat of every package file and tarball", catSeconds, "");

            // 7. Verify.
            settle();
            double shaSeconds = shell("bare-verify", "cd " + q(mirror) + " && find names versions packages tarballs docs -type f -print0"
                    + " | xargs -0 sha256sum > /dev/null");
            settle();
            allCompleted &= step("verify", cli.run("verify", List.of("verify", "--upstream-key", key.toString(), mirror.toString())),
                    "sha256sum of every mirrored file", shaSeconds, "");
        }

        // 8 and 9. The docs search index that serve builds at its start, then serve under load.
        settle();
        double docsCat = shell("bare-docs-index", "cd " + q(mirror) + " && find docs -type f -print0 | xargs -0 cat > /dev/null");
        allCompleted &= serve(cli, mirror, docsCat);
        restartWithTheIndexUpToDate(cli, mirror);

        printTable();
        out.println(allCompleted ? "goal: every step completed with -Xmx" + heap + ": MET"
                : "goal: every step completed with -Xmx" + heap + ": NOT MET");
        long over = rows.stream().filter(r -> r.ratio() > GOAL_RATIO).count();
        out.printf(Locale.ROOT, "goal: every step within %.1fx its bare operation: %s (%d of %d over)%n", GOAL_RATIO,
                over == 0 ? "MET" : "NOT MET", over, rows.size());
        List<Row> timed = rows.stream().filter(r -> !r.isRate()).toList();
        long overFloor = timed.stream().filter(r -> r.seconds() / floorSeconds(r) > GOAL_RATIO).count();
        out.printf(Locale.ROOT, "for comparison, within %.1fx the floor (the bare operation, a JVM start (%.1fs), and the docs trees"
                + " extracted and everything written synced where the step does that): %d of %d over%n",
                GOAL_RATIO, jvmStartSeconds, overFloor, timed.size());
        if (!keep) {
            LocalFiles.deleteRecursively(mirror);
        }
        return allCompleted ? 0 : 1;
    }

    private int releaseCount() {
        return releases != null ? releases : (int) (packages * 7.5);
    }

    /** The upstream the options describe: its packages and releases, docs for the latest of each, the payloads. */
    FakeHexRepository upstream() {
        FakeHexRepository upstream = FakeHexRepository.create();
        SyntheticRegistry.populate(upstream, packages, releaseCount(), seed, true, PayloadSizes.meanBytesOfKb(payloadKb));
        return upstream;
    }

    private boolean serve(CliProcess cli, Path mirror, double docsCatSeconds) throws IOException, InterruptedException {
        int port = freePort();
        Path index = docsIndex();
        LocalFiles.deleteRecursively(index);
        Started started = startServe(cli, "serve", port, index, mirror);
        Process serve = started.process();
        ProcessSampler sampler = started.sampler();
        boolean completed = false;
        try {
            if (started.indexSeconds() < 0) {
                out.println("serve: no docs index line; its output:\n" + cli.tail("serve", 30));
                return false;
            }
            rows.add(new Row(DOCS_INDEX, null, started.indexSeconds(), "cat of every docs tarball", docsCatSeconds,
                    "includes JVM and server start"));

            URI hexmirror = URI.create("http://127.0.0.1:" + port + "/");
            Path script = dir.resolve("load.lua");
            Files.writeString(script, luaScript(mirror), UTF_8);
            try (NginxServer nginx = Nginx.locate().start(dir.resolve("nginx"), siteTemplate(), mirror)) {
                wrk(script, hexmirror, 5, "warmup-hexmirror");
                wrk(script, nginx.baseUri(), 5, "warmup-nginx");
                // Alternating rounds, so that a change in the machine's load falls on both servers.
                List<Wrk.Figures> ours = new ArrayList<>();
                List<Wrk.Figures> theirs = new ArrayList<>();
                for (int round = 1; round <= loadRounds; round++) {
                    ours.add(wrk(script, hexmirror, loadSeconds, "load-hexmirror-" + round));
                    theirs.add(wrk(script, nginx.baseUri(), loadSeconds, "load-nginx-" + round));
                    sampler.sample();
                    out.printf(Locale.ROOT, "serve under load, round %d: hexmirror %,.0f req/s, nginx %,.0f req/s%n", round,
                            ours.get(round - 1).requestsPerSecond(), theirs.get(round - 1).requestsPerSecond());
                }
                double ourRate = medianRate(ours);
                double theirRate = medianRate(theirs);
                long ourErrors = ours.stream().mapToLong(Wrk.Figures::errors).sum();
                long theirErrors = theirs.stream().mapToLong(Wrk.Figures::errors).sum();
                completed = serve.isAlive() && ourErrors == 0;
                // Time for the same requests: nginx's rate over hexmirror's.
                rows.add(new Row(SERVE_UNDER_LOAD, null, 1 / ourRate,
                        String.format(Locale.ROOT, "nginx: %,.0f req/s, %d errors", theirRate, theirErrors), 1 / theirRate,
                        String.format(Locale.ROOT, "hexmirror %,.0f req/s, %d errors; medians of %d rounds; ratio = nginx rate"
                                + " / hexmirror rate", ourRate, ourErrors, loadRounds)));
            }
        } finally {
            stop(serve);
        }
        GcLog gc = GcLog.read(cli.gcLog("serve"));
        out.printf(Locale.ROOT, "serve JVM: heap after GC max %s, %d full GCs, peak RSS %s%n", mibShort(gc.peakAfterBytes()),
                gc.fullPauses(), mibShort(sampler.peakRssBytes()));
        serveGc = gc;
        return completed;
    }

    private GcLog serveGc;
    /** serve's start with the docs index already up to date; NaN until measured. */
    private double serveOwnStartSeconds = Double.NaN;

    /** serve as started, and how long its docs index took from the launch (-1 when it never said so). */
    private record Started(Process process, ProcessSampler sampler, double indexSeconds, int versionsIndexed) {
    }

    /** Starts serve on the mirror and waits until it has updated the docs search index (60 minutes at most). */
    private Started startServe(CliProcess cli, String label, int port, Path index, Path mirror)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        Process serve = cli.start(label, List.of("serve", "--port", Integer.toString(port), "--docs-index", index.toString(),
                mirror.toString()));
        ProcessSampler sampler = new ProcessSampler(serve.pid());
        try {
            long deadline = started + TimeUnit.MINUTES.toNanos(60);
            while (serve.isAlive() && System.nanoTime() < deadline) {
                sampler.sample();
                Matcher m = INDEXED.matcher(Files.readString(cli.output(label), UTF_8));
                if (m.find()) {
                    return new Started(serve, sampler, (System.nanoTime() - started) / 1e9, Integer.parseInt(m.group(1)));
                }
                Thread.sleep(200);
            }
            return new Started(serve, sampler, -1, -1);
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(serve);
            throw e;
        }
    }

    /**
     * serve started again on the same mirror and docs index. With the index up to date it reads no docs tarball,
     * so this is what serve's start costs on its own (the JVM, the server, the index's look at {@code docs/}): the
     * part of the docs index step that the bare {@code cat} has no counterpart for.
     */
    private void restartWithTheIndexUpToDate(CliProcess cli, Path mirror) throws IOException, InterruptedException {
        Started again = startServe(cli, "serve-restart", freePort(), docsIndex(), mirror);
        try {
            if (again.indexSeconds() < 0 || again.versionsIndexed() != 0) {
                out.println("serve restart: the docs index was not found up to date; its output:\n" + cli.tail("serve-restart", 30));
                return;
            }
            serveOwnStartSeconds = again.indexSeconds();
            out.printf(Locale.ROOT, "serve's own start (restarted, the docs index up to date, nothing indexed): %.1fs%n",
                    serveOwnStartSeconds);
        } finally {
            stop(again.process());
        }
    }

    private Path docsIndex() {
        return dir.resolve("docs-index");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void stop(Process process) throws InterruptedException {
        Processes.stop(process, Duration.ofSeconds(30));
    }

    private static double medianRate(List<Wrk.Figures> rounds) {
        return Stats.median(rounds.stream().mapToDouble(Wrk.Figures::requestsPerSecond).toArray());
    }

    private Wrk.Figures wrk(Path script, URI uri, int seconds, String label) throws IOException, InterruptedException {
        return Wrk.locate(2, connections).run(script, uri, seconds, dir.resolve(label + ".txt"));
    }

    /** Random package files and tarballs, half each, from up to 50,000 tarballs: far more than serve's memory cache. */
    private static String luaScript(Path mirror) throws IOException {
        List<String> packages = listNames(mirror.resolve("packages"), "/packages/");
        List<String> tarballs = listNames(mirror.resolve("tarballs"), "/tarballs/");
        Collections.shuffle(packages, new Random(1));
        Collections.shuffle(tarballs, new Random(2));
        return Wrk.packagesAndTarballsScript("FullSizeBenchmark", packages.subList(0, Math.min(20_000, packages.size())),
                tarballs.subList(0, Math.min(50_000, tarballs.size())));
    }

    private static List<String> listNames(Path directory, String prefix) throws IOException {
        try (var files = Files.list(directory)) {
            return files.map(f -> prefix + f.getFileName()).collect(Collectors.toCollection(ArrayList::new));
        }
    }

    /** The nginx site configuration users are given (docs/serving.md), with placeholders for address and root. */
    static String siteTemplate() throws IOException {
        try (InputStream in = Objects.requireNonNull(MirrorServer.class.getResourceAsStream("nginx-site.conf"),
                "resource io/hexmirror/server/nginx-site.conf")) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }

    private boolean step(String name, CliProcess.Result result, String bare, double bareSeconds, String note) throws IOException {
        rows.add(new Row(name, result, seconds(result.wall()), bare, bareSeconds, note));
        out.printf(Locale.ROOT, "%s: exit %d in %s (bare: %.1fs)%n", name, result.exitCode(), secs(result.wall().toNanos()), bareSeconds);
        if (!result.completed()) {
            out.println(tailOf(result));
        }
        return result.completed();
    }

    private String tailOf(CliProcess.Result result) throws IOException {
        List<String> lines = Files.readAllLines(result.output(), UTF_8);
        return "  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private int generation(CliProcess cli) throws IOException, InterruptedException {
        CliProcess.Result status = cli.run("status", List.of("status", dir.resolve("mirror").toString()));
        Matcher m = GENERATION.matcher(Files.readString(status.output(), UTF_8));
        if (status.exitCode() != 0 || !m.find()) {
            throw new IOException("status did not name a generation:\n" + tailOf(status));
        }
        return Integer.parseInt(m.group(1));
    }

    /** Runs a shell command (bash -c) and returns its wall time in seconds; fails when it fails. */
    private double shell(String label, String command) throws IOException, InterruptedException {
        Path output = dir.resolve(label + ".out");
        long started = System.nanoTime();
        Process process = new ProcessBuilder("bash", "-c", "set -o pipefail; " + command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (exit != 0) {
            throw new IOException(label + " failed (" + exit + "): " + command + "\n" + Files.readString(output, UTF_8));
        }
        return seconds;
    }

    private interface Timed<T> {
        T run() throws IOException, InterruptedException;
    }

    /**
     * Writes every dirty page of the system to disk, untimed: so that a timed step or bare operation does not pay
     * for what the one before it left in the cache (the copy of the whole mirror, say).
     */
    private void settle() throws IOException, InterruptedException {
        shell("settle", "sync");
    }

    /** The time {@code sync -f} takes to make durable what was written on the file system holding {@code path}. */
    private double syncFileSystem(String label, Path path) throws IOException, InterruptedException {
        return shell(label, "sync -f " + q(path));
    }

    /** The {@code sync -f} of what a bare operation wrote under {@code path}: part of the step's floor. */
    private void addSyncToFloor(String step, String label, Path path) throws IOException, InterruptedException {
        addToFloor(step, "sync -f", syncFileSystem(label, path));
    }

    private void addToFloor(String step, String what, double seconds) {
        floorParts.computeIfAbsent(step, s -> new ArrayList<>()).add(new FloorPart(what, seconds));
        out.printf(Locale.ROOT, "floor of %s: %s took %.1fs%n", step, what, seconds);
    }

    /** Docs tarballs made into trees the plainest way, then synced: part of the floor of each step that derives them. */
    private void addExtractToFloor(List<Path> tarballs, Path scratch, String... steps) throws IOException, InterruptedException {
        settle();
        BareExtract.Result extract = BareExtract.extractAll(tarballs, scratch);
        double synced = syncFileSystem("bare-extract-sync", scratch);
        LocalFiles.deleteRecursively(scratch);
        String what = String.format(Locale.ROOT, "extract of %,d docs tarballs (%,d files), sync -f", extract.tarballs(), extract.files());
        for (String step : steps) {
            addToFloor(step, what, extract.seconds() + synced);
        }
    }

    /** Every docs tarball under the mirror's {@code docs/}. */
    private static List<Path> docsTarballsIn(Path mirror) throws IOException {
        try (var files = Files.list(mirror.resolve("docs"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tar.gz")).sorted().toList();
        }
    }

    private <T> T bare(String what, Timed<T> work) throws IOException, InterruptedException {
        out.println("bare " + what + ": running");
        return work.run();
    }

    /**
     * What a step cannot take less than, as far as plain tools tell: its bare operation, a JVM's start (each step is a
     * command of its own), and what its output needs beyond the bare operation, done the plainest way (see
     * {@link #addToFloor}).
     */
    private double floorSeconds(Row row) {
        return row.bareSeconds() + jvmStartSeconds
                + floorParts.getOrDefault(row.step(), List.of()).stream().mapToDouble(FloorPart::seconds).sum();
    }

    private String noteOf(Row row) {
        if (row.step().equals(DOCS_INDEX) && !Double.isNaN(serveOwnStartSeconds)) {
            return row.note() + String.format(Locale.ROOT, "; serve's own start, the index up to date: %.1fs", serveOwnStartSeconds);
        }
        return row.note();
    }

    private void printTable() {
        out.println();
        out.printf(Locale.ROOT, "| step (-Xmx%s) | hexmirror | exit | heap after GC, max | full GCs | peak RSS | bare operation | bare | ratio"
                + " | floor | ratio to floor | notes |%n", heap);
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Row row : rows) {
            CliProcess.Result r = row.hexmirror();
            boolean serveRow = r == null;
            GcLog gc = serveRow ? serveGc : r.gc();
            String time = row.isRate() ? String.format(Locale.ROOT, "%,.0f req/s", 1 / row.seconds())
                    : String.format(Locale.ROOT, "%.1fs", row.seconds());
            String bareTime = row.isRate() ? String.format(Locale.ROOT, "%,.0f req/s", 1 / row.bareSeconds())
                    : String.format(Locale.ROOT, "%.1fs", row.bareSeconds());
            out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %.2f%s | %s | %s | %s |%n", row.step(), time,
                    serveRow ? "-" : Integer.toString(r.exitCode()),
                    gc == null ? "?" : mibShort(gc.peakAfterBytes()), gc == null ? "?" : Integer.toString(gc.fullPauses()),
                    serveRow ? "-" : mibShort(r.peakRssBytes()), row.bare(), bareTime, row.ratio(),
                    row.ratio() > GOAL_RATIO ? " (over)" : "",
                    row.isRate() ? "-" : String.format(Locale.ROOT, "%.1fs", floorSeconds(row)),
                    row.isRate() ? "-" : String.format(Locale.ROOT, "%.2f", row.seconds() / floorSeconds(row)), noteOf(row));
        }
        out.printf(Locale.ROOT, "load after: %s%n", ProcessSampler.loadAverage());
    }

    private static long sizeOf(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return Files.size(path);
        }
        try (var files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static String q(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static String secs(long nanos) {
        return String.format(Locale.ROOT, "%.1fs", nanos / 1e9);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static String mibShort(long bytes) {
        return (bytes >> 20) + " MiB";
    }

    /** What a month upstream changed: packages, new or replaced tarballs, new docs (mirror paths). */
    record MonthOfChanges(Set<String> packages, List<String> tarballs, List<String> docs) {
        /** The mirror files the month changed, as paths relative to the mirror. */
        List<String> files() {
            List<String> files = new ArrayList<>(List.of("names", "versions"));
            packages.stream().sorted().forEach(name -> files.add("packages/" + name));
            files.addAll(tarballs);
            files.addAll(docs);
            return files;
        }

        /**
         * Changes {@code count} packages as {@link UpstreamChanges} does (new releases with payloads averaging
         * {@code meanPayloadBytes}, as the registry's) and publishes docs for every new
         * latest release; finds out which files changed by comparing before and after.
         */
        static MonthOfChanges apply(FakeHexRepository upstream, int count, long seed, int meanPayloadBytes) {
            Map<String, List<String>> versionsBefore = new HashMap<>();
            Map<String, TarballChecksums> latestBefore = new HashMap<>();
            Map<String, byte[]> filesBefore = new HashMap<>();
            for (String name : upstream.packageNames()) {
                List<String> versions = upstream.versions(name);
                versionsBefore.put(name, versions);
                latestBefore.put(name, upstream.tarballChecksums(name, versions.get(versions.size() - 1)));
                filesBefore.put(name, upstream.file("packages/" + name).orElseThrow());
            }
            UpstreamChanges.apply(upstream, count, seed, meanPayloadBytes);
            Set<String> changed = new HashSet<>();
            List<String> tarballs = new ArrayList<>();
            List<String> docs = new ArrayList<>();
            for (String name : upstream.packageNames()) {
                if (java.util.Arrays.equals(filesBefore.get(name), upstream.file("packages/" + name).orElseThrow())) {
                    continue;
                }
                changed.add(name);
                List<String> before = versionsBefore.get(name);
                List<String> versions = upstream.versions(name);
                String latest = versions.get(versions.size() - 1);
                for (String v : versions) {
                    if (!before.contains(v)) {
                        tarballs.add("tarballs/" + name + "-" + v + ".tar");
                        upstream.publishDocs(name, v);
                        docs.add(FakeHexRepository.docsKey(name, v));
                    }
                }
                String oldLatest = before.get(before.size() - 1);
                if (latest.equals(oldLatest) && !upstream.tarballChecksums(name, latest).equals(latestBefore.get(name))) {
                    tarballs.add("tarballs/" + name + "-" + latest + ".tar");
                }
            }
            return new MonthOfChanges(changed, tarballs, docs);
        }
    }
}
