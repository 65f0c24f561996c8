package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.internal.sync.SyncOptions;
import io.hexmirror.registry.RepositoryKeys;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.selection.SelectionRequest;
import io.hexmirror.server.MirrorServer;
import io.hexmirror.testkit.clients.ClientResult;
import io.hexmirror.testkit.clients.Rebar3;
import io.hexmirror.testkit.clients.Rebar3Project;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.version.Requirement;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real rebar3 (3.19) resolving against a partial mirror served by {@link MirrorServer}, in both
 * registry modes. The mirror holds {@code db_connection ~> 2.2} of the real registry snapshot:
 * db_connection 2.2.0 .. 2.2.2 and, through their {@code connection ~> 1.0.2}, connection 1.0.2 ..
 * 1.0.4 (no requirement in that closure uses {@code or}, which rebar3 3.19 cannot parse).
 */
class Rebar3SelectiveMirrorTest {
    static FakeHexRepository upstream;
    static KeyPair mirrorKey;

    @TempDir
    Path dir;

    SyncFixture fixture;
    MirrorServer server;
    final List<String> accessLog = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void buildUpstream() {
        upstream = RegistrySnapshot.upstream();
        mirrorKey = RepositoryKeys.generate();
    }

    @BeforeEach
    void start() throws Exception {
        fixture = new SyncFixture(dir.resolve("mirror"), upstream);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        fixture.close();
    }

    @Test
    void resolvesARequirementInsideTheSelectionWithTheMirrorsKey() throws Exception {
        serve(selection().resigned(mirrorKey.getPrivate()));

        Rebar3Project project = project("inside", RepositoryKeys.toPem(mirrorKey.getPublic())).dependency("db_connection", "~> 2.2");
        project.getDeps().requireSuccess();

        assertThat(project.lockedVersions()).isEqualTo(Map.of("db_connection", "2.2.2", "connection", "1.0.4"));
        assertThat(project.libDir("db_connection").resolve("src/db_connection.app.src")).isRegularFile();
        assertThat(project.libDir("connection")).isDirectory();
    }

    @Test
    void aRequirementOutsideTheSelectionFailsAtResolution() throws Exception {
        serve(selection().resigned(mirrorKey.getPrivate()));

        // db_connection 2.1.x exists upstream but not in this mirror, whose registry does not list it.
        Rebar3Project project = project("outside", RepositoryKeys.toPem(mirrorKey.getPublic())).dependency("db_connection", "~> 2.1.0");
        ClientResult result = project.getDeps();

        assertThat(result.succeeded()).as(result.describe()).isFalse();
        assertThat(result.output()).contains("Package not found in any repo: db_connection ~> 2.1.0")
                .doesNotContainIgnoringCase("checksum").doesNotContain("404").doesNotContain("Failed to fetch");
        // It gave up on the registry alone: no tarball was asked for.
        assertThat(accessLog).anyMatch(line -> line.contains("/packages/db_connection "))
                .noneMatch(line -> line.contains("/tarballs/"));
    }

    @Test
    void aReSignedMirrorDoesNotVerifyWithUpstreamsKey() throws Exception {
        serve(selection().resigned(mirrorKey.getPrivate()));

        ClientResult result = project("wrong-key", upstream.publicKeyPem()).dependency("db_connection", "~> 2.2").getDeps();

        // What rebar3 3.19 says when a registry file's signature does not verify (hex_core's "unverified").
        assertThat(result.succeeded()).as(result.describe()).isFalse();
        assertThat(result.output()).contains("The registry repository hexpm uses a record format that has been deprecated");
        assertThat(accessLog).noneMatch(line -> line.contains("/tarballs/"));
    }

    @Test
    void verbatimMirrorListsEveryReleaseButAnswers404ForTarballsOutsideTheSelection() throws Exception {
        serve(selection());

        Rebar3Project project = project("verbatim", upstream.publicKeyPem()).dependency("db_connection", "~> 2.1.0");
        ClientResult result = project.getDeps();

        // The registry lists 2.1.x, so rebar3 picks 2.1.1 and the tarball download is what fails.
        assertThat(result.succeeded()).as(result.describe()).isFalse();
        assertThat(result.output()).contains("Failed to fetch and copy dep: db_connection-2.1.1");
        assertThat(accessLog).anyMatch(line -> line.contains("/tarballs/db_connection-2.1.1.tar HTTP/1.1\" 404"));

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> pkg = get(http, "packages/db_connection");
        assertThat(pkg.statusCode()).isEqualTo(200);
        assertThat(upstream.reader().readPackage("db_connection", pkg.body()).getReleasesList()).extracting(Release::getVersion)
                .contains("2.1.0", "2.2.2");
        assertThat(get(http, "tarballs/db_connection-2.2.2.tar").statusCode()).isEqualTo(200);
        assertThat(get(http, "tarballs/db_connection-2.1.0.tar").statusCode()).isEqualTo(404);
    }

    private SyncOptions selection() throws Exception {
        return SyncOptions.all().withSelection(SelectionRequest.builder()
                .addPackage("db_connection", Requirement.parse("~> 2.2")).build());
    }

    private void serve(SyncOptions options) throws Exception {
        assertThat(fixture.sync(options, fixture.storage).failures()).isEmpty();
        server = MirrorServer.builder(fixture.storage).port(0).accessLog(accessLog::add).build();
        server.start();
    }

    private Rebar3Project project(String name, String publicKeyPem) {
        return Rebar3.locate().project(dir.resolve(name)).hexRepository(server.uri(), publicKeyPem);
    }

    private HttpResponse<byte[]> get(HttpClient http, String path) throws Exception {
        URI uri = server.uri().resolve(path);
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
