package io.hexmirror.cli;

import io.hexmirror.HexMirror;
import io.hexmirror.MirrorOptions;
import io.hexmirror.docs.DocsPolicy;
import io.hexmirror.docs.DocsSearchIndex;
import io.hexmirror.docs.DocsSyncOptions;
import io.hexmirror.server.SyncJob;
import io.hexmirror.server.SyncOutcome;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.Storages;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServeCommandTest {
    @TempDir
    Path dir;

    /** Two releases of decimal, for the background sync tests. */
    private final FakeHexRepository repository = FakeHexRepository.create().publish("decimal", "2.0.0").publish("decimal", "2.1.1");

    @Test
    void anEmptyMirrorIsWarnedAboutUnlessABackgroundSyncWillFillIt() throws Exception {
        try (Storage storage = Storages.open(dir.toString())) {
            assertThat(ServeCommand.emptyMirrorWarning(storage, false)).hasValueSatisfying(warning ->
                    assertThat(warning).contains("holds no mirror yet").contains("run 'hexmirror sync' or 'hexmirror import'"));
            assertThat(ServeCommand.emptyMirrorWarning(storage, true)).isEmpty();

            storage.write("names", new byte[] {1}, WriteOptions.defaults());

            assertThat(ServeCommand.emptyMirrorWarning(storage, false)).isEmpty();
        }
    }

    @Test
    void aMemoryCacheThatIsNoSizeIsAUsageErrorNamingTheOption() {
        CliRun serve = CliRun.of("serve", "--port", "0", "--memory-cache", "lots", dir.toString());

        assertThat(serve.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(serve.err()).contains("--memory-cache").contains("lots");
    }

    @Test
    void aBackgroundSyncThatQuarantinesIsASuccessNamingTheQuarantinedReleases() throws Exception {
        try (FakeUpstreamServer upstream = FakeUpstreamServer.start(repository)) {
            upstream.faults().corruptTarball("tarballs/decimal-2.0.0.tar");
            try (HexMirror mirror = HexMirror.open(dir.resolve("mirror").toString(), syncingFrom(upstream));
                    DocsSearchIndex index = DocsSearchIndex.open(dir.resolve("docs-index"))) {
                SyncOutcome outcome = backgroundSync(mirror, index).run();

                assertThat(outcome.summary()).contains("1 tarballs downloaded").endsWith("; 1 quarantined: decimal 2.0.0");
                assertThat(mirror.storage().stat("tarballs/decimal-2.1.1.tar")).isPresent();
            }
        }
    }

    @Test
    void aBackgroundSyncThatLeftAReleaseForTheNextSyncFails() throws Exception {
        try (FakeUpstreamServer upstream = FakeUpstreamServer.start(repository)) {
            upstream.faults().status("tarballs/decimal-2.0.0.tar", 503);
            MirrorOptions noRetries = syncingFrom(upstream).toBuilder().retries(0).build();
            try (HexMirror mirror = HexMirror.open(dir.resolve("mirror").toString(), noRetries);
                    DocsSearchIndex index = DocsSearchIndex.open(dir.resolve("docs-index"))) {
                SyncJob job = backgroundSync(mirror, index);

                assertThatThrownBy(job::run).hasMessageContaining("1 failure(s), first: tarballs/decimal-2.0.0.tar");
            }
        }
    }

    private MirrorOptions syncingFrom(FakeUpstreamServer upstream) {
        return MirrorOptions.builder().upstream(upstream.baseUri()).upstreamKey(repository.publicKey())
                .environment(Map.of()).build();
    }

    private static SyncJob backgroundSync(HexMirror mirror, DocsSearchIndex index) {
        return ServeCommand.backgroundSync(mirror, new DocsRunner(DocsSyncOptions.of(DocsPolicy.NONE)), index);
    }
}
