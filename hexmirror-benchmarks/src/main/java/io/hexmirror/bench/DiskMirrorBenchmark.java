package io.hexmirror.bench;

import io.hexmirror.files.LocalFiles;
import io.hexmirror.storage.config.Sizes;
import io.hexmirror.testkit.clients.Nginx;
import io.hexmirror.testkit.clients.NginxServer;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The benchmark of a mirror larger than the server's memory: {@code hexmirror serve} against nginx
 * on the same directory, and {@code hexmirror verify} against {@code sha256sum} over the same files.
 *
 * <p>The mirror is synced by the CLI jar from a generated upstream (1,700 packages and 15,000
 * releases by default, about 134 MB on disk) or, with {@code --mirror}, one synced before is reused.
 * The server runs as {@code java -jar hexmirror.jar serve --memory-cache SIZE}, with a cache a quarter
 * of the mirror's size or less, so that most requests miss it; nginx runs with the project's site
 * template, one worker per core, {@code sendfile on}. {@code wrk} loads both alternately, asking for
 * random package files and tarballs, half each. Both servers read the files through the page cache; with
 * {@code --page-cache-limit} each runs in a memory cgroup of that size ({@link MemoryCgroup}), so that a mirror
 * larger than the page cache is measured on a machine whose memory would hold it.
 * Prints requests per second, errors and the server's CPU time per request (its process and, for nginx,
 * its workers) of each run, the medians and their ratio, and the goals:
 * at least 0.8 times nginx's requests per second with no errors; verify at least 0.8 times the speed
 * of {@code sha256sum}. The verify comparison runs, in each round, {@code sha256sum} over the files,
 * {@code sha256sum} on two processes, {@code verify}, {@code verify --deep} and optionally another
 * build's verify, and prints wall and CPU time of each. With {@code --baseline-jar}, that build's
 * {@code serve} takes its turn in every round too, on the same mirror with the same cache. The exit
 * status is 0 when every goal measured is met.
 */
@Command(name = "disk-mirror", mixinStandardHelpOptions = true,
        description = "hexmirror serve vs nginx and hexmirror verify vs sha256sum on a mirror larger than the server's memory cache.")
public final class DiskMirrorBenchmark implements Callable<Integer> {
    private static final double GOAL = 0.8;

    @Option(names = "--cli-jar", required = true, description = "The hexmirror CLI jar (hexmirror-cli/target/hexmirror.jar).")
    Path cliJar;

    @Option(names = "--mirror", description = "Reuse this mirror directory, synced before, instead of generating and syncing one.")
    Path mirrorDir;

    @Option(names = "--upstream-key", description = "The upstream's public key that --mirror was synced with (default:"
            + " upstream-key.pem next to the mirror directory, where this benchmark leaves it).")
    Path upstreamKey;

    @Option(names = "--packages", defaultValue = "1700", description = "Packages of the generated upstream (default: ${DEFAULT-VALUE}).")
    int packages;

    @Option(names = "--releases", defaultValue = "15000", description = "Releases of the generated upstream (default: ${DEFAULT-VALUE}).")
    int releases;

    @Option(names = "--seed", defaultValue = "20240101", description = "Seed of the generated repository.")
    long seed;

    @Option(names = "--memory-cache", description = "hexmirror serve's --memory-cache (default: a quarter of the mirror's size,"
            + " in whole MiB).")
    String memoryCache;

    @Option(names = "--connections", defaultValue = "200", description = "wrk connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--threads", defaultValue = "2", description = "wrk threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--duration", defaultValue = "20", description = "Seconds per wrk run (default: ${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--rounds", defaultValue = "2", description = "wrk runs per server, alternating (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--skip-serve", description = "Leave out serve vs nginx.")
    boolean skipServe;

    @Option(names = "--skip-verify", description = "Leave out verify vs sha256sum.")
    boolean skipVerify;

    @Option(names = "--skip-deep", description = "Leave out verify --deep.")
    boolean skipDeep;

    @Option(names = "--verify-rounds", defaultValue = "3", description = "Timed runs of each command of the verify comparison"
            + " (default: ${DEFAULT-VALUE}).")
    int verifyRounds;

    @Option(names = "--baseline-jar", description = "Another build's CLI jar whose verify and serve run side by side with this"
            + " one's, e.g. the main branch's, to compare before and after a change.")
    Path baselineJar;

    @Option(names = "--payload-kb", defaultValue = "0", description = "Mean size in KB of an incompressible payload added to each"
            + " generated tarball (default: none; the tarballs are then about 6 KB; 49 makes them average about 60 KB, as"
            + " hex.pm's do, the rest of a tarball with a payload being stored uncompressed with it: 11 KB).")
    int payloadKb;

    @Option(names = "--page-cache-limit", paramLabel = "SIZE", description = "Start each server in a memory cgroup of this size"
            + " (e.g. 1G), which holds its process and the page cache of the files it reads, as on a machine with that much"
            + " memory; the page cache is dropped before each server's warm-up and run. Measures a mirror larger than the page"
            + " cache on a machine whose memory would hold it. Needs root and Linux's memory controller.")
    String pageCacheLimit;

    @Option(names = "--work", description = "Directory for the mirror, logs and wrk output (default: a new temporary directory).")
    Path work;

    @Spec
    CommandSpec spec;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.exit(new CommandLine(new DiskMirrorBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(cliJar)) {
            throw new ParameterException(spec.commandLine(), "--cli-jar must name the hexmirror CLI jar: no file " + cliJar);
        }
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("hexmirror-disk-bench-");
        out.printf(Locale.ROOT, "machine: %d cores, %s, Java %s; load %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), System.getProperty("java.version"),
                ProcessSampler.loadAverage());
        Path mirror = mirrorDir != null ? mirrorDir.toAbsolutePath() : sync(dir);
        if (upstreamKey == null) {
            upstreamKey = mirror.resolveSibling("upstream-key.pem");
        }
        List<Path> files = servedFiles(mirror);
        long bytes = 0;
        for (Path file : files) {
            bytes += Files.size(file);
        }
        out.printf(Locale.ROOT, "mirror: %s, %d package files and tarballs, %.1f MB (%s)%n", mirror, files.size(), bytes / 1e6,
                duOf(mirror));
        boolean met = true;
        if (!skipVerify) {
            met &= verifyVsSha256sum(mirror, files, bytes, dir);
        }
        if (!skipServe) {
            met &= serveVsNginx(mirror, files, bytes, dir);
        }
        return met ? 0 : 1;
    }

    private Path sync(Path dir) throws Exception {
        FakeHexRepository repository = FakeHexRepository.create();
        SyntheticRegistry.populate(repository, packages, releases, seed, false, payloadKb * 1000);
        repository.prebuild();
        Path key = dir.toAbsolutePath().resolve("upstream-key.pem");
        Files.writeString(key, repository.publicKeyPem(), StandardCharsets.US_ASCII);
        Path mirror = dir.toAbsolutePath().resolve("mirror");
        LocalFiles.deleteRecursively(mirror);
        Files.createDirectories(mirror);
        try (FakeUpstreamServer server = FakeUpstreamServer.start(repository)) {
            SyncProcess.Result result = new SyncProcess(cliJar, "512m", 8, server.baseUri(), key).run("sync", mirror, dir);
            if (result.exitCode() != 0) {
                throw new IllegalStateException("the sync failed (exit " + result.exitCode() + "); see " + result.output());
            }
            out.printf(Locale.ROOT, "synced %d packages, %d tarballs in %.1f s%n", result.packagesAdded(), result.tarballsDownloaded(),
                    result.wall().toMillis() / 1000.0);
        }
        return mirror;
    }

    /** Every package file and tarball, sorted: what both servers serve and what both checks read. */
    private static List<Path> servedFiles(Path mirror) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String area : List.of("packages", "tarballs")) {
            try (Stream<Path> listed = Files.list(mirror.resolve(area))) {
                listed.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        }
        return files;
    }

    // ---- verify vs sha256sum -------------------------------------------------------------------

    /** One command of the verify comparison, and its figures per round. */
    private record Timed(String name, List<String> command, double[] wall, double[] cpu) {
        Timed(String name, List<String> command, int rounds) {
            this(name, command, new double[rounds], new double[rounds]);
        }
    }

    private boolean verifyVsSha256sum(Path mirror, List<Path> files, long bytes, Path dir) throws IOException, InterruptedException {
        out.println();
        out.println("verify vs sha256sum (same files, page cache warm: each runs once untimed first; CPU = user + sys of the"
                + " process and its children)");
        Path list = dir.resolve("sha256sum-files.txt");
        Files.write(list, files.stream().map(Path::toString).collect(Collectors.toList()), StandardCharsets.UTF_8);
        List<Timed> commands = new ArrayList<>();
        commands.add(new Timed("sha256sum", List.of("sh", "-c", "xargs -d '\\n' sha256sum < \"$1\"", "sha256sum", list.toString()),
                verifyRounds));
        // verify runs on every core: sha256sum on two processes, each half of the files, is the fair
        // comparison of the work per core; the goal stays against one sha256sum, as the issue states it.
        int half = Math.max(1, (files.size() + 1) / 2);
        commands.add(new Timed("sha256sum x2", List.of("sh", "-c", "xargs -d '\\n' -P 2 -n " + half + " sha256sum < \"$1\"",
                "sha256sum", list.toString()), verifyRounds));
        List<String> verifyArgs = List.of("verify", "--upstream-key", upstreamKey.toString(), mirror.toString());
        commands.add(new Timed("verify", javaJar(cliJar, verifyArgs), verifyRounds));
        if (!skipDeep) {
            commands.add(new Timed("verify --deep", javaJar(cliJar, List.of("verify", "--deep", "--upstream-key", upstreamKey.toString(),
                    mirror.toString())), verifyRounds));
        }
        if (baselineJar != null) {
            commands.add(new Timed("baseline", javaJar(baselineJar, verifyArgs), verifyRounds));
        }
        for (Timed timed : commands) {
            run(timed.command(), dir.resolve("verify-untimed.out"));
        }
        out.printf(Locale.ROOT, "%-14s %5s %10s %10s %10s%n", "command", "round", "wall s", "CPU s", "MB/s");
        for (int round = 0; round < verifyRounds; round++) {
            for (Timed timed : commands) {
                double[] figures = run(timed.command(), dir.resolve("verify-" + timed.name().replaceAll("\\W+", "-") + ".out"));
                timed.wall()[round] = figures[0];
                timed.cpu()[round] = figures[1];
                out.printf(Locale.ROOT, "%-14s %5d %10.2f %10.2f %10.1f%n", timed.name(), round + 1, figures[0], figures[1],
                        bytes / 1e6 / figures[0]);
            }
        }
        out.printf(Locale.ROOT, "load after the runs: %s%n", ProcessSampler.loadAverage());
        double sha = Stats.median(commands.get(0).wall());
        double sha2 = Stats.median(commands.get(1).wall());
        out.printf(Locale.ROOT, "%-14s %12s %12s %16s %20s%n", "medians", "wall s", "CPU s", "speed/sha256sum", "speed/sha256sum x2");
        for (Timed timed : commands) {
            double wall = Stats.median(timed.wall());
            out.printf(Locale.ROOT, "%-14s %12.2f %12.2f %16.2f %20.2f%n", timed.name(), wall, Stats.median(timed.cpu()), sha / wall,
                    sha2 / wall);
        }
        double ratio = sha / Stats.median(commands.get(2).wall());
        boolean met = ratio >= GOAL;
        out.printf(Locale.ROOT, "goal: verify at least %.1fx sha256sum's speed: %.2f, %s%n", GOAL, ratio, met ? "MET" : "MISSED");
        return met;
    }

    private static List<String> javaJar(Path jar, List<String> args) {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-jar", jar.toString()));
        command.addAll(args);
        return command;
    }

    /**
     * Runs a command to its end, its output into a file, failing on a non-zero exit; returns its wall
     * time and its CPU time (user + sys, its own and its children's, which the shell's {@code times}
     * reports) in seconds.
     */
    private static double[] run(List<String> command, Path output) throws IOException, InterruptedException {
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", "\"$@\" > \"$0\" 2>&1; status=$?; times; exit $status",
                output.toString()));
        wrapped.addAll(command);
        long start = System.nanoTime();
        Process process = new ProcessBuilder(wrapped).redirectErrorStream(true).start();
        String times = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + exit + "; output in " + output);
        }
        return new double[] {seconds, childrenCpuSeconds(times)};
    }

    /** The children's user and sys time from the second line of {@code times}: "0m1.230s 0m0.450s". */
    static double childrenCpuSeconds(String times) {
        String[] lines = times.trim().split("\\R");
        Matcher m = Pattern.compile("(\\d+)m([\\d.]+)s\\s+(\\d+)m([\\d.]+)s").matcher(lines[lines.length - 1]);
        if (!m.find()) {
            throw new IllegalStateException("unexpected output of the shell's times: " + times);
        }
        return Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2))
                + Integer.parseInt(m.group(3)) * 60 + Double.parseDouble(m.group(4));
    }

    // ---- serve vs nginx ------------------------------------------------------------------------

    /** One wrk run's figures, with the CPU time the server's processes used during it. */
    record Run(String server, int round, double requestsPerSecond, long requests, long errors, Duration cpu) {
        double cpuMicrosPerRequest() {
            return requests == 0 ? Double.NaN : cpu.toNanos() / 1e3 / requests;
        }
    }

    /** A server under load: its name in the output, its URL, and the processes whose CPU time counts. */
    private record Served(String name, URI uri, ProcessHandle process) {
        /** The CPU time of the process and its descendants (nginx's workers) so far. */
        Duration cpu() {
            return Stream.concat(Stream.of(process), process.descendants())
                    .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO)).reduce(Duration.ZERO, Duration::plus);
        }
    }

    private boolean serveVsNginx(Path mirror, List<Path> files, long bytes, Path dir) throws Exception {
        Wrk wrk = Wrk.locate(threads, connections);
        long limit = pageCacheLimit == null ? 0 : Sizes.parse(pageCacheLimit);
        // The memory cache is on the heap: within a memory limit it gets a sixteenth of it (64M in 1G, serve's default).
        String cache = memoryCache != null ? memoryCache
                : Math.max(1, (limit > 0 ? limit / 16 : bytes / 4) / (1024 * 1024)) + "M";
        Path script = dir.resolve("mix.lua");
        Files.writeString(script, luaScript(mirror, files), StandardCharsets.UTF_8);
        int cores = Runtime.getRuntime().availableProcessors();
        out.println();
        out.printf(Locale.ROOT, "hexmirror serve vs nginx: hexmirror's memory cache %s (the files are %.1f MB); nginx %d workers,"
                + " sendfile on; wrk %d threads, %d connections, %d s per run, %d runs each after a warm-up (%s)%n",
                cache, bytes / 1e6, cores, threads, connections, duration, rounds,
                limit > 0 ? "every file once, then before each run the page cache dropped and 5 s of wrk"
                        : "every file once, then 5 s of wrk");
        List<String> names = baselineJar == null ? List.of("hexmirror", "nginx") : List.of("hexmirror", "baseline", "nginx");
        try (ServerGroups groups = limit == 0 ? ServerGroups.NONE
                : ServerGroups.create(limit, "-" + ProcessHandle.current().pid(), names)) {
            if (limit > 0) {
                out.printf(Locale.ROOT, "each server in a memory cgroup of %s, its process and the page cache of what it reads"
                        + " (the files are %.1fx that): %s%n", pageCacheLimit, bytes / (double) limit, groups);
            }
            return serveVsNginx(mirror, files, dir, wrk, script, cache, cores, groups);
        }
    }

    /** The servers' memory cgroups, by server name, when the page cache is limited. */
    private record ServerGroups(Map<String, MemoryCgroup> groups) implements AutoCloseable {
        static final ServerGroups NONE = new ServerGroups(Map.of());

        static ServerGroups create(long limit, String suffix, List<String> servers) throws IOException {
            Map<String, MemoryCgroup> groups = new LinkedHashMap<>();
            try {
                for (String server : servers) {
                    groups.put(server, MemoryCgroup.create("hexmirror-bench-" + server + suffix, limit));
                }
            } catch (IOException e) {
                new ServerGroups(groups).close();
                throw e;
            }
            return new ServerGroups(groups);
        }

        boolean limited() {
            return !groups.isEmpty();
        }

        List<String> launcher(String server) {
            return !limited() ? List.of() : groups.get(server).launcher();
        }

        String peaks() {
            return "most memory in use, process and page cache: " + groups.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue().peakBytes().map(b -> b / (1024 * 1024) + " MiB").orElse("?"))
                    .collect(Collectors.joining(", "));
        }

        @Override
        public String toString() {
            return groups.values().stream().map(MemoryCgroup::toString).collect(Collectors.joining(", "));
        }

        @Override
        public void close() throws IOException {
            IOException failure = null;
            for (MemoryCgroup group : groups.values()) {
                try {
                    group.close();
                } catch (IOException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    private boolean serveVsNginx(Path mirror, List<Path> files, Path dir, Wrk wrk, Path script, String cache, int cores,
            ServerGroups groups) throws Exception {
        List<Process> serves = new ArrayList<>();
        try (NginxServer nginx = Nginx.locate().launchedBy(groups.launcher("nginx"))
                .start(dir.resolve("nginx"), FullSizeBenchmark.siteTemplate(), mirror, cores, 1024)) {
            List<Served> servers = new ArrayList<>();
            servers.add(startServe("hexmirror", cliJar, mirror, cache, dir, groups, serves));
            if (baselineJar != null) {
                servers.add(startServe("baseline", baselineJar, mirror, cache, dir, groups, serves));
            }
            servers.add(new Served("nginx", nginx.baseUri(), ProcessHandle.of(nginx.pid()).orElseThrow()));
            // Every file once from each server first: hexmirror has then seen each one (hashed it for its ETag)
            // before the runs, as a server that has run a while has; and, unless it is limited, the page cache holds them all.
            for (Served server : servers) {
                long failed = fetchEach(server.uri(), files);
                if (failed > 0) {
                    throw new IllegalStateException(failed + " files could not be fetched from " + server.uri() + " in the warm-up");
                }
            }
            if (!groups.limited()) {
                for (Served server : servers) {
                    wrk.run(script, server.uri(), 5, dir.resolve("warmup-" + server.name() + ".txt"));
                }
            }
            List<Run> runs = new ArrayList<>();
            out.printf(Locale.ROOT, "%-10s %5s %12s %10s %8s %13s%n", "server", "round", "requests/s", "requests", "errors",
                    "CPU us/req");
            for (int round = 1; round <= rounds; round++) {
                for (Served server : servers) {
                    if (groups.limited()) {
                        // From a cold page cache (so that the server reads only through its own group), 5 s of the same
                        // load fill the group, as a server that has run a while keeps its cache full; then the timed run.
                        MemoryCgroup.dropPageCache();
                        wrk.run(script, server.uri(), 5, dir.resolve("warmup-" + server.name() + "-" + round + ".txt"));
                    }
                    Duration before = server.cpu();
                    Wrk.Figures figures = wrk.run(script, server.uri(), duration,
                            dir.resolve("wrk-" + server.name() + "-" + round + ".txt"));
                    Run run = new Run(server.name(), round, figures.requestsPerSecond(), figures.requests(), figures.errors(),
                            server.cpu().minus(before));
                    runs.add(run);
                    out.printf(Locale.ROOT, "%-10s %5d %12.0f %10d %8d %13.1f%n", run.server(), round, run.requestsPerSecond(),
                            run.requests(), run.errors(), run.cpuMicrosPerRequest());
                }
            }
            double h = medianOf(runs, "hexmirror", Run::requestsPerSecond);
            double n = medianOf(runs, "nginx", Run::requestsPerSecond);
            long hErrors = errorsOf(runs, "hexmirror");
            long nErrors = errorsOf(runs, "nginx");
            boolean met = h >= GOAL * n && hErrors == 0;
            out.printf(Locale.ROOT, "median requests/s: hexmirror %.0f, nginx %.0f; ratio hexmirror/nginx = %.2f (per round: %s)%n",
                    h, n, h / n, perRound(runs, "nginx"));
            out.printf(Locale.ROOT, "median CPU per request: hexmirror %.1f us, nginx %.1f us%n",
                    medianOf(runs, "hexmirror", Run::cpuMicrosPerRequest), medianOf(runs, "nginx", Run::cpuMicrosPerRequest));
            if (baselineJar != null) {
                double b = medianOf(runs, "baseline", Run::requestsPerSecond);
                out.printf(Locale.ROOT, "baseline (%s): median requests/s %.0f, CPU per request %.1f us; ratio hexmirror/baseline"
                        + " = %.2f (per round: %s), errors %d%n", baselineJar.getFileName(), b,
                        medianOf(runs, "baseline", Run::cpuMicrosPerRequest), h / b, perRound(runs, "baseline"),
                        errorsOf(runs, "baseline"));
            }
            out.printf(Locale.ROOT, "errors (socket errors + non-2xx/3xx): hexmirror %d, nginx %d%n", hErrors, nErrors);
            if (groups.limited()) {
                out.println(groups.peaks());
            }
            out.printf(Locale.ROOT, "goal: hexmirror at least %.1fx nginx's requests/s with 0 errors: %s%n", GOAL, met ? "MET" : "MISSED");
            return met;
        } finally {
            for (Process serve : serves) {
                Processes.stop(serve, Duration.ofSeconds(20));
            }
        }
    }

    /** Starts a build's {@code serve} on the mirror, in its memory group when limited; adds it to {@code started}. */
    private Served startServe(String name, Path jar, Path mirror, String cache, Path dir, ServerGroups groups,
            List<Process> started) throws IOException {
        List<String> serve = new ArrayList<>(groups.launcher(name));
        // A docs search index of its own: two servers of one mirror cannot share the default one.
        serve.addAll(List.of(javaExecutable(), "-jar", jar.toString(), "serve", "--port", "0", "--memory-cache", cache,
                "--docs-index", dir.resolve(name + "-docs-index").toString(), mirror.toString()));
        Process process = new ProcessBuilder(serve).redirectErrorStream(true).start();
        started.add(process);
        return new Served(name, awaitServing(process, dir.resolve(name.equals("hexmirror") ? "serve.out" : name + "-serve.out")),
                process.toHandle());
    }

    private static double medianOf(List<Run> runs, String server, ToDoubleFunction<Run> figure) {
        return Stats.median(runs.stream().filter(r -> r.server().equals(server)).mapToDouble(figure).toArray());
    }

    private static long errorsOf(List<Run> runs, String server) {
        return runs.stream().filter(r -> r.server().equals(server)).mapToLong(Run::errors).sum();
    }

    /** hexmirror's requests per second over the other server's, round by round. */
    private static String perRound(List<Run> runs, String other) {
        return runs.stream().filter(r -> r.server().equals("hexmirror"))
                .map(r -> runs.stream().filter(x -> x.server().equals(other) && x.round() == r.round()).findFirst()
                        .map(x -> String.format(Locale.ROOT, "%.2f", r.requestsPerSecond() / x.requestsPerSecond())).orElse("-"))
                .collect(Collectors.joining(", "));
    }

    /** GETs every file once, 16 at a time; returns how many did not come back 200. */
    private static long fetchEach(URI base, List<Path> files) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Semaphore inFlight = new Semaphore(16);
        AtomicLong failed = new AtomicLong();
        for (Path file : files) {
            inFlight.acquire();
            URI uri = URI.create(base + "/" + file.getParent().getFileName() + "/" + file.getFileName());
            client.sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> {
                        if (error != null || response.statusCode() != 200) {
                            failed.incrementAndGet();
                        }
                        inFlight.release();
                    });
        }
        inFlight.acquire(16);
        return failed.get();
    }

    /** Waits for the serve command's "serving ... at URL" line; keeps its further output in a file. */
    private static URI awaitServing(Process process, Path output) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Pattern serving = Pattern.compile("serving .* at (http://\\S+?)/?(\\s|$)");
        StringBuilder seen = new StringBuilder();
        for (String line; (line = reader.readLine()) != null; ) {
            seen.append(line).append('\n');
            Matcher m = serving.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try (InputStream in = process.getInputStream()) {
                        Files.copy(in, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    } catch (IOException e) {
                        // The process ended; nothing more to keep.
                    }
                }, "serve-output");
                drain.setDaemon(true);
                drain.start();
                return URI.create(m.group(1));
            }
        }
        throw new IOException("hexmirror serve ended before serving:\n" + seen);
    }

    /** Half the requests for a random package file, half for a random tarball. */
    private static String luaScript(Path mirror, List<Path> files) {
        return Wrk.packagesAndTarballsScript("DiskMirrorBenchmark for " + mirror.getFileName(), urlPaths(files, "packages"),
                urlPaths(files, "tarballs"));
    }

    private static List<String> urlPaths(List<Path> files, String directory) {
        return files.stream().filter(f -> f.getParent().getFileName().toString().equals(directory))
                .map(f -> "/" + directory + "/" + f.getFileName()).toList();
    }

    private static String duOf(Path dir) {
        try {
            Process du = new ProcessBuilder("du", "-sh", dir.toString()).redirectErrorStream(true).start();
            String text = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            du.waitFor();
            return "du: " + text.split("\\s+")[0];
        } catch (IOException | InterruptedException e) {
            return "du failed";
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
