package io.hexmirror.bench;

import io.hexmirror.HexMirror;
import io.hexmirror.MirrorOptions;
import io.hexmirror.files.LocalFiles;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.sync.SyncSummary;
import io.hexmirror.testkit.upstream.DelayingProxy;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import io.hexmirror.upstream.UpstreamHttpVersion;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The WAN benchmark: a full sync of a generated upstream that sits a round trip away (a
 * {@link DelayingProxy} in front of the loopback test upstream), side by side with a bare parallel
 * downloader fetching the same URLs ({@code /names}, {@code /versions}, every package file and tarball)
 * at the same concurrency over the same proxy. One row per round trip and concurrency: both wall times
 * and their ratio, and the floor that round trips alone set (requests x round trip / concurrency).
 * The sync runs in this JVM through the {@link HexMirror} facade, as an embedder calls it.
 *
 * <p>With {@code --tls} the upstream serves HTTPS and offers HTTP/2 (as repo.hex.pm's CDN does), and each row
 * holds three runs: the sync over HTTP/1.1, the sync with {@code --http-version auto} (HTTP/2), and the bare
 * downloader (HTTP/1.1), with the TCP connections each opened.
 */
@Command(name = "wan-sync", mixinStandardHelpOptions = true,
        description = "Full sync over an upstream a round trip away, against a bare parallel downloader of the same URLs.")
public final class WanSyncBenchmark implements Callable<Integer> {
    @Option(names = "--packages", defaultValue = "2000", description = "Packages upstream (default: ${DEFAULT-VALUE}).")
    int packages;

    @Option(names = "--releases", defaultValue = "2000", description = "Releases upstream, one tarball each (default: ${DEFAULT-VALUE}).")
    int releases;

    @Option(names = "--rtt", split = ",", defaultValue = "0,50,150",
            description = "Round trips in ms; 0 is plain loopback, what the local work alone costs (default: ${DEFAULT-VALUE}).")
    List<Integer> roundTrips;

    @Option(names = "--concurrency", split = ",", defaultValue = "8,16,32", description = "Concurrencies (default: ${DEFAULT-VALUE}).")
    List<Integer> concurrencies;

    @Option(names = "--seed", defaultValue = "20240101", description = "Seed of the generated repository.")
    long seed;

    @Option(names = "--tls", description = "Serve over HTTPS with HTTP/2 offered; compare the sync over HTTP/1.1 and HTTP/2.")
    boolean tls;

    @Option(names = "--work", description = "Directory for the mirrors (default: a new temporary directory, deleted afterwards).")
    Path work;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.exit(new CommandLine(new WanSyncBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("hexmirror-wan-sync-");
        out.printf(Locale.ROOT, "machine: %d cores, Java %s; load %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), ProcessSampler.loadAverage());
        FakeHexRepository repository = FakeHexRepository.create();
        SyntheticRegistry.populate(repository, packages, releases, seed);
        repository.prebuild();
        List<String> paths = repository.paths().stream()
                .filter(p -> p.equals(RegistryPaths.NAMES) || p.equals(RegistryPaths.VERSIONS)
                        || p.startsWith("packages/") || p.startsWith("tarballs/"))
                .toList();
        out.printf(Locale.ROOT, "upstream: %d packages, %d releases: %d requests for a full sync%n", packages, releases, paths.size());
        boolean allSucceeded = true;
        if (tls) {
            return callOverTls(repository, paths, dir);
        }
        try (FakeUpstreamServer server = FakeUpstreamServer.start(repository)) {
            // Warm up both sides' code over plain loopback first, so that neither row pays for JIT compilation.
            try (DelayingProxy near = DelayingProxy.start(server.baseUri(), Duration.ZERO)) {
                sync(repository, near, 8, dir.resolve("warm-up-sync"));
                BareDownloader.fetchAll(near.baseUri(), paths, 8, dir.resolve("warm-up-bare"));
            }
            out.printf(Locale.ROOT, "%n| round trip | concurrency | hexmirror sync | bare downloader | ratio | floor (requests x RTT / concurrency) | received |%n");
            out.printf(Locale.ROOT, "|---|---|---|---|---|---|---|%n");
            for (int rtt : roundTrips) {
                try (DelayingProxy far = DelayingProxy.start(server.baseUri(), Duration.ofMillis(rtt))) {
                    for (int concurrency : concurrencies) {
                        Path runDir = dir.resolve("rtt" + rtt + "-c" + concurrency);
                        long started = System.nanoTime();
                        SyncSummary summary = sync(repository, far, concurrency, runDir.resolve("mirror"));
                        double syncSeconds = (System.nanoTime() - started) / 1e9;
                        allSucceeded &= summary.succeeded() && summary.requests() == paths.size();
                        BareDownloader.Result bare = BareDownloader.fetchAll(far.baseUri(), paths, concurrency, runDir.resolve("bare"));
                        double floor = paths.size() * (rtt / 1000.0) / concurrency;
                        out.printf(Locale.ROOT, "| %d ms | %d | %.1f s (%d requests) | %.1f s (%d requests) | %.2f | %.1f s | %.1f MiB |%n",
                                rtt, concurrency, syncSeconds, summary.requests(), bare.seconds(), bare.requests(),
                                syncSeconds / bare.seconds(), floor, summary.bytesDownloaded() / 1048576.0);
                        LocalFiles.deleteRecursively(runDir);
                    }
                }
            }
        } finally {
            if (work == null) {
                LocalFiles.deleteRecursively(dir);
            }
        }
        out.println(allSucceeded ? "every sync completed with one request per file" : "A SYNC FAILED OR MADE EXTRA REQUESTS");
        return allSucceeded ? 0 : 1;
    }

    private int callOverTls(FakeHexRepository repository, List<String> paths, Path dir) throws Exception {
        boolean allSucceeded = true;
        try (FakeUpstreamServer server = FakeUpstreamServer.startHttps(repository, true)) {
            // Both the sync and the bare downloader use the JVM's default trust store.
            System.setProperty("javax.net.ssl.trustStore", server.trustStore().toString());
            System.setProperty("javax.net.ssl.trustStorePassword", server.trustStorePassword());
            System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
            try (DelayingProxy near = DelayingProxy.start(server.baseUri(), Duration.ZERO)) {
                sync(repository, near, 8, UpstreamHttpVersion.HTTP_1_1, dir.resolve("warm-up-sync"));
                sync(repository, near, 8, UpstreamHttpVersion.AUTO, dir.resolve("warm-up-sync-2"));
                BareDownloader.fetchAll(near.baseUri(), paths, 8, dir.resolve("warm-up-bare"));
            }
            out.printf(Locale.ROOT, "%nOver TLS; each run's TCP connections in brackets.%n");
            out.printf(Locale.ROOT, "| round trip | concurrency | sync, HTTP/1.1 | sync, HTTP/2 (auto) | bare downloader, HTTP/1.1 | HTTP/2 / HTTP/1.1 | HTTP/2 / bare | floor (requests x RTT / concurrency) |%n");
            out.printf(Locale.ROOT, "|---|---|---|---|---|---|---|---|%n");
            for (int rtt : roundTrips) {
                try (DelayingProxy far = DelayingProxy.start(server.baseUri(), Duration.ofMillis(rtt))) {
                    for (int concurrency : concurrencies) {
                        Path runDir = dir.resolve("rtt" + rtt + "-c" + concurrency);
                        long connections = server.connectionCount();
                        long started = System.nanoTime();
                        SyncSummary http11 = sync(repository, far, concurrency, UpstreamHttpVersion.HTTP_1_1, runDir.resolve("h1"));
                        double http11Seconds = (System.nanoTime() - started) / 1e9;
                        long http11Connections = server.connectionCount() - connections;
                        connections = server.connectionCount();
                        started = System.nanoTime();
                        SyncSummary http2 = sync(repository, far, concurrency, UpstreamHttpVersion.AUTO, runDir.resolve("h2"));
                        double http2Seconds = (System.nanoTime() - started) / 1e9;
                        long http2Connections = server.connectionCount() - connections;
                        connections = server.connectionCount();
                        BareDownloader.Result bare = BareDownloader.fetchAll(far.baseUri(), paths, concurrency, runDir.resolve("bare"));
                        long bareConnections = server.connectionCount() - connections;
                        for (SyncSummary summary : List.of(http11, http2)) {
                            allSucceeded &= summary.succeeded() && summary.requests() == paths.size();
                        }
                        double floor = paths.size() * (rtt / 1000.0) / concurrency;
                        out.printf(Locale.ROOT, "| %d ms | %d | %.1f s [%d] | %.1f s [%d] | %.1f s [%d] | %.2f | %.2f | %.1f s |%n",
                                rtt, concurrency, http11Seconds, http11Connections, http2Seconds, http2Connections,
                                bare.seconds(), bareConnections, http2Seconds / http11Seconds, http2Seconds / bare.seconds(), floor);
                        LocalFiles.deleteRecursively(runDir);
                    }
                }
            }
            out.printf(Locale.ROOT, "requests by protocol: %s%n", server.protocolCounts());
        } finally {
            if (work == null) {
                LocalFiles.deleteRecursively(dir);
            }
        }
        out.println(allSucceeded ? "every sync completed with one request per file" : "A SYNC FAILED OR MADE EXTRA REQUESTS");
        return allSucceeded ? 0 : 1;
    }

    private static SyncSummary sync(FakeHexRepository repository, DelayingProxy upstream, int concurrency, Path mirror)
            throws IOException, io.hexmirror.HexMirrorException {
        return sync(repository, upstream, concurrency, UpstreamHttpVersion.HTTP_1_1, mirror);
    }

    private static SyncSummary sync(FakeHexRepository repository, DelayingProxy upstream, int concurrency,
            UpstreamHttpVersion httpVersion, Path mirror) throws IOException, io.hexmirror.HexMirrorException {
        MirrorOptions options = MirrorOptions.builder()
                .upstream(upstream.baseUri())
                .upstreamKey(repository.reader().publicKey())
                .concurrency(concurrency)
                .httpVersion(httpVersion)
                .environment(Map.of())
                .build();
        try (HexMirror hexMirror = HexMirror.open(mirror, options)) {
            return hexMirror.sync();
        }
    }
}
