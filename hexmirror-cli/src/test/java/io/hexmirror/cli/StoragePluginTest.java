package io.hexmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.storage.Storage;
import io.hexmirror.storage.Storages;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage plugins as the CLI meets them: the sample {@code memo:} plugin (test code, registered in
 * this module's test {@code META-INF/services}) is found by its scheme and used for a whole sync and
 * verify; a scheme nobody serves lists the providers found; options are checked and secrets masked
 * on every provider's error path through {@link Storages#open}.
 */
class StoragePluginTest {
    private static final String PASSWORD = "memo-Pa55word-e1f9";
    private static final String SECRET_KEY = "s3-Secret-Key-0c2d77";

    @TempDir
    Path dir;

    @Test
    void theCliSyncsIntoAndVerifiesAStoreOfAPluginFoundByItsScheme() throws Exception {
        FakeHexRepository upstream = FakeHexRepository.create();
        upstream.publish("decimal", "2.0.0").publish("decimal", "2.1.1");
        upstream.release("jason", "1.4.0").dependsOn("decimal", "~> 2.0").publish();
        Path key = Files.writeString(dir.resolve("upstream.pem"), upstream.publicKeyPem());
        String target = "memo://cli-sync?password=" + PASSWORD;
        try (FakeUpstreamServer server = FakeUpstreamServer.start(upstream)) {
            CliRun sync = CliRun.of("sync", "--upstream", server.baseUri().toString(), "--upstream-key", key.toString(), target);
            CliRun verify = CliRun.of("verify", "--trust-stored-checksums", "--upstream-key", key.toString(), target);

            assertThat(sync.exitCode()).as(sync.err()).isZero();
            assertThat(sync.out()).contains("memo://cli-sync").contains("tarballs: 3 downloaded");
            assertThat(verify.exitCode()).as(verify.out()).isZero();
            assertThat(verify.out()).contains("memo://cli-sync: 2 package files and 3 tarballs checked (3 on their stored SHA-256)")
                    .contains("sound");
            assertThat(sync.out() + sync.err() + verify.out() + verify.err()).doesNotContain(PASSWORD);
        }
        try (Storage storage = Storages.open(target)) {
            assertThat(storage.stat("tarballs/jason-1.4.0.tar").orElseThrow().sha256())
                    .contains(upstream.tarballChecksums("jason", "1.4.0").outer());
        }
    }

    @Test
    void aSchemeNoProviderServesIsRefusedListingTheProvidersFound() {
        assertThatThrownBy(() -> Storages.open("zipdir:///tmp/mirror.zip"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no storage provider for scheme 'zipdir' in 'zipdir:///tmp/mirror.zip'; providers found: file, memo, s3");

        CliRun run = CliRun.of("verify", "zipdir:///tmp/mirror.zip?token=abc");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("providers found: file, memo, s3").doesNotContain("abc");
    }

    @Test
    void everyProviderRefusesUnknownOptionsByName() {
        assertThatThrownBy(() -> Storages.open("memo://options?colour=blue"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("colour");
        assertThatThrownBy(() -> Storages.open("s3://hexbucket/mirror?colour=blue&secret-key=" + SECRET_KEY + "&access-key=AKIAX"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'colour'")
                .message().doesNotContain(SECRET_KEY);
        assertThatThrownBy(() -> Storages.open(dir.resolve("mirror").toUri() + "?colour=blue"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("colour");
    }

    @Test
    void aSecretAProviderQuotesInItsErrorIsMaskedOnTheWayOut() throws Exception {
        // The sample plugin never quotes its password; this provider-side error does, and must not leak.
        Storages.open("memo://masked?password=" + PASSWORD).close();

        assertThatThrownBy(() -> Storages.open("memo://masked?password=wrong-" + PASSWORD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("wrong or missing password for memo store 'masked'");
        assertThatThrownBy(() -> Storages.open("memo://Bad_Name?password=" + PASSWORD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("memo://NAME")
                .message().doesNotContain(PASSWORD);
        assertThatThrownBy(() -> Storages.open("memo://masked", Map.of("password", PASSWORD, "extra-" + PASSWORD, "x"),
                        StoragePluginTest.class.getClassLoader()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option(s) [extra-****]")
                .message().doesNotContain(PASSWORD);
    }

    @Test
    void aMalformedUriShowsNoneOfItsOptionValues() {
        CliRun run = CliRun.of("verify", "s3://hexbucket/mirror?access-key=AKIAX&secret-key=" + SECRET_KEY + " with a space");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("invalid storage URI 's3://hexbucket/mirror?access-key=****&secret-key=****'")
                .doesNotContain(SECRET_KEY).doesNotContain("AKIAX");
    }
}
