package io.hexmirror.cli;

import static io.hexmirror.cli.S3Bucket.ACCESS_KEY;
import static io.hexmirror.cli.S3Bucket.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.mirror.MirrorLock;
import io.hexmirror.server.MirrorServer;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.Storages;
import io.hexmirror.testkit.clients.Rebar3;
import io.hexmirror.testkit.clients.Rebar3Project;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole life of a mirror on S3-compatible object storage (s3proxy on loopback): {@code hexmirror
 * sync} into an {@code s3://} URI, {@code hexmirror verify} on it (with and without trusting the
 * stored checksums), and a {@link MirrorServer} serving it to a real rebar3 that verifies signatures.
 */
class S3EndToEndTest {
    /** Ten releases: web -> plug -> mime, telemetry, jason, with versions the requirements must skip. */
    private static final int TARBALLS = 10;

    @RegisterExtension
    final S3ProxyExtension proxy = S3Bucket.extension();

    @TempDir
    Path dir;

    FakeHexRepository upstream;
    FakeUpstreamServer upstreamServer;
    S3Bucket bucket;
    Path key;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeHexRepository.create();
        upstream.publish("mime", "1.0.0").publish("mime", "1.6.0").publish("mime", "2.0.0");
        upstream.publish("telemetry", "0.4.3").publish("telemetry", "1.0.0");
        upstream.publish("jason", "1.2.2");
        upstream.release("plug", "1.10.0").dependsOn("mime", "~> 1.0").publish();
        upstream.release("plug", "1.10.4").dependsOn("mime", "~> 1.0").dependsOn("telemetry", "~> 0.4")
                .dependsOnOptional("jason", "~> 1.0").publish();
        upstream.release("plug", "1.11.0-rc.0").dependsOn("mime", "~> 2.0").publish();
        upstream.release("web", "0.1.0").dependsOn("plug", "~> 1.10").publish();
        upstreamServer = FakeUpstreamServer.start(upstream);
        key = Files.writeString(dir.resolve("upstream.pem"), upstream.publicKeyPem());
        bucket = S3Bucket.on(proxy);
    }

    @AfterEach
    void stop() {
        bucket.close();
        upstreamServer.close();
    }

    @Test
    void syncVerifyAndServeToRebar3FromS3() throws Exception {
        CliRun sync = sync();
        assertThat(sync.exitCode()).as(sync.err()).isZero();
        assertThat(sync.out()).contains("packages: 5 added").contains("tarballs: " + TARBALLS + " downloaded");
        assertNoCredentialIn(sync);

        // What landed in the bucket: the served layout under the prefix, each object with its SHA-256.
        assertThat(bucket.get("names")).isEqualTo(upstream.file("names").orElseThrow());
        assertThat(bucket.get("tarballs/plug-1.10.4.tar")).isEqualTo(upstream.file("tarballs/plug-1.10.4.tar").orElseThrow());
        assertThat(bucket.head("tarballs/plug-1.10.4.tar").metadata())
                .containsEntry("sha256", upstream.tarballChecksums("plug", "1.10.4").outer());
        // Each with the type the mirror decided: opaque bytes for the Hex layout as on hex.pm, PEM text
        // for the key (s3proxy drops the optional space before a parameter), never a Content-Encoding.
        for (String object : List.of("names", "versions", "packages/plug", "tarballs/plug-1.10.4.tar")) {
            assertThat(bucket.head(object).contentType()).as(object).isEqualTo("application/octet-stream");
            assertThat(bucket.head(object).contentEncoding()).as(object).isNull();
        }
        assertThat(bucket.head("public_key").contentType().replace("; ", ";")).isEqualTo("text/plain;charset=utf-8");

        CliRun verify = verify();
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("s3://hexbucket/mirror at " + proxy.getUri())
                .contains("5 package files and " + TARBALLS + " tarballs checked").contains("sound");
        assertNoCredentialIn(verify);

        try (Storage storage = Storages.open(bucket.uri());
                MirrorServer server = MirrorServer.builder(storage).port(0).build()) {
            server.start();
            upstreamServer.resetLog();
            Rebar3Project project = Rebar3.locate().project(dir.resolve("rebar3"))
                    .hexRepository(server.uri(), upstream.publicKeyPem())
                    .verifySignatures(true)
                    .dependency("web", "~> 0.1");

            project.getDeps().requireSuccess();

            assertThat(project.lockedVersions()).isEqualTo(Map.of(
                    "web", "0.1.0", "plug", "1.10.4", "mime", "1.6.0", "telemetry", "0.4.3", "jason", "1.2.2"));
            for (String app : new String[] {"web", "plug", "mime", "telemetry", "jason"}) {
                assertThat(project.libDir(app).resolve("src").resolve(app + ".app.src")).as(app + " unpacked").isRegularFile();
            }
            assertThat(upstreamServer.requestCount()).as("requests that reached the upstream instead of the mirror").isZero();
        }
    }

    @Test
    void verifyNamesAnObjectCorruptedInTheBucket() throws Exception {
        assertThat(sync().exitCode()).isZero();
        byte[] tarball = bucket.get("tarballs/mime-1.6.0.tar");
        tarball[tarball.length / 2] ^= 0x20;
        bucket.put("tarballs/mime-1.6.0.tar", tarball, Map.of());

        CliRun verify = verify();

        assertThat(verify.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(verify.out()).contains("corrupt tarballs/mime-1.6.0.tar: ").contains("1 problem(s): NOT sound");
    }

    @Test
    void trustedVerifySkipsTarballsWhoseStoredSha256MatchesTheRegistry() throws Exception {
        assertThat(sync().exitCode()).isZero();

        CliRun trusted = verify("--trust-stored-checksums");

        assertThat(trusted.exitCode()).as(trusted.out()).isZero();
        assertThat(trusted.out()).contains(TARBALLS + " tarballs checked (" + TARBALLS + " on their stored SHA-256)")
                .contains("sound");
    }

    @Test
    void trustedVerifyReadsTarballsWithoutStoredSha256AndFindsTheirCorruption() throws Exception {
        assertThat(sync().exitCode()).isZero();
        // Replaced by another tool: new content, no metadata.
        byte[] tarball = bucket.get("tarballs/jason-1.2.2.tar");
        tarball[tarball.length / 2] ^= 0x20;
        bucket.put("tarballs/jason-1.2.2.tar", tarball, Map.of());

        CliRun trusted = verify("--trust-stored-checksums");

        assertThat(trusted.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(trusted.out()).contains("corrupt tarballs/jason-1.2.2.tar: ")
                .contains(TARBALLS + " tarballs checked (" + (TARBALLS - 1) + " on their stored SHA-256)");
    }

    @Test
    void trustedVerifyReadsATarballWhoseStoredSha256DisagreesWithTheRegistry() throws Exception {
        assertThat(sync().exitCode()).isZero();
        // Sound content under a stored hash that is not the registry's: the content decides.
        bucket.put("tarballs/web-0.1.0.tar", bucket.get("tarballs/web-0.1.0.tar"), Map.of("sha256", "0".repeat(64)));

        CliRun trusted = verify("--trust-stored-checksums");

        assertThat(trusted.exitCode()).as(trusted.out()).isZero();
        assertThat(trusted.out()).contains(TARBALLS + " tarballs checked (" + (TARBALLS - 1) + " on their stored SHA-256)");
    }

    /**
     * The limit of trusting the store, as documented: content changed behind its back with the old
     * metadata left in place passes a trusted verify, and only a full verify finds it.
     */
    @Test
    void contentTamperedUnderItsOldMetadataIsFoundOnlyByAFullVerify() throws Exception {
        assertThat(sync().exitCode()).isZero();
        String stored = bucket.head("tarballs/plug-1.10.0.tar").metadata().get("sha256");
        byte[] tarball = bucket.get("tarballs/plug-1.10.0.tar");
        tarball[tarball.length / 2] ^= 0x20;
        bucket.put("tarballs/plug-1.10.0.tar", tarball, Map.of("sha256", stored));

        CliRun trusted = verify("--trust-stored-checksums");
        CliRun full = verify();

        assertThat(trusted.exitCode()).as(trusted.out()).isZero();
        assertThat(full.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(full.out()).contains("corrupt tarballs/plug-1.10.0.tar: ");
    }

    @Test
    void aSyncIsRefusedWhileAnotherMachineHoldsTheBucketsLock() throws Exception {
        try (Storage storage = Storages.open(bucket.uri());
                MirrorLock lock = MirrorLock.acquire(storage, "hexmirror sync on build-7")) {
            CliRun refused = sync();

            assertThat(refused.exitCode()).isEqualTo(ExitCodes.LOCKED);
            assertThat(refused.err()).contains("s3://hexbucket/mirror").contains("'hexmirror sync on build-7'")
                    .contains("--break-lock");
            assertThat(storage.stat("names")).isEmpty();
            assertNoCredentialIn(refused);
        }
    }

    @Test
    void anUnknownOptionInTheUriIsRefusedWithoutPrintingTheSecret() {
        CliRun run = CliRun.of("verify", "--upstream-key", key.toString(), bucket.uri() + "&colour=blue");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("unknown option 'colour' for s3 storage");
        assertNoCredentialIn(run);
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "verify", "export --full"})
    void aCommandThatOnlyReadsNeverCreatesABucketEvenWithCreateBucket(String command) {
        String missing = bucket.uri().replace("s3://" + S3Bucket.BUCKET + "/", "s3://nobucket/") + "&create-bucket=true";
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add(missing);
        if (command.startsWith("export")) {
            args.add(dir.resolve("bundle.tar").toString());
        }

        CliRun run = CliRun.of(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("no mirror at").contains("bucket 'nobucket' does not exist");
        assertThat(bucket.bucketNames()).doesNotContain("nobucket");
    }

    private CliRun sync() {
        return CliRun.of("sync", "--upstream", upstreamServer.baseUri().toString(), "--upstream-key", key.toString(),
                bucket.uri());
    }

    private CliRun verify(String... options) {
        String[] args = new String[options.length + 4];
        args[0] = "verify";
        System.arraycopy(options, 0, args, 1, options.length);
        args[options.length + 1] = "--upstream-key";
        args[options.length + 2] = key.toString();
        args[options.length + 3] = bucket.uri();
        return CliRun.of(args);
    }

    private static void assertNoCredentialIn(CliRun run) {
        assertThat(run.out() + run.err()).doesNotContain(SECRET_KEY).doesNotContain(ACCESS_KEY);
    }
}
