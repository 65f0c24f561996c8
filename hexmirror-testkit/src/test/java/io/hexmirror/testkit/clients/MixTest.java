package io.hexmirror.testkit.clients;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MixTest {
    @TempDir
    Path tmp;

    /** A stand-in executable with the real Hex archive, to observe what the helper hands to Mix. */
    private Mix script(String body) throws Exception {
        Path script = tmp.resolve("fake-mix");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n", UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return Mix.at(script, Mix.locate().hexArchive());
    }

    @Test
    void theInstalledMixIsFoundWithTheVendoredHexArchive() {
        Mix mix = Mix.locate();

        assertThat(mix.executable()).isExecutable();
        assertThat(mix.hexArchive()).hasFileName("hex-2.5.1.ez").isRegularFile();
    }

    @Test
    void anArchiveThatIsNotTheVendoredHexIsRefused() throws Exception {
        Path other = Files.write(tmp.resolve("hex-2.5.1.ez"), new byte[] {1, 2, 3});
        Path mix = Mix.locate().executable();

        assertThatThrownBy(() -> Mix.at(mix, other))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(other.toString())
                .hasMessageContaining("expected " + Mix.HEX_EZ_SHA256);
        assertThatThrownBy(() -> Mix.at(mix, tmp.resolve("missing.ez")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("missing.ez")
                .hasMessageContaining("does not exist");
    }

    @Test
    void theFirstRunInstallsHexTrustsTheKeyThenRunsWithPrivateHomesAndTheMirrors() throws Exception {
        Mix fake = script("echo \"args=$*\"; echo \"pwd=$(pwd)\"; echo \"HOME=$HOME\"; echo \"MIX_HOME=$MIX_HOME\";"
                + " echo \"HEX_HOME=$HEX_HOME\"; env | grep -c '^HEX_' | sed 's/^/hexvars=/';"
                + " echo \"HEX_MIRROR_URL=$HEX_MIRROR_URL\"; echo \"HEX_MIRROR=$HEX_MIRROR\"; echo \"HEX_API_URL=$HEX_API_URL\";"
                + " if [ \"$1\" = hex.repo ]; then cat \"$5\"; fi; if [ -f mix.exs ]; then cat mix.exs; fi");
        MixProject project = fake.project(tmp.resolve("p"))
                .hexMirror(URI.create("http://127.0.0.1:1234"))
                .installerMirror(URI.create("http://127.0.0.1:1235"))
                .apiUrl(URI.create("http://127.0.0.1:1236/api"))
                .repositoryPublicKey("-----BEGIN PUBLIC KEY-----\nABC\n-----END PUBLIC KEY-----\n")
                .dependency("plug", "~> 1.10")
                .dependency("Odd-name", "1.0.0")
                .appName("demo_app");

        ClientResult result = project.run("deps.get", "--only", "prod");

        assertThat(result.succeeded()).as(result.describe()).isTrue();
        assertThat(result.output())
                .contains("args=deps.get --only prod")
                .contains("pwd=" + project.directory())
                .contains("HOME=" + project.home())
                .contains("MIX_HOME=" + project.mixHome())
                .contains("HEX_HOME=" + project.hexHome())
                .contains("hexvars=4") // HEX_HOME and the three mirrors: nothing from the machine
                .contains("HEX_MIRROR_URL=http://127.0.0.1:1234")
                .contains("HEX_MIRROR=http://127.0.0.1:1235")
                .contains("HEX_API_URL=http://127.0.0.1:1236/api")
                .contains("defmodule DemoApp.MixProject do")
                .contains("[app: :demo_app, version: \"0.1.0\", deps: deps()]")
                .contains("{:plug, \"~> 1.10\"},\n      {:\"Odd-name\", \"1.0.0\"}");
        Path logs = tmp.resolve("p");
        assertThat(Files.readString(logs.resolve("mix-1.log")))
                .contains("args=archive.install " + Mix.locate().hexArchive() + " --force");
        assertThat(Files.readString(logs.resolve("mix-2.log")))
                .contains("args=hex.repo set hexpm --public-key " + logs.resolve("hexpm-public-key.pem"))
                .contains("-----BEGIN PUBLIC KEY-----\nABC\n");
        assertThat(result.logFile()).isEqualTo(logs.resolve("mix-3.log")).hasContent(result.output().strip());

        project.run("deps.get");
        assertThat(logs.resolve("mix-4.log")).as("Hex is set up once").content().contains("args=deps.get");
    }

    @Test
    void withoutTheHexArchiveNothingIsInstalled() throws Exception {
        MixProject project = script("echo \"args=$*\"").project(tmp.resolve("p")).withoutHexArchive();

        ClientResult result = project.localHex();

        assertThat(result.output()).contains("args=local.hex --force");
        assertThat(result.logFile()).isEqualTo(tmp.resolve("p").resolve("mix-1.log"));
    }

    @Test
    void aFailingSetUpIsReportedWithItsOutput() throws Exception {
        MixProject project = script("echo \"cannot install $*\"; exit 3").project(tmp.resolve("p"));

        assertThatThrownBy(project::getDeps)
                .hasMessageContaining("installing the Hex client archive failed")
                .hasMessageContaining("exited 3")
                .hasMessageContaining("cannot install archive.install");
    }

    @Test
    void aRunThatOutlivesItsTimeoutIsKilled() throws Exception {
        MixProject project = script("echo started; exec sleep 60").project(tmp).withoutHexArchive()
                .timeout(Duration.ofMillis(300));

        ClientResult result = project.run("deps.get");

        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(60));
        assertThat(result.output()).contains("started");
        assertThatThrownBy(result::requireSuccess).isInstanceOf(AssertionError.class).hasMessageContaining("timed out");
    }

    @Test
    void hexDocsFetchPutsADocsTarballUnderHexHome() throws Exception {
        FakeHexRepository upstream = FakeHexRepository.create();
        upstream.release("plug", "1.10.4").withDocs().publish();
        try (FakeUpstreamServer server = FakeUpstreamServer.start(upstream)) {
            MixProject project = Mix.locate().project(tmp.resolve("docs"))
                    .hexMirror(server.baseUri())
                    .repositoryPublicKey(upstream.publicKeyPem());

            ClientResult result = project.fetchDocs("plug", "1.10.4").requireSuccess();

            assertThat(result.output()).contains("Docs fetched");
            assertThat(project.docsDir("plug", "1.10.4")).as(result.describe()).isDirectory().isNotEmptyDirectory();
            assertThat(server.requestsFor("docs/plug-1.10.4.tar.gz")).isNotEmpty();
        }
    }

    @Test
    void lockedVersionsAreReadFromMixLock() throws Exception {
        MixProject project = script("true").project(tmp);
        assertThat(project.lockedVersions()).isEmpty();
        Files.createDirectories(project.directory());
        Files.writeString(project.lockFile(), "%{\n"
                + "  \"mime\": {:hex, :mime, \"1.6.0\", \"abc\", [:mix], [], \"hexpm\", \"def\"},\n"
                + "  \"tele\": {:hex, :telemetry, \"0.4.3\", \"abc\", [:rebar3], [], \"hexpm\", \"def\"},\n"
                + "}\n", UTF_8);

        assertThat(project.lockedVersions()).isEqualTo(Map.of("mime", "1.6.0", "tele", "0.4.3"));
    }
}
