package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.sync.SyncSummary;
import io.hexmirror.testkit.clients.ClientResult;
import io.hexmirror.testkit.clients.Rebar3;
import io.hexmirror.testkit.clients.Rebar3Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * End to end with a real client: a mirror synced by the real {@code SyncEngine} from the fake
 * upstream, served from disk by hexmirror's {@code MirrorServer} or by nginx alone, and fetched by
 * Debian's rebar3 with signature verification on, trusting the upstream's key only. Fails (does not
 * skip) when rebar3 or nginx is missing.
 */
class Rebar3FromMirrorTest {
    private static Rebar3 rebar3;

    @TempDir
    Path tmp;

    private SyncFixture fixture;

    @BeforeAll
    static void locateRebar3() {
        rebar3 = Rebar3.locate();
    }

    @BeforeEach
    void syncTheMirror() throws Exception {
        fixture = new SyncFixture(Files.createDirectories(tmp.resolve("mirror")));
        DependencyTree.publishTo(fixture.upstream);
        SyncSummary summary = fixture.sync();
        assertThat(summary.failures()).isEmpty();
        fixture.assertMirrorEqualsUpstream();
    }

    @AfterEach
    void closeFixture() throws Exception {
        fixture.close();
    }

    private Rebar3Project project(ServedMirror served, String name) {
        return rebar3.project(tmp.resolve(name))
                .hexRepository(served.baseUri(), fixture.upstream.publicKeyPem())
                .dependency(DependencyTree.ROOT, DependencyTree.ROOT_REQUIREMENT);
    }

    @ParameterizedTest
    @EnumSource(ServedMirror.By.class)
    void rebar3ResolvesAndFetchesTheWholeTreeWithSignaturesVerified(ServedMirror.By by) throws Exception {
        try (ServedMirror served = ServedMirror.start(by, fixture.mirrorDir, tmp)) {
            Rebar3Project project = project(served, "client");

            project.getDeps().requireSuccess();

            assertThat(project.lockedVersions()).isEqualTo(DependencyTree.LOCKED);
            for (String app : DependencyTree.LOCKED.keySet()) {
                assertThat(project.libDir(app).resolve("src").resolve(app + ".app.src")).as(app + " unpacked").isRegularFile();
            }
            List<AccessLogEntry> log = served.awaitAccessLog(
                    l -> resources(l).containsAll(DependencyTree.lockedTarballs()), "every locked tarball");
            assertThat(log).as("rebar3 only ever gets 200s").allSatisfy(e -> assertThat(e.status()).isEqualTo(200));
            assertThat(resources(log)).contains("packages/web", "packages/plug", "packages/cowboy", "packages/ranch")
                    .doesNotContain("packages/unrelated", "tarballs/plug-2.0.0.tar", "tarballs/mime-2.0.0.tar");
        }
    }

    @ParameterizedTest
    @EnumSource(ServedMirror.By.class)
    void aRepeatedFetchWithTheSameCacheGets304s(ServedMirror.By by) throws Exception {
        try (ServedMirror served = ServedMirror.start(by, fixture.mirrorDir, tmp)) {
            Rebar3Project first = project(served, "client");
            first.getDeps().requireSuccess();
            int firstRequests = served.awaitAccessLog(
                    l -> resources(l).containsAll(DependencyTree.lockedTarballs()), "every locked tarball").size();

            // A fresh checkout of the same project on the same machine: no _build, no lock file,
            // the same rebar3 cache in HOME.
            deleteRecursively(first.directory().resolve("_build"));
            Files.delete(first.lockFile());
            ClientResult again = first.getDeps().requireSuccess();

            assertThat(first.lockedVersions()).as(again.describe()).isEqualTo(DependencyTree.LOCKED);
            List<AccessLogEntry> all = served.awaitAccessLog(
                    l -> resources(l.subList(firstRequests, l.size())).containsAll(DependencyTree.lockedTarballs()),
                    "the locked tarballs requested again");
            List<AccessLogEntry> second = all.subList(firstRequests, all.size());
            // rebar3 3.19 keeps the registry entries in its cache and asks for no package file
            // again; it revalidates each cached tarball with its ETag and gets 304s.
            assertThat(second).extracting(AccessLogEntry::resource)
                    .containsExactlyInAnyOrderElementsOf(DependencyTree.lockedTarballs());
            assertThat(second).as("every tarball revalidated from the cache")
                    .allSatisfy(e -> assertThat(e.status()).isEqualTo(304));
            for (String app : DependencyTree.LOCKED.keySet()) {
                assertThat(first.libDir(app)).as(app + " unpacked from the cache").isDirectory();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ServedMirror.By.class)
    void aTarballCorruptedInStorageAfterTheSyncIsRefused(ServedMirror.By by) throws Exception {
        Path tarball = fixture.mirrorDir.resolve("tarballs/cowlib-2.11.0.tar");
        byte[] bytes = Files.readAllBytes(tarball);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(tarball, bytes);

        try (ServedMirror served = ServedMirror.start(by, fixture.mirrorDir, tmp)) {
            Rebar3Project project = project(served, "client");

            ClientResult result = project.getDeps();

            assertThat(result.succeeded()).as(result.describe()).isFalse();
            assertThat(result.output()).contains("cowlib").contains("checksum_mismatch");
            assertThat(project.libDir("cowlib")).doesNotExist();
            // The server sent the corrupt bytes with a 200: the client caught it, not the server.
            served.awaitAccessLog(l -> l.stream().anyMatch(e -> e.resource().equals("tarballs/cowlib-2.11.0.tar") && e.status() == 200),
                    "the corrupt tarball served");
        }
    }

    private static Set<String> resources(List<AccessLogEntry> log) {
        return log.stream().map(AccessLogEntry::resource).collect(Collectors.toSet());
    }

    private static void deleteRecursively(Path dir) throws Exception {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
