package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.VerificationException;
import io.hexmirror.internal.sync.SyncEngine;
import io.hexmirror.internal.sync.SyncOptions;
import io.hexmirror.internal.upstream.UpstreamClient;
import io.hexmirror.internal.verify.MirrorVerifier;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.sync.SyncListener;
import io.hexmirror.sync.SyncPlanReport;
import io.hexmirror.sync.SyncSummary;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import io.hexmirror.verify.VerifyReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/** A test upstream on loopback, a mirror directory and the means to sync one into the other. */
final class SyncFixture implements AutoCloseable {
    final FakeHexRepository upstream;
    final FakeUpstreamServer server;
    final Path mirrorDir;
    final FileSystemStorage storage;
    final Mirror mirror;
    final UpstreamClient client;

    SyncFixture(Path mirrorDir) throws IOException {
        this(mirrorDir, FakeHexRepository.create());
    }

    /** A fixture serving the given upstream (which the test may go on changing). */
    SyncFixture(Path mirrorDir, FakeHexRepository upstream) throws IOException {
        this.upstream = upstream;
        this.server = FakeUpstreamServer.start(upstream);
        this.mirrorDir = mirrorDir;
        this.storage = FileSystemStorage.open(mirrorDir, false);
        this.mirror = new Mirror(storage);
        // Short pauses and timeouts keep fault tests quick; the behaviour is the same.
        this.client = UpstreamClient.builder(server.baseUri())
                .concurrency(4)
                .retries(2)
                .retryBackoff(Duration.ofMillis(10))
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofMillis(1500))
                .build();
    }

    /** A small repository with a dependency tree, retirements and several versions. */
    SyncFixture withSampleRepository() {
        upstream.publish("telemetry", "0.4.3").publish("telemetry", "1.0.0").publish("mime", "1.6.0")
                .publish("mime", "2.0.0");
        upstream.release("plug_crypto", "1.2.0").dependsOn("telemetry", "~> 1.0").publish();
        upstream.release("plug", "1.14.0").dependsOn("mime", "~> 1.0").dependsOn("plug_crypto", "~> 1.2")
                .dependsOnOptional("telemetry", "~> 1.0").publish();
        upstream.release("plug", "1.15.0").dependsOn("mime", "~> 2.0").dependsOn("plug_crypto", "~> 1.2").publish();
        upstream.retire("telemetry", "0.4.3", 3, "use 1.0");
        return this;
    }

    SyncSummary sync() throws IOException, VerificationException {
        return sync(SyncOptions.all(), storage);
    }

    SyncSummary sync(SyncOptions options, Storage target) throws IOException, VerificationException {
        return new SyncEngine(client, target, upstream.reader(), options.withConcurrency(4), SyncListener.NONE).run();
    }

    /** What a sync with these options would do. */
    SyncPlanReport plan(SyncOptions options) throws IOException, VerificationException {
        return new SyncEngine(client, storage, upstream.reader(), options.withConcurrency(4), SyncListener.NONE).plan();
    }

    VerifyReport verify() throws IOException {
        return mirror.verify();
    }

    Map<String, String> snapshot() throws IOException {
        return mirror.snapshot();
    }

    void assertMirrorEqualsUpstream(Set<String> packages) throws IOException {
        mirror.assertEqualsUpstream(packages);
    }

    void assertMirrorEqualsUpstream() throws IOException {
        mirror.assertEqualsUpstream();
    }

    String sha256(String key) {
        return mirror.sha256(key);
    }

    /** Checks on another mirror directory synced from the same upstream. */
    Mirror mirrorAt(Path dir) throws IOException {
        return new Mirror(FileSystemStorage.open(dir, false));
    }

    /** Assertions about one mirror. */
    final class Mirror {
        private final Storage storage;

        Mirror(Storage storage) {
            this.storage = storage;
        }

        VerifyReport verify() throws IOException {
            return new MirrorVerifier(storage, upstream.reader()).verify(key -> { });
        }

        /** Every mirror file (bookkeeping excluded) with its SHA-256. */
        Map<String, String> snapshot() throws IOException {
            Map<String, String> files = new TreeMap<>();
            try (Stream<ObjectInfo> listed = storage.list("")) {
                listed.map(ObjectInfo::key).filter(k -> !k.startsWith(".hexmirror/")).forEach(k -> files.put(k, sha256(k)));
            }
            return files;
        }

        /**
         * Asserts that the mirror holds exactly upstream's registry files and tarballs, byte for
         * byte, for the given packages (all when empty), and nothing else.
         */
        void assertEqualsUpstream(Set<String> packages) throws IOException {
            Set<String> expected = new TreeSet<>();
            for (String path : upstream.paths()) {
                if (path.startsWith("docs/") || path.startsWith("installs/") || path.equals(RegistryPaths.PUBLIC_KEY)) {
                    continue;
                }
                if (!packages.isEmpty() && !path.equals(RegistryPaths.NAMES) && !path.equals(RegistryPaths.VERSIONS)
                        && packages.stream().noneMatch(p -> path.equals("packages/" + p) || path.startsWith("tarballs/" + p + "-"))) {
                    continue;
                }
                expected.add(path);
                assertThat(sha256(path)).as(path).isEqualTo(sha256Bytes(upstream.file(path).orElseThrow()));
            }
            Set<String> actual = new TreeSet<>(snapshot().keySet());
            actual.remove(RegistryPaths.PUBLIC_KEY);
            actual.removeIf(key -> key.startsWith("installs/")); // a chosen part of upstream's: checked on their own
            assertThat(actual).isEqualTo(expected);
        }

        void assertEqualsUpstream() throws IOException {
            assertEqualsUpstream(Set.of());
        }

        String sha256(String key) {
            try (InputStream in = storage.read(key)) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
                return HexFormat.of().formatHex(digest.digest());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Paths of the upstream requests since the last reset, in order. */
    List<String> requestedPaths() {
        return server.requestLog().stream().map(e -> e.path()).toList();
    }

    static String sha256Bytes(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
        server.close();
    }
}
