package io.hexmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.VerificationException;
import io.hexmirror.internal.sync.SyncEngine;
import io.hexmirror.internal.sync.SyncOptions;
import io.hexmirror.internal.upstream.UpstreamClient;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.proto.NamesPackage;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.server.MirrorServer;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.Storages;
import io.hexmirror.sync.SyncListener;
import io.hexmirror.sync.SyncSummary;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stateless {@code MirrorServer}s over one bucket stay consistent while a sync writes it: no
 * client ever gets a {@code /packages/NAME} (or a {@code /names}) that lists a release whose
 * tarball it cannot fetch whole, from either server, at any moment of the sync. The sync is held
 * just before its last package file until both servers have been seen serving that half-synced
 * state, so the check does not depend on how fast this machine is.
 */
class S3MultiServerConsistencyTest {
    private static final List<String> OLD_PACKAGES = List.of("pkg_a", "pkg_b", "pkg_c", "pkg_d", "pkg_e", "pkg_f", "pkg_g", "pkg_h");
    private static final List<String> NEW_PACKAGES = List.of("fresh_a", "fresh_b", "fresh_c", "fresh_d");
    private static final int NEW_MINORS = 4;
    /** Its package file is held back, so the sync is caught half done for as long as the test needs. */
    private static final String LATE = "zz_late";

    @RegisterExtension
    final S3ProxyExtension proxy = S3Bucket.extension();

    @TempDir
    Path dir;

    private final Queue<String> violations = new ConcurrentLinkedQueue<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger polls = new AtomicInteger();

    @Test
    void serversOverOneBucketNeverListAReleaseWhoseTarballIsNotReadableWhileASyncRuns() throws Exception {
        FakeHexRepository upstream = FakeHexRepository.create();
        OLD_PACKAGES.forEach(name -> upstream.publish(name, "1.0.0"));
        try (FakeUpstreamServer upstreamServer = FakeUpstreamServer.start(upstream);
                S3Bucket bucket = S3Bucket.on(proxy);
                UpstreamClient client = UpstreamClient.builder(upstreamServer.baseUri()).concurrency(2).build()) {
            Path key = Files.writeString(dir.resolve("upstream.pem"), upstream.publicKeyPem());
            CliRun first = CliRun.of("sync", "--upstream", upstreamServer.baseUri().toString(), "--upstream-key", key.toString(),
                    bucket.uri());
            assertThat(first.exitCode()).as(first.err()).isZero();

            // Many new releases of known packages, new packages, and one whose package file is held back.
            for (String name : OLD_PACKAGES) {
                for (int minor = 1; minor <= NEW_MINORS; minor++) {
                    upstream.publish(name, "1." + minor + ".0");
                }
            }
            NEW_PACKAGES.forEach(name -> upstream.publish(name, "1.0.0").publish(name, "1.1.0"));
            upstream.publish(LATE, "1.0.0");
            int after = OLD_PACKAGES.size() * (1 + NEW_MINORS) + NEW_PACKAGES.size() * 2 + 1;
            List<String> allNames = new ArrayList<>(OLD_PACKAGES);
            allNames.addAll(NEW_PACKAGES);
            allNames.add(LATE);

            RegistryReader reader = new RegistryReader(upstream.publicKey(), FakeHexRepository.HEXPM);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try (HeldPublicationStorage target = new HeldPublicationStorage(Storages.open(bucket.uri()), "packages/" + LATE);
                    Storage storage1 = Storages.open(bucket.uri());
                    Storage storage2 = Storages.open(bucket.uri());
                    MirrorServer server1 = MirrorServer.builder(storage1).port(0).build();
                    MirrorServer server2 = MirrorServer.builder(storage2).port(0).build()) {
                server1.start();
                server2.start();
                AtomicBoolean syncing = new AtomicBoolean(true);
                Future<SyncSummary> second = pool.submit(() -> {
                    try {
                        return new SyncEngine(client, target, reader, SyncOptions.all().withConcurrency(2), SyncListener.NONE).run();
                    } finally {
                        syncing.set(false);
                    }
                });
                Set<Integer> seen1 = ConcurrentHashMap.newKeySet();
                Set<Integer> seen2 = ConcurrentHashMap.newKeySet();
                Future<?> poller1 = pool.submit(() -> pollWhile(syncing, server1.uri(), allNames, reader, seen1));
                Future<?> poller2 = pool.submit(() -> pollWhile(syncing, server2.uri(), allNames, reader, seen2));

                // Mid-sync: everything is published but the held package file and the indexes. Both
                // servers must have shown that state in full before the sync may finish.
                assertThat(target.awaitHeld(3, TimeUnit.MINUTES)).as("the sync reached packages/" + LATE).isTrue();
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                while (!(seen1.contains(after - 1) && seen2.contains(after - 1)) && System.nanoTime() < deadline
                        && !poller1.isDone() && !poller2.isDone()) {
                    Thread.sleep(20);
                }
                target.release();
                SyncSummary summary = second.get(3, TimeUnit.MINUTES);
                poller1.get(3, TimeUnit.MINUTES);
                poller2.get(3, TimeUnit.MINUTES);

                assertThat(summary.succeeded()).as(summary.failures().toString()).isTrue();
                assertThat(summary.tarballsDownloaded()).isEqualTo(after - OLD_PACKAGES.size());
                assertThat(violations).as("releases listed by a server whose tarball it could not serve whole").isEmpty();
                assertThat(seen1).as("releases listed per poll by server 1").contains(after - 1);
                assertThat(seen2).as("releases listed per poll by server 2").contains(after - 1);
                assertThat(poll(server1.uri(), allNames, reader)).as("releases after the sync, server 1").isEqualTo(after);
                assertThat(poll(server2.uri(), allNames, reader)).as("releases after the sync, server 2").isEqualTo(after);
                assertThat(violations).isEmpty();
                System.out.printf("multi-server consistency: %d polls, release counts seen %s and %s, 0 violations%n",
                        polls.get(), new TreeSet<>(seen1), new TreeSet<>(seen2));
            } finally {
                pool.shutdownNow();
                assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
            }
        }
    }

    /** Polls until the sync is over (at least once), adding how many releases each poll saw to {@code seen}. */
    private Void pollWhile(AtomicBoolean syncing, URI server, List<String> names, RegistryReader reader, Set<Integer> seen)
            throws Exception {
        do {
            seen.add(poll(server, names, reader));
        } while (syncing.get());
        return null;
    }

    /**
     * Fetches every package file a client could ask for and every tarball it lists, as a client
     * resolving everything at once would; records each inconsistency. Returns the releases listed.
     */
    private int poll(URI server, List<String> names, RegistryReader reader) throws Exception {
        HttpResponse<byte[]> index = get(server, "names");
        if (index.statusCode() == 200) {
            try {
                for (NamesPackage listed : reader.readNames(index.body()).getPackagesList()) {
                    int status = get(server, "packages/" + listed.getName()).statusCode();
                    if (status != 200) {
                        violations.add(server + "names lists " + listed.getName() + " but its package file answers " + status);
                    }
                }
            } catch (VerificationException e) {
                violations.add(server + "names does not verify: " + e.getMessage());
            }
        } else {
            violations.add(server + "names answered " + index.statusCode());
        }
        int releases = 0;
        polls.incrementAndGet();
        for (String name : names) {
            HttpResponse<byte[]> file = get(server, "packages/" + name);
            if (file.statusCode() == 404) {
                continue;
            }
            if (file.statusCode() != 200) {
                violations.add(server + "packages/" + name + " answered " + file.statusCode());
                continue;
            }
            Package pkg;
            try {
                pkg = reader.readPackage(name, file.body());
            } catch (VerificationException e) {
                violations.add(server + "packages/" + name + " does not verify: " + e.getMessage());
                continue;
            }
            for (Release release : pkg.getReleasesList()) {
                releases++;
                String tarball = "tarballs/" + name + "-" + release.getVersion() + ".tar";
                HttpResponse<byte[]> response = get(server, tarball);
                String outer = HexFormat.of().formatHex(release.getOuterChecksum().toByteArray());
                if (response.statusCode() != 200) {
                    violations.add(server + "packages/" + name + " lists " + release.getVersion() + " but " + tarball
                            + " answers " + response.statusCode());
                } else if (!sha256(response.body()).equals(outer)) {
                    violations.add(server + tarball + " is not the tarball packages/" + name + " lists");
                }
            }
        }
        return releases;
    }

    private HttpResponse<byte[]> get(URI server, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(30)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
