package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.testkit.clients.ClientResult;
import io.hexmirror.testkit.clients.Mix;
import io.hexmirror.testkit.clients.MixProject;
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
    void serveWithASyncIntervalMirrorsInstallsAndMixLocalHexInstallsFromIt() throws Exception {
        Mix mix = Mix.locate();
        fixture.upstream.publishHexArchive(Mix.HEX_VERSION, "1.14.0", Files.readAllBytes(mix.hexArchive()));
        Path key = Files.writeString(tmp.resolve("upstream_key.pem"), fixture.upstream.publicKeyPem());
        hexmirror = HexmirrorProcess.start(tmp.resolve("logs"), List.of("serve", "--port", "0", "--sync-interval", "1h",
                "--upstream", fixture.server.baseUri().toString(), "--upstream-key", key.toString(),
                "--installs-elixir", "1.14", "--installs-key", key.toString(), fixture.mirrorDir.toString()));
        URI mirror = URI.create(hexmirror.awaitServing().toString().replaceFirst("/$", ""));
        awaitFile(fixture.mirrorDir.resolve("installs/hex-1.x.csv"));

        MixProject project = mix.project(tmp.resolve("client")).withoutHexArchive().installerMirror(mirror);
        project.trustInstallerKey(fixture.upstream.publicKeyPem()).requireSuccess();
        ClientResult result = project.localHex().requireSuccess();

        assertThat(project.mixHome().resolve("archives/hex-" + Mix.HEX_VERSION)).as(result.describe()).isDirectory();
        hexmirror.terminate();
        hexmirror.awaitExit(Duration.ofSeconds(20));
        assertThat(hexmirror.log()).contains("\"GET /installs/1.14.0/hex-" + Mix.HEX_VERSION + ".ez HTTP/1.1\" 200 ");
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(file + " never appeared: the sync at start did not mirror installs");
            }
            Thread.sleep(50);
        }
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
        ClientResult result = project.getDeps().requireSuccess();

        assertThat(project.lockedVersions()).as(result.describe()).isEqualTo(DependencyTree.LOCKED);
        hexmirror.terminate();
        hexmirror.awaitExit(Duration.ofSeconds(20));
        for (String tarball : DependencyTree.lockedTarballs()) {
            assertThat(hexmirror.log()).contains("\"GET /" + tarball + " HTTP/1.1\" 200 ");
        }
    }
}
