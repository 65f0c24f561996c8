package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.sync.SyncSummary;
import io.hexmirror.testkit.clients.Mix;
import io.hexmirror.testkit.clients.MixProject;
import io.hexmirror.testkit.clients.MixResult;
import java.nio.file.Files;
import java.nio.file.Path;
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

            MixResult result = project.getDeps().requireSuccess();

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

    private static Set<String> resources(List<AccessLogEntry> log) {
        return log.stream().map(AccessLogEntry::resource).collect(Collectors.toSet());
    }
}
