package io.hexmirror.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.hexmirror.sync.SyncSummary;
import io.hexmirror.testkit.clients.Nginx;
import io.hexmirror.testkit.clients.NginxServer;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Benchmark, not a test: serves one mirror directory with {@code hexmirror serve} (the shaded jar
 * as a process, default JVM options) and with nginx (the project's site template) side by side, and
 * loads both alternately with the same {@code wrk} run: 200 connections, 2 threads, a Lua script
 * that asks for random {@code /packages/*} and {@code /tarballs/*} files, half each. Prints
 * requests per second, p99 latency and errors for every run, then the medians and the ratio.
 * Goal: hexmirror at least half of nginx's throughput, with no errors.
 *
 * <p>Run it with {@code bench/serve-vs-nginx.sh}. Settings (system properties): {@code
 * bench.packages} (300), {@code bench.duration} seconds per run (20), {@code bench.rounds} runs per
 * server (2), {@code bench.connections} (200), {@code bench.threads} (2), {@code bench.dir} (a new
 * temporary directory), {@code hexmirror.jar}.
 */
public final class ServeVsNginxBenchmark {
    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern P99 = Pattern.compile("\\s99%\\s+([0-9.]+)(us|ms|s)\\b");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern NON_2XX_3XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ");

    private ServeVsNginxBenchmark() {
    }

    /** One wrk run's figures. */
    record Run(String server, int round, double requestsPerSecond, double p99Millis, long requests, long socketErrors,
            long badStatus) {
        long errors() {
            return socketErrors + badStatus;
        }
    }

    public static void main(String[] args) throws Exception {
        int packages = Integer.getInteger("bench.packages", 300);
        int duration = Integer.getInteger("bench.duration", 20);
        int rounds = Integer.getInteger("bench.rounds", 2);
        int connections = Integer.getInteger("bench.connections", 200);
        int threads = Integer.getInteger("bench.threads", 2);
        Path dir = System.getProperty("bench.dir") != null ? Files.createDirectories(Path.of(System.getProperty("bench.dir")))
                : Files.createTempDirectory("hexmirror-bench");
        Path wrk = Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).map(d -> Path.of(d, "wrk"))
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk not found: apt-get install -y wrk"));

        Path mirrorDir = Files.createDirectories(dir.resolve("mirror"));
        List<String> paths;
        try (SyncFixture fixture = new SyncFixture(mirrorDir)) {
            publish(fixture.upstream, packages);
            long start = System.nanoTime();
            SyncSummary summary = fixture.sync();
            if (!summary.succeeded()) {
                throw new IllegalStateException("sync failed: " + summary.failures());
            }
            paths = servedPaths(mirrorDir);
            System.out.printf(Locale.ROOT, "Mirror: %d packages, %d tarballs, %s of tarballs, synced in %d ms into %s%n",
                    paths.stream().filter(p -> p.startsWith("/packages/")).count(),
                    paths.stream().filter(p -> p.startsWith("/tarballs/")).count(),
                    megabytes(tarballBytes(mirrorDir)), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), mirrorDir);
        }
        Path script = dir.resolve("mix.lua");
        Files.writeString(script, luaScript(paths), UTF_8);

        int cores = Runtime.getRuntime().availableProcessors();
        try (HexmirrorProcess hexmirror = HexmirrorProcess.start(dir.resolve("hexmirror"),
                        List.of("serve", "--port", "0", mirrorDir.toString()));
                NginxServer nginx = Nginx.locate().start(dir.resolve("nginx"), ServedMirror.nginxSiteTemplate(), mirrorDir,
                        cores, 1024)) {
            URI hexmirrorUri = URI.create(hexmirror.awaitServing().toString().replaceFirst("/$", ""));
            URI nginxUri = nginx.baseUri();
            System.out.printf(Locale.ROOT, "hexmirror serve: %s (java -jar %s, default JVM options)%n", hexmirrorUri,
                    HexmirrorProcess.jar().getFileName());
            System.out.printf(Locale.ROOT, "nginx:           %s (%d worker processes, sendfile on)%n", nginxUri, cores);
            System.out.printf(Locale.ROOT, "wrk: %d threads, %d connections, %d s per run, %d runs each, alternating; "
                    + "a warm-up run of 5 s each first%n%n", threads, connections, duration, rounds);

            wrk(wrk, script, hexmirrorUri, threads, connections, 5, dir.resolve("warmup-hexmirror.txt"));
            wrk(wrk, script, nginxUri, threads, connections, 5, dir.resolve("warmup-nginx.txt"));

            List<Run> runs = new ArrayList<>();
            System.out.printf(Locale.ROOT, "%-10s %5s %12s %10s %10s %8s%n", "server", "round", "requests/s", "p99 ms", "requests",
                    "errors");
            for (int round = 1; round <= rounds; round++) {
                for (String server : List.of("hexmirror", "nginx")) {
                    URI uri = server.equals("hexmirror") ? hexmirrorUri : nginxUri;
                    String output = wrk(wrk, script, uri, threads, connections, duration,
                            dir.resolve("wrk-" + server + "-" + round + ".txt"));
                    Run run = parse(server, round, output);
                    runs.add(run);
                    System.out.printf(Locale.ROOT, "%-10s %5d %12.0f %10.2f %10d %8d%n", server, round, run.requestsPerSecond(),
                            run.p99Millis(), run.requests(), run.errors());
                }
            }
            summarise(runs);
            if (hexmirror.isAlive()) {
                System.out.println("\nhexmirror process still serving after the runs: yes");
            } else {
                System.out.println("\nhexmirror process DIED during the runs:" + hexmirror.output());
            }
        }
        System.out.println("Raw wrk output and server logs: " + dir);
    }

    /**
     * {@code count} packages with one to three releases each; tarballs from about 1 KiB to about
     * 100 KiB (hex.pm's average is some tens of KiB). Deterministic.
     */
    private static void publish(FakeHexRepository repo, int count) {
        Random random = new Random(2024);
        for (int i = 0; i < count; i++) {
            String name = "pkg" + String.format(Locale.ROOT, "%04d", i);
            int releases = 1 + random.nextInt(3);
            for (int r = 0; r < releases; r++) {
                var release = repo.release(name, "1." + r + ".0").payloadBytes(random.nextInt(100 * 1024));
                if (i > 0 && random.nextBoolean()) {
                    release.dependsOn("pkg" + String.format(Locale.ROOT, "%04d", random.nextInt(i)), "~> 1.0");
                }
                release.publish();
            }
        }
    }

    private static List<String> servedPaths(Path mirrorDir) throws IOException {
        List<String> paths = new ArrayList<>();
        for (String area : List.of("packages", "tarballs")) {
            try (Stream<Path> files = Files.list(mirrorDir.resolve(area))) {
                files.map(f -> "/" + area + "/" + f.getFileName()).sorted().forEach(paths::add);
            }
        }
        return paths;
    }

    private static long tarballBytes(Path mirrorDir) throws IOException {
        try (Stream<Path> files = Files.list(mirrorDir.resolve("tarballs"))) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** Half the requests for a random package file, half for a random tarball. */
    static String luaScript(List<String> paths) {
        String packages = paths.stream().filter(p -> p.startsWith("/packages/")).map(p -> "\"" + p + "\"")
                .collect(Collectors.joining(",\n  "));
        String tarballs = paths.stream().filter(p -> p.startsWith("/tarballs/")).map(p -> "\"" + p + "\"")
                .collect(Collectors.joining(",\n  "));
        return "-- Generated by ServeVsNginxBenchmark: random /packages/* and /tarballs/* requests, half each.\n"
                + "local packages = {\n  " + packages + "\n}\n"
                + "local tarballs = {\n  " + tarballs + "\n}\n"
                + "local counter = 0\n"
                + "function setup(thread)\n  counter = counter + 1\n  thread:set(\"seed\", counter)\nend\n"
                + "function init(args)\n  math.randomseed(seed * 7919)\nend\n"
                + "function request()\n"
                + "  local list = (math.random(2) == 1) and packages or tarballs\n"
                + "  return wrk.format(\"GET\", list[math.random(#list)])\n"
                + "end\n";
    }

    private static String wrk(Path wrk, Path script, URI uri, int threads, int connections, int seconds, Path output)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(wrk.toString(), "-t" + threads, "-c" + connections, "-d" + seconds + "s",
                "--timeout", "10s", "--latency", "-s", script.toString(), uri.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("wrk did not finish: " + output);
        }
        String text = Files.readString(output, UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException("wrk failed with " + process.exitValue() + ":\n" + text);
        }
        return text;
    }

    static Run parse(String server, int round, String output) {
        double rps = Double.parseDouble(find(REQUESTS_PER_SECOND, output, "Requests/sec").group(1));
        Matcher p99 = find(P99, output, "99% latency");
        double value = Double.parseDouble(p99.group(1));
        double millis = switch (p99.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
        long total = Long.parseLong(find(TOTAL, output, "total requests").group(1));
        Matcher socket = SOCKET_ERRORS.matcher(output);
        long socketErrors = 0;
        if (socket.find()) {
            for (int i = 1; i <= 4; i++) {
                socketErrors += Long.parseLong(socket.group(i));
            }
        }
        Matcher bad = NON_2XX_3XX.matcher(output);
        long badStatus = bad.find() ? Long.parseLong(bad.group(1)) : 0;
        return new Run(server, round, rps, millis, total, socketErrors, badStatus);
    }

    private static Matcher find(Pattern pattern, String output, String what) {
        Matcher m = pattern.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no " + what + " in wrk's output:\n" + output);
        }
        return m;
    }

    private static void summarise(List<Run> runs) {
        double hexmirror = median(runs, "hexmirror", Run::requestsPerSecond);
        double nginx = median(runs, "nginx", Run::requestsPerSecond);
        long hexmirrorErrors = runs.stream().filter(r -> r.server().equals("hexmirror")).mapToLong(Run::errors).sum();
        long nginxErrors = runs.stream().filter(r -> r.server().equals("nginx")).mapToLong(Run::errors).sum();
        // The machine's load drifts: a round's two runs, back to back, compare best.
        String perRound = runs.stream().filter(r -> r.server().equals("hexmirror"))
                .map(h -> runs.stream().filter(n -> n.server().equals("nginx") && n.round() == h.round()).findFirst()
                        .map(n -> String.format(Locale.ROOT, "%.2f", h.requestsPerSecond() / n.requestsPerSecond())).orElse("-"))
                .collect(Collectors.joining(", "));
        System.out.printf(Locale.ROOT, "%nMedian requests/s: hexmirror %.0f, nginx %.0f; ratio hexmirror/nginx = %.2f "
                + "(per round: %s)%n", hexmirror, nginx, hexmirror / nginx, perRound);
        System.out.printf(Locale.ROOT, "Median p99 latency: hexmirror %.2f ms, nginx %.2f ms%n",
                median(runs, "hexmirror", Run::p99Millis), median(runs, "nginx", Run::p99Millis));
        System.out.printf(Locale.ROOT, "Errors (socket errors + non-2xx/3xx): hexmirror %d, nginx %d%n", hexmirrorErrors, nginxErrors);
        boolean met = hexmirror >= nginx / 2 && hexmirrorErrors == 0;
        System.out.println("Goal (>= 50% of nginx's throughput, zero errors): " + (met ? "MET" : "MISSED"));
    }

    private static double median(List<Run> runs, String server, ToDoubleFunction<Run> figure) {
        double[] values = runs.stream().filter(r -> r.server().equals(server)).mapToDouble(figure).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
