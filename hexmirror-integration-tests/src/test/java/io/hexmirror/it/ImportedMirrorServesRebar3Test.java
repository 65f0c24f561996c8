package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.server.MirrorServer;
import io.hexmirror.testkit.clients.ClientResult;
import io.hexmirror.testkit.clients.Rebar3;
import io.hexmirror.testkit.clients.Rebar3Project;
import io.hexmirror.transfer.ExportOptions;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The far side's whole journey: a mirror built only from bundles, served by hexmirror's server,
 * gives a stock client (Debian's rebar3, signatures verified) the dependency tree. Fails (does
 * not skip) when rebar3 is missing.
 */
class ImportedMirrorServesRebar3Test {
    @TempDir
    Path dir;

    @Test
    void rebar3FetchesTheDependencyTreeFromAMirrorMadeByImports() throws Exception {
        Rebar3 rebar3 = Rebar3.locate();
        try (TransferFixture fixture = new TransferFixture(dir)) {
            fixture.sync();
            fixture.export(ExportOptions.fullCopy(), "full.bundle");
            fixture.importBundle("full.bundle");
            // plug 1.15.0 arrives by the second, incremental bundle.
            fixture.source.upstream.release("plug", "1.15.1").dependsOn("mime", "~> 2.0").dependsOn("plug_crypto", "~> 1.2").publish();
            fixture.sync();
            fixture.export(ExportOptions.since(1), "2.bundle");
            fixture.importBundle("2.bundle");

            try (MirrorServer server = MirrorServer.builder(fixture.target).port(0).build()) {
                server.start();
                Rebar3Project project = rebar3.project(dir.resolve("rebar3"))
                        .hexRepository(server.uri(), fixture.source.upstream.publicKeyPem())
                        .dependency("plug", "~> 1.15");

                ClientResult result = project.getDeps();

                result.requireSuccess();
                assertThat(project.lockedVersions()).isEqualTo(Map.of(
                        "plug", "1.15.1", "mime", "2.0.0", "plug_crypto", "1.2.0", "telemetry", "1.0.0"));
                assertThat(project.libDir("plug")).isDirectory();
            }
        }
    }
}
