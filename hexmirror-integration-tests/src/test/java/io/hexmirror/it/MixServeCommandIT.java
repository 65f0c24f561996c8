package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.testkit.clients.Mix;
import io.hexmirror.testkit.clients.MixProject;
import io.hexmirror.testkit.clients.MixResult;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hexmirror serve} as users run it (the shaded jar in its own JVM) answering real Mix with
 * Hex 2.5.1. Fails (does not skip) when Mix or the Hex archive is missing.
 */
class MixServeCommandIT {
    @TempDir
    Path tmp;

    private SyncFixture fixture;
    private HexmirrorProcess hexmirror;

    @BeforeEach
    void upstream() throws Exception {
        fixture = new SyncFixture(Files.createDirectories(tmp.resolve("mirror")));
        DependencyTree.publishTo(fixture.upstream);
    }

    @AfterEach
    void stop() throws Exception {
        if (hexmirror != null) {
            hexmirror.close();
        }
        fixture.close();
    }

    @Test
    void servesASyncedMirrorToMixDepsGet() throws Exception {
        assertThat(fixture.sync().failures()).isEmpty();
        hexmirror = HexmirrorProcess.start(tmp.resolve("logs"), List.of("serve", "--port", "0", fixture.mirrorDir.toString()));
        URI mirror = URI.create(hexmirror.awaitServing().toString().replaceFirst("/$", ""));

        MixProject project = Mix.locate().project(tmp.resolve("client"))
                .hexMirror(mirror)
                .repositoryPublicKey(fixture.upstream.publicKeyPem())
                .dependency(DependencyTree.ROOT, DependencyTree.ROOT_REQUIREMENT);
        MixResult result = project.getDeps().requireSuccess();

        assertThat(project.lockedVersions()).as(result.describe()).isEqualTo(DependencyTree.LOCKED);
        hexmirror.terminate();
        hexmirror.awaitExit(Duration.ofSeconds(20));
        for (String tarball : DependencyTree.lockedTarballs()) {
            assertThat(hexmirror.log()).contains("\"GET /" + tarball + " HTTP/1.1\" 200 ");
        }
    }
}
