package io.hexmirror.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sync --installs} and {@code import --installs-key} end to end against a test upstream. */
class InstallsCommandTest {
    @TempDir
    Path dir;

    FakeHexRepository upstream;
    FakeUpstreamServer server;
    Path key;
    Path mirror;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeHexRepository.create();
        upstream.publish("decimal", "2.0.0");
        upstream.publishHexArchive("2.0.6", "1.13.0", ez("2.0.6")).publishHexArchive("2.5.1", "1.14.0", ez("2.5.1"))
                .publishRebar3("3.19.0", "1.14.0", "#!/usr/bin/env escript\n".getBytes(US_ASCII));
        server = FakeUpstreamServer.start(upstream);
        key = Files.writeString(dir.resolve("upstream.pem"), upstream.publicKeyPem());
        mirror = dir.resolve("mirror");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void syncWithInstallsMirrorsTheChosenElixirVersions() {
        CliRun sync = sync("--installs-elixir", "1.14", "--installs-key", key.toString());

        assertThat(sync.exitCode()).as(sync.err()).isZero();
        assertThat(mirror.resolve("installs/hex-1.x.csv")).hasBinaryContent(upstream.file("installs/hex-1.x.csv").orElseThrow());
        assertThat(mirror.resolve("installs/hex-1.x.csv.signed")).exists();
        assertThat(mirror.resolve("installs/1.14.0/hex-2.5.1.ez")).exists();
        assertThat(mirror.resolve("installs/1.14.0/rebar3-3.19.0")).exists();
        assertThat(mirror.resolve("installs/1.13.0")).doesNotExist();
    }

    @Test
    void withTheDefaultKeyTheTestUpstreamsCsvsAreRefusedAndTheExitCodeSaysSo() {
        CliRun sync = sync("--installs");

        assertThat(sync.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(sync.out() + sync.err()).contains("installs/hex-1.x.csv")
                .contains("does not match its signature installs/hex-1.x.csv.signed with the installs key");
        assertThat(mirror.resolve("installs")).doesNotExist();
        assertThat(mirror.resolve("tarballs/decimal-2.0.0.tar")).as("the registry is mirrored all the same").exists();
    }

    @Test
    void aBadElixirVersionIsAUsageError() {
        CliRun sync = sync("--installs-elixir", "latest");

        assertThat(sync.exitCode()).isNotZero();
        assertThat(sync.err()).contains("'latest' is not an Elixir version");
    }

    @Test
    void importChecksInstallsWithTheGivenKey() throws Exception {
        assertThat(sync("--installs-elixir", "1.14", "--installs-key", key.toString()).exitCode()).isZero();
        Path bundle = dir.resolve("full.bundle");
        CliRun export = CliRun.of("export", "--full", mirror.toString(), bundle.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();

        CliRun refused = CliRun.of("import", "--upstream-key", key.toString(), bundle.toString(), dir.resolve("a").toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(refused.err()).contains("installs/");

        CliRun imported = CliRun.of("import", "--upstream-key", key.toString(), "--installs-key", key.toString(),
                bundle.toString(), dir.resolve("b").toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(dir.resolve("b/installs/1.14.0/hex-2.5.1.ez")).hasSameBinaryContentAs(mirror.resolve("installs/1.14.0/hex-2.5.1.ez"));
    }

    private CliRun sync(String... extra) {
        String[] base = {"sync", "--upstream", server.baseUri().toString(), "--upstream-key", key.toString()};
        String[] args = new String[base.length + extra.length + 1];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        args[args.length - 1] = mirror.toString();
        return CliRun.of(args);
    }

    private static byte[] ez(String label) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("hex/ebin/hex.app"));
            zip.write(("{vsn,\"" + label + "\"}.\n").getBytes(US_ASCII));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
