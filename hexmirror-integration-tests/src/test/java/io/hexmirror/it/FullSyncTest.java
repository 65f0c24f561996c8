package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.registry.RepositoryKeys;
import io.hexmirror.sync.SyncSummary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FullSyncTest {
    @TempDir
    Path mirror;

    SyncFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new SyncFixture(mirror).withSampleRepository();
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void fullSyncCopiesEveryRegistryFileAndTarballByteForByte() throws Exception {
        SyncSummary summary = fixture.sync();

        assertThat(summary.failures()).isEmpty();
        assertThat(summary.packagesAdded()).isEqualTo(4);
        assertThat(summary.tarballsDownloaded()).isEqualTo(7);
        assertThat(summary.indexesPublished()).isTrue();
        fixture.assertMirrorEqualsUpstream();
        assertThat(fixture.verify().problems()).isEmpty();
    }

    @Test
    void requestsAreTheIndexesOnePackageFileEachAndOneRequestPerTarball() throws Exception {
        SyncSummary summary = fixture.sync();

        // 2 indexes + 4 package files + 7 tarballs
        assertThat(summary.requests()).isEqualTo(13);
        assertThat(fixture.server.requestCount()).isEqualTo(13);
    }

    @Test
    void theMirrorServesThePublicKeyThatVerifiesIt() throws Exception {
        fixture.sync();

        String pem = new String(fixture.storage.read(RegistryPaths.PUBLIC_KEY).readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(RepositoryKeys.parsePublicKey(pem)).isEqualTo(fixture.upstream.publicKey());
    }

    @Test
    void aSecondSyncWithNothingNewMakesOnlyConditionalIndexRequests() throws Exception {
        fixture.sync();
        var before = fixture.snapshot();
        fixture.server.resetLog();

        SyncSummary again = fixture.sync();

        assertThat(again.unchanged()).isTrue();
        assertThat(again.requests()).isLessThanOrEqualTo(3);
        assertThat(fixture.requestedPaths()).containsExactly("/names", "/versions");
        assertThat(fixture.server.requestLog()).allSatisfy(entry -> assertThat(entry.status()).isEqualTo(304));
        assertThat(fixture.snapshot()).isEqualTo(before);
    }
}
