package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.internal.sync.SyncOptions;
import io.hexmirror.registry.RepositoryKeys;
import io.hexmirror.selection.SelectionRequest;
import io.hexmirror.server.MirrorServer;
import io.hexmirror.storage.Storage;
import io.hexmirror.testkit.clients.ClientResult;
import io.hexmirror.testkit.clients.Mix;
import io.hexmirror.testkit.clients.MixProject;
import io.hexmirror.transfer.ExportOptions;
import io.hexmirror.version.Requirement;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Mix with Hex 2.5.1 against the mirrors that are not a plain copy of the upstream: a
 * selective mirror re-signed with the mirror's own key (trusted with {@code mix hex.repo set hexpm
 * --public-key}), and a mirror built only from bundles. Fails (does not skip) when Mix or the Hex
 * archive is missing.
 */
class MixSelectiveAndImportedMirrorTest {
    private static Mix mix;
    private static KeyPair mirrorKey;

    @TempDir
    Path dir;

    private final List<String> accessLog = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void locateMix() {
        mix = Mix.locate();
        mirrorKey = RepositoryKeys.generate();
    }

    @Test
    void aSelectiveReSignedMirrorServesTheSelectionToMixTrustingTheMirrorsKey() throws Exception {
        try (SyncFixture fixture = new SyncFixture(dir.resolve("mirror"))) {
            DependencyTree.publishTo(fixture.upstream);
            SyncOptions selection = SyncOptions.all().withSelection(SelectionRequest.builder()
                    .addPackage("plug", Requirement.parse("~> 1.10.0")).build()).resigned(mirrorKey.getPrivate());
            assertThat(fixture.sync(selection, fixture.storage).failures()).isEmpty();
            try (MirrorServer server = serve(fixture.storage)) {
                MixProject project = project(server.uri(), "inside", RepositoryKeys.toPem(mirrorKey.getPublic()))
                        .dependency("plug", "~> 1.10");

                ClientResult result = project.getDeps().requireSuccess();

                assertThat(project.lockedVersions()).as(result.describe()).isEqualTo(Map.of(
                        "plug", "1.10.4", "mime", "1.6.0", "telemetry", "0.4.3", "plug_crypto", "1.2.0"));
                assertThat(project.depDir("plug").resolve("src/plug.app.src")).isRegularFile();
                // plug 2.0.0 is upstream but not in the selection: the re-signed registry does not list it.
                assertThat(accessLog).noneMatch(line -> line.contains("/tarballs/plug-2.0.0.tar"));
            }
        }
    }

    @Test
    void aReSignedMirrorIsRefusedByMixTrustingOnlyTheUpstreamsKey() throws Exception {
        try (SyncFixture fixture = new SyncFixture(dir.resolve("mirror"))) {
            DependencyTree.publishTo(fixture.upstream);
            SyncOptions selection = SyncOptions.all().withSelection(SelectionRequest.builder()
                    .addPackage("plug", Requirement.parse("~> 1.10.0")).build()).resigned(mirrorKey.getPrivate());
            assertThat(fixture.sync(selection, fixture.storage).failures()).isEmpty();
            try (MirrorServer server = serve(fixture.storage)) {
                ClientResult result = project(server.uri(), "wrong-key", fixture.upstream.publicKeyPem())
                        .dependency("plug", "~> 1.10").getDeps();

                assertThat(result.succeeded()).as(result.describe()).isFalse();
                assertThat(result.output()).contains("Could not verify authenticity");
                assertThat(accessLog).noneMatch(line -> line.contains("/tarballs/"));
            }
        }
    }

    @Test
    void mixFetchesTheDependencyTreeFromAMirrorMadeByImports() throws Exception {
        try (TransferFixture fixture = new TransferFixture(dir)) {
            fixture.sync();
            fixture.export(ExportOptions.fullCopy(), "full.bundle");
            fixture.importBundle("full.bundle");
            // plug 1.15.1 arrives by the second, incremental bundle.
            fixture.source.upstream.release("plug", "1.15.1").dependsOn("mime", "~> 2.0")
                    .dependsOn("plug_crypto", "~> 1.2").publish();
            fixture.sync();
            fixture.export(ExportOptions.since(1), "2.bundle");
            fixture.importBundle("2.bundle");

            try (MirrorServer server = serve(fixture.target)) {
                MixProject project = project(server.uri(), "mix", fixture.source.upstream.publicKeyPem())
                        .dependency("plug", "~> 1.15");

                ClientResult result = project.getDeps().requireSuccess();

                assertThat(project.lockedVersions()).as(result.describe()).isEqualTo(Map.of(
                        "plug", "1.15.1", "mime", "2.0.0", "plug_crypto", "1.2.0", "telemetry", "1.0.0"));
                assertThat(project.depDir("plug").resolve("src/plug.app.src")).isRegularFile();
            }
        }
    }

    private MirrorServer serve(Storage storage) throws Exception {
        MirrorServer server = MirrorServer.builder(storage).port(0).accessLog(accessLog::add).build();
        server.start();
        return server;
    }

    private MixProject project(URI mirror, String name, String publicKeyPem) {
        return mix.project(dir.resolve(name))
                .hexMirror(URI.create(mirror.toString().replaceFirst("/$", "")))
                .repositoryPublicKey(publicKeyPem);
    }
}
