package io.hexmirror.testkit.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.testkit.clients.ClientResult;
import io.hexmirror.testkit.clients.Rebar3;
import io.hexmirror.testkit.clients.Rebar3Project;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that a stock Hex client, Debian's rebar3 with signature verification on, accepts what the
 * fake upstream generates: signed registry files, dependency resolution data and v3 tarballs.
 * Fails (does not skip) when rebar3 is missing.
 */
class Rebar3AcceptanceTest {
    private static Rebar3 rebar3;

    @TempDir
    Path tmp;

    @BeforeAll
    static void locateRebar3() {
        rebar3 = Rebar3.locate();
    }

    /**
     * web ~> 0.1 -> plug ~> 1.10 -> mime ~> 1.0, telemetry ~> 0.4 and optionally jason ~> 1.0; newer
     * majors and a pre-release that the requirements must not pick.
     */
    private static FakeHexRepository dependencyTree() {
        FakeHexRepository repo = FakeHexRepository.create();
        repo.publish("mime", "1.0.0").publish("mime", "2.0.0");
        // Quotes, backslashes and non-ASCII text must survive metadata.config and .app.src.
        repo.release("mime", "1.6.0").description("Types MIME « \"quoted\" » and \\ back").licenses("MIT").publish();
        repo.publish("telemetry", "0.4.3").publish("telemetry", "1.0.0");
        repo.publish("jason", "1.2.2");
        repo.release("plug", "1.10.0").dependsOn("mime", "~> 1.0").publish();
        repo.release("plug", "1.10.4")
                .dependsOn("mime", "~> 1.0")
                .dependsOn("telemetry", "~> 0.4")
                .dependsOnOptional("jason", "~> 1.0")
                .publish();
        repo.release("plug", "1.11.0-rc.0").dependsOn("mime", "~> 2.0").publish();
        repo.release("web", "0.1.0").dependsOn("plug", "~> 1.10").publish();
        return repo;
    }

    @Test
    void rebar3FetchesTheWholeDependencyTreeWithSignaturesVerified() throws Exception {
        FakeHexRepository repo = dependencyTree();
        try (FakeUpstreamServer server = FakeUpstreamServer.start(repo)) {
            Rebar3Project project = rebar3.project(tmp)
                    .hexRepository(server.baseUri(), repo.publicKeyPem())
                    .dependency("web", "~> 0.1");

            ClientResult result = project.getDeps();

            result.requireSuccess();
            for (String app : new String[] {"web", "plug", "mime", "telemetry", "jason"}) {
                assertThat(project.libDir(app)).as(app + " unpacked").isDirectory();
                assertThat(project.libDir(app).resolve("src").resolve(app + ".app.src")).isRegularFile();
            }
            // rebar3 3.19 ignores the registry's optional flag: plug's optional jason comes along.
            assertThat(project.libDir("jason")).isDirectory();
            assertThat(project.lockedVersions()).isEqualTo(Map.of(
                    "web", "0.1.0", "plug", "1.10.4", "mime", "1.6.0", "telemetry", "0.4.3", "jason", "1.2.2"));
            assertThat(server.requestLog())
                    .extracting(RequestLogEntry::resource)
                    .contains("packages/web", "packages/plug", "tarballs/web-0.1.0.tar",
                            "tarballs/plug-1.10.4.tar", "tarballs/mime-1.6.0.tar", "tarballs/telemetry-0.4.3.tar",
                            "tarballs/jason-1.2.2.tar");
            assertThat(server.requestLog()).allMatch(e -> e.status() == 200, "every request answered 200");
        }
    }

    @Test
    void rebar3AcceptsABaseUrlWithATrailingSlash() throws Exception {
        FakeHexRepository repo = dependencyTree();
        try (FakeUpstreamServer server = FakeUpstreamServer.start(repo)) {
            Rebar3Project project = rebar3.project(tmp)
                    .hexRepository(java.net.URI.create(server.baseUri() + "/"), repo.publicKeyPem())
                    .dependency("plug", "~> 1.10.0");

            project.getDeps().requireSuccess();

            assertThat(project.libDir("plug")).isDirectory();
            assertThat(project.lockedVersions()).containsEntry("plug", "1.10.4");
            assertThat(server.requestLog()).extracting(RequestLogEntry::path)
                    .contains("//packages/plug", "//tarballs/plug-1.10.4.tar");
        }
    }

    @Test
    void rebar3RejectsARegistryFileWithABadSignature() throws Exception {
        // hex_core reports a signature that does not verify as "unverified", and rebar3 then finds no plug.
        assertRebar3Fails(faults -> faults.badSignature("packages/plug"), "plug", "Package not found in any repo: plug");
    }

    @Test
    void rebar3RejectsARegistryFileOfAnotherRepository() throws Exception {
        assertRebar3Fails(faults -> faults.wrongRepository("packages/plug"), "plug", "Package not found in any repo: plug");
    }

    @Test
    void rebar3RejectsACorruptTarball() throws Exception {
        assertRebar3Fails(faults -> faults.corruptTarball("tarballs/plug-1.10.4.tar"), "plug", "checksum_mismatch");
    }

    private void assertRebar3Fails(java.util.function.Function<Faults, FaultRule> inject, String victim,
            String expectedOutput)
            throws Exception {
        FakeHexRepository repo = dependencyTree();
        try (FakeUpstreamServer server = FakeUpstreamServer.start(repo)) {
            FaultRule fault = inject.apply(server.faults());
            Rebar3Project project = rebar3.project(tmp)
                    .hexRepository(server.baseUri(), repo.publicKeyPem())
                    .dependency("web", "~> 0.1");

            ClientResult result = project.getDeps();

            assertThat(result.succeeded()).as(result.describe()).isFalse();
            assertThat(result.output()).as(result.describe()).contains(expectedOutput);
            assertThat(fault.hits()).isPositive();
            assertThat(project.libDir(victim)).doesNotExist();
        }
    }
}
