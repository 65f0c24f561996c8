package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.installs.InstallsOptions;
import io.hexmirror.internal.sync.SyncOptions;
import io.hexmirror.testkit.clients.ClientResult;
import io.hexmirror.testkit.clients.Mix;
import io.hexmirror.testkit.clients.MixProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * On a machine with only Elixir (Debian's Mix 1.14, no Hex): {@code HEX_MIRROR=MIRROR mix local.hex}
 * and {@code mix local.rebar} install from a mirror synced with installs, served by hexmirror or by
 * nginx. The test upstream publishes the vendored Hex 2.5.1 archive and Debian's rebar3 escript in
 * CSVs signed with its own key, which the private {@code MIX_HOME} trusts through
 * {@code mix local.public_keys}. Fails (does not skip) when Mix, the Hex archive, rebar3 or nginx is missing.
 */
class MixInstallsFromMirrorTest {
    private static Mix mix;
    /** Debian's rebar3 escript, served as the rebar3 build. */
    private static Path rebar3;

    @TempDir
    Path tmp;

    private SyncFixture fixture;

    @BeforeAll
    static void locateMix() {
        mix = Mix.locate();
        try {
            rebar3 = io.hexmirror.testkit.clients.Rebar3.locate().executable().toRealPath();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeEach
    void syncTheMirror() throws Exception {
        fixture = new SyncFixture(Files.createDirectories(tmp.resolve("mirror")));
        DependencyTree.publishTo(fixture.upstream);
        fixture.upstream.publishHexArchive(Mix.HEX_VERSION, "1.14.0", Files.readAllBytes(mix.hexArchive()))
                .publishRebar3("3.19.0", "1.14.0", Files.readAllBytes(rebar3));
        SyncOptions options = SyncOptions.all().withInstalls(
                new InstallsOptions(List.of("1.14"), List.of(), fixture.upstream.publicKey()));
        assertThat(fixture.sync(options, fixture.storage).failures()).isEmpty();
    }

    @AfterEach
    void closeFixture() throws Exception {
        fixture.close();
    }

    @ParameterizedTest
    @EnumSource(ServedMirror.By.class)
    void localHexAndLocalRebarInstallFromTheMirrorAndHexsUpdateCheckIsAnswered(ServedMirror.By by) throws Exception {
        try (ServedMirror served = ServedMirror.start(by, fixture.mirrorDir, tmp)) {
            MixProject project = mix.project(tmp.resolve("client")).withoutHexArchive()
                    .installerMirror(served.baseUri())
                    .hexMirror(served.baseUri())
                    .repositoryPublicKey(fixture.upstream.publicKeyPem())
                    .dependency(DependencyTree.ROOT, DependencyTree.ROOT_REQUIREMENT);
            project.trustInstallerKey(fixture.upstream.publicKeyPem()).requireSuccess();

            ClientResult hex = project.localHex().requireSuccess();
            ClientResult rebar = project.localRebar().requireSuccess();

            assertThat(project.mixHome().resolve("archives/hex-" + Mix.HEX_VERSION)).as(hex.describe()).isDirectory();
            Path installedRebar3 = findRebar3(project.mixHome());
            assertThat(installedRebar3).as(rebar.describe()).hasSameBinaryContentAs(rebar3);
            List<AccessLogEntry> installs = served.awaitAccessLog(
                    l -> l.stream().anyMatch(e -> e.resource().equals("installs/1.14.0/rebar3-3.19.0")), "the rebar3 download");
            assertThat(installs).extracting(AccessLogEntry::resource).containsExactly(
                    "installs/hex-1.x.csv", "installs/hex-1.x.csv.signed", "installs/1.14.0/hex-2.5.1.ez",
                    "installs/rebar3-1.x.csv", "installs/rebar3-1.x.csv.signed", "installs/1.14.0/rebar3-3.19.0");

            // The Hex just installed works against the mirror, and its update check finds the CSV.
            ClientResult deps = project.getDeps().requireSuccess();

            assertThat(project.lockedVersions()).as(deps.describe()).isEqualTo(DependencyTree.LOCKED);
            assertThat(deps.output()).doesNotContainIgnoringCase("Failed to check for new Hex version");
            List<AccessLogEntry> all = served.awaitAccessLog(
                    l -> l.size() > installs.size() && l.stream().skip(installs.size())
                            .anyMatch(e -> e.resource().equals("installs/hex-1.x.csv")), "Hex's update check");
            assertThat(all).filteredOn(e -> e.resource().startsWith("installs/"))
                    .allSatisfy(e -> assertThat(e.status()).as(e.toString()).isEqualTo(200));
        }
    }

    @ParameterizedTest
    @EnumSource(value = ServedMirror.By.class, names = "HEXMIRROR")
    void withoutTrustingTheUpstreamsKeyMixRefusesTheInstallers(ServedMirror.By by) throws Exception {
        try (ServedMirror served = ServedMirror.start(by, fixture.mirrorDir, tmp)) {
            MixProject project = mix.project(tmp.resolve("client")).withoutHexArchive().installerMirror(served.baseUri());

            ClientResult hex = project.localHex();

            assertThat(hex.succeeded()).as(hex.describe()).isFalse();
            assertThat(hex.output()).contains("could not verify authenticity");
            assertThat(project.mixHome().resolve("archives")).doesNotExist();
        }
    }

    private static Path findRebar3(Path mixHome) throws Exception {
        try (Stream<Path> files = Files.walk(mixHome)) {
            return files.filter(p -> p.getFileName().toString().equals("rebar3") && Files.isRegularFile(p)).findFirst()
                    .orElseThrow(() -> new AssertionError("no rebar3 under " + mixHome));
        }
    }
}
