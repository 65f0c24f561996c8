package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.sync.SyncSummary;
import io.hexmirror.testkit.clients.ClientResult;
import io.hexmirror.testkit.clients.Mix;
import io.hexmirror.testkit.clients.MixProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * End to end with real Mix and the real Hex client (2.5.1): a mirror synced by the real
 * {@code SyncEngine} from the fake upstream, served from disk by hexmirror's {@code MirrorServer} or
 * by nginx alone, and fetched by {@code mix deps.get} with {@code HEX_MIRROR_URL} pointing at it and
 * the upstream's key trusted with {@code mix hex.repo set}. Fails (does not skip) when Mix, the Hex
 * archive or nginx is missing.
 */
class MixFromMirrorTest {
    private static Mix mix;

    @TempDir
    Path tmp;

    private SyncFixture fixture;

    @BeforeAll
    static void locateMix() {
        mix = Mix.locate();
    }

    @BeforeEach
    void syncTheMirror() throws Exception {
        fixture = new SyncFixture(Files.createDirectories(tmp.resolve("mirror")));
        DependencyTree.publishTo(fixture.upstream);
        SyncSummary summary = fixture.sync();
        assertThat(summary.failures()).isEmpty();
    }

    @AfterEach
    void closeFixture() throws Exception {
        fixture.close();
    }

    private MixProject project(ServedMirror served, String name) {
        return mix.project(tmp.resolve(name))
                .hexMirror(served.baseUri())
                .repositoryPublicKey(fixture.upstream.publicKeyPem())
                .dependency(DependencyTree.ROOT, DependencyTree.ROOT_REQUIREMENT);
    }

    @ParameterizedTest
    @EnumSource(ServedMirror.By.class)
    void depsGetResolvesAndFetchesTheWholeTreeWithSignaturesVerified(ServedMirror.By by) throws Exception {
        try (ServedMirror served = ServedMirror.start(by, fixture.mirrorDir, tmp)) {
            MixProject project = project(served, "client");

            ClientResult result = project.getDeps().requireSuccess();

            assertThat(project.lockedVersions()).as(result.describe()).isEqualTo(DependencyTree.LOCKED);
            for (String app : DependencyTree.LOCKED.keySet()) {
                assertThat(project.depDir(app).resolve("src").resolve(app + ".app.src")).as(app + " unpacked")
                        .isRegularFile();
            }
            List<AccessLogEntry> log = served.awaitAccessLog(
                    l -> resources(l).containsAll(DependencyTree.lockedTarballs()), "every locked tarball");
            assertThat(resources(log)).contains("packages/web", "packages/plug", "packages/cowboy", "packages/ranch")
                    .doesNotContain("packages/unrelated", "tarballs/plug-2.0.0.tar", "tarballs/mime-2.0.0.tar");
            assertThat(log).as("Mix gets only 200s from the repository")
                    .filteredOn(e -> !e.resource().startsWith("installs/"))
                    .allSatisfy(e -> assertThat(e.status()).isEqualTo(200));
        }
    }

    @ParameterizedTest
    @EnumSource(ServedMirror.By.class)
    void aSecondDepsGetAfterAnUpstreamChangePicksUpTheNewRelease(ServedMirror.By by) throws Exception {
        try (ServedMirror served = ServedMirror.start(by, fixture.mirrorDir, tmp)) {
            MixProject project = project(served, "client");
            project.getDeps().requireSuccess();
            int firstRequests = served.awaitAccessLog(
                    l -> resources(l).containsAll(DependencyTree.lockedTarballs()), "every locked tarball").size();

            fixture.upstream.release("plug", "1.10.5")
                    .dependsOn("mime", "~> 1.0").dependsOn("telemetry", "~> 0.4").dependsOn("plug_crypto", "~> 1.1")
                    .publish();
            assertThat(fixture.sync().failures()).isEmpty();
            // A fresh checkout of the same project on the same machine: same HEX_HOME and its cache.
            Files.delete(project.lockFile());
            deleteRecursively(project.directory().resolve("deps"));
            ClientResult again = project.getDeps().requireSuccess();

            Map<String, String> expected = new TreeMap<>(DependencyTree.LOCKED);
            expected.put("plug", "1.10.5");
            assertThat(project.lockedVersions()).as(again.describe()).isEqualTo(expected);
            assertThat(project.depDir("plug").resolve("src/plug.app.src")).content().contains("1.10.5");
            List<AccessLogEntry> all = served.awaitAccessLog(
                    l -> resources(l.subList(firstRequests, l.size())).contains("tarballs/plug-1.10.5.tar"),
                    "the new plug tarball");
            List<AccessLogEntry> second = all.subList(firstRequests, all.size());
            // Hex 2.5.1 keeps no ETag for registry files: it asks for every package of the tree
            // again and needs a 200 for each; the tarballs it has are taken from its cache.
            assertThat(second).filteredOn(e -> e.resource().startsWith("packages/"))
                    .extracting(AccessLogEntry::resource)
                    .containsAll(DependencyTree.LOCKED.keySet().stream().map(n -> "packages/" + n).toList());
            assertThat(second).filteredOn(e -> !e.resource().startsWith("installs/"))
                    .allSatisfy(e -> assertThat(e.status()).isEqualTo(200));
            assertThat(second).filteredOn(e -> e.resource().startsWith("tarballs/"))
                    .extracting(AccessLogEntry::resource).containsExactly("tarballs/plug-1.10.5.tar");
        }
    }

    private static void deleteRecursively(Path dir) throws Exception {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static Set<String> resources(List<AccessLogEntry> log) {
        return log.stream().map(AccessLogEntry::resource).collect(Collectors.toSet());
    }
}
