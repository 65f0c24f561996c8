package io.hexmirror.testkit.clients;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Rebar3Test {
    @TempDir
    Path tmp;

    /** A stand-in executable, to observe what the helper hands to rebar3. */
    private Rebar3 script(String body) throws Exception {
        Path script = tmp.resolve("fake-rebar3");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n", UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return Rebar3.at(script);
    }

    @Test
    void aMissingRebar3FailsWithTheInstallCommand() {
        String previous = System.getProperty(Rebar3.PROPERTY);
        System.setProperty(Rebar3.PROPERTY, tmp.resolve("no-such-rebar3").toString());
        try {
            assertThatThrownBy(Rebar3::locate)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("rebar3 not found")
                    .hasMessageContaining("apt-get install -y rebar3");
        } finally {
            if (previous == null) {
                System.clearProperty(Rebar3.PROPERTY);
            } else {
                System.setProperty(Rebar3.PROPERTY, previous);
            }
        }
    }

    @Test
    void theInstalledRebar3IsFoundAndRuns() throws Exception {
        Rebar3 rebar3 = Rebar3.locate();

        assertThat(rebar3.version(tmp)).startsWith("rebar 3.");
    }

    @Test
    void aRunGetsItsOwnHomeTheRepositoryAndTheConfigFiles() throws Exception {
        Rebar3 fake = script("echo \"args=$*\"; echo \"HOME=$HOME\"; echo \"HEX_CDN=$HEX_CDN\"; echo \"DEBUG=$DEBUG\";"
                + " echo \"color=$REBAR_COLOR\"; cat \"$HOME/.config/rebar3/rebar.config\" rebar.config src/demo.app.src");
        Rebar3Project project = fake.project(tmp.resolve("p"))
                .hexRepository(URI.create("http://127.0.0.1:1234"), "-----BEGIN PUBLIC KEY-----\nABC\n-----END PUBLIC KEY-----\n")
                .dependency("plug", "~> 1.10")
                .dependency("Odd", "1.0.0")
                .appName("demo")
                .env("DEBUG", "1");

        ClientResult result = project.run("get-deps", "--verbose");

        assertThat(result.succeeded()).as(result.describe()).isTrue();
        assertThat(result.output())
                .contains("args=get-deps --verbose")
                .contains("HOME=" + project.home())
                .contains("HEX_CDN=http://127.0.0.1:1234")
                .contains("DEBUG=1")
                .contains("color=none")
                .contains("{hex, [{repos, [#{name => <<\"hexpm\">>,\n"
                        + "                  repo_public_key => <<\"-----BEGIN PUBLIC KEY-----\nABC\n-----END PUBLIC KEY-----\n\">>}]}]}.")
                .contains("{deps, [{plug, \"~> 1.10\"},\n        {'Odd', \"1.0.0\"}]}.")
                .contains("{application, demo,");
        assertThat(result.logFile()).hasContent(result.output().strip());
        assertThat(project.directory()).isEqualTo(tmp.resolve("p").resolve("project"));
    }

    @Test
    void disablingVerificationWritesRepoVerifyFalse() throws Exception {
        Rebar3Project project = script("cat \"$HOME/.config/rebar3/rebar.config\"").project(tmp)
                .hexRepository(URI.create("http://127.0.0.1:1"), "PEM")
                .verifySignatures(false);

        assertThat(project.run().output()).contains("repo_public_key => <<\"PEM\">>,\n                  repo_verify => false}");
    }

    @Test
    void aRunThatOutlivesItsTimeoutIsKilled() throws Exception {
        Rebar3Project project = script("echo started; exec sleep 60").project(tmp).timeout(Duration.ofMillis(300));

        ClientResult result = project.run("get-deps");

        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(60));
        assertThat(result.output()).contains("started");
        assertThatThrownBy(result::requireSuccess).isInstanceOf(AssertionError.class).hasMessageContaining("timed out");
    }

    @Test
    void lockedVersionsAreReadFromRebarLock() throws Exception {
        Rebar3Project project = script("true").project(tmp);
        assertThat(project.lockedVersions()).isEmpty();
        Files.createDirectories(project.directory());
        Files.writeString(project.lockFile(), "{\"1.2.0\",\n"
                + "[{<<\"mime\">>,{pkg,<<\"mime\">>,<<\"1.6.0\">>},1},\n"
                + " {<<\"tele\">>,{pkg,<<\"telemetry\">>,<<\"0.4.3\">>},0}]}.\n"
                + "[\n{pkg_hash,[\n {<<\"mime\">>, <<\"4705\">>}]}\n].\n", UTF_8);

        assertThat(project.lockedVersions()).isEqualTo(Map.of("mime", "1.6.0", "tele", "0.4.3"));
    }

    @Test
    void atRefusesWhatIsNotExecutable() {
        assertThatThrownBy(() -> Rebar3.at(tmp.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing is not an executable file");
    }
}
