package io.hexmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline side asks for docs with {@code want --docs-for}; the connected side syncs them with
 * {@code sync --docs-for} and answers with {@code export --request}; the import makes them browsable.
 */
class WantDocsRoundTripTest {
    @TempDir
    Path dir;

    FakeHexRepository upstream;
    FakeUpstreamServer server;
    Path key;
    Path connected;
    Path offline;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeHexRepository.create();
        upstream.release("decimal", "2.0.0").withDocs().publish();
        upstream.release("decimal", "2.1.1").withDocs().publish();
        upstream.release("jason", "1.4.0").dependsOn("decimal", "~> 2.0").withDocs().publish();
        server = FakeUpstreamServer.start(upstream);
        key = Files.writeString(dir.resolve("upstream.pem"), upstream.publicKeyPem());
        connected = dir.resolve("connected");
        offline = dir.resolve("offline");
        Files.createDirectories(offline);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRun sync(String... docsOptions) {
        String[] base = {"sync", "--upstream", server.baseUri().toString(), "--upstream-key", key.toString()};
        String[] args = new String[base.length + docsOptions.length + 1];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(docsOptions, 0, args, base.length, docsOptions.length);
        args[args.length - 1] = connected.toString();
        return CliRun.of(args);
    }

    private CliRun export(String request, String bundle) {
        return CliRun.of("export", "--request", dir.resolve(request).toString(), connected.toString(),
                dir.resolve(bundle).toString());
    }

    private CliRun importBundle(String bundle) {
        return CliRun.of("import", "--upstream-key", key.toString(), dir.resolve(bundle).toString(), offline.toString());
    }

    @Test
    void docsAskedForByWantTravelInTheAnsweringBundleAndAreBrowsableAfterImport() throws Exception {
        assertThat(sync("--docs", "none").exitCode()).isZero();
        assertThat(CliRun.of("want", offline.toString(), dir.resolve("want-1.json").toString()).exitCode()).isZero();
        assertThat(export("want-1.json", "hex-1.bundle").exitCode()).isZero();
        assertThat(importBundle("hex-1.bundle").exitCode()).isZero();
        assertThat(offline.resolve("docs")).doesNotExist();

        CliRun want = CliRun.of("want", "--docs-for", "decimal@2.0.0", "--docs-for", "jason", offline.toString(),
                dir.resolve("want-2.json").toString());
        assertThat(want.exitCode()).as(want.err()).isZero();
        assertThat(want.out()).contains("asks for the docs of decimal 2.0.0, jason");

        // The connected mirror has no docs yet: the answer says which, and what to run.
        CliRun lacking = export("want-2.json", "lacking.bundle");
        assertThat(lacking.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(lacking.out()).contains("  docs decimal 2.0.0").contains("  docs jason")
                .contains("hexmirror sync --docs-for NAME[@VERSION]");

        CliRun docsSync = sync("--docs", "none", "--docs-for", "decimal@2.0.0,jason");
        assertThat(docsSync.exitCode()).as(docsSync.out() + docsSync.err()).isZero();
        assertThat(docsSync.out()).contains("docs: 2 wanted, 0 already mirrored, 2 fetched");

        CliRun answer = export("want-2.json", "hex-2.bundle");
        assertThat(answer.exitCode()).as(answer.out() + answer.err()).isZero();
        assertThat(answer.out()).contains("of which docs: 2 tarballs");
        CliRun imported = importBundle("hex-2.bundle");
        assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();
        assertThat(imported.out()).contains("browsable docs: 2 versions derived");

        for (String tarball : new String[] {"docs/decimal-2.0.0.tar.gz", "docs/jason-1.4.0.tar.gz"}) {
            assertThat(offline.resolve(tarball)).hasSameBinaryContentAs(connected.resolve(tarball));
        }
        assertThat(offline.resolve("docs/decimal-2.1.1.tar.gz")).doesNotExist();
        assertThat(offline.resolve("hexdocs/decimal/2.0.0/index.html")).exists();
        assertThat(Files.readString(offline.resolve("hexdocs/jason/index.html"))).contains("url=1.4.0/");
        assertThat(Files.readString(offline.resolve("hexdocs/jason/1.4.0/Jason.html")))
                .as("jason's links to decimal lead to the decimal docs that came with it")
                .contains("href=\"../../decimal/2.0.0/Decimal.html\"");
    }

    @Test
    void anImportOfPackagesWithTheirDocsUpdatesTheCatalogOnceWithTheLinksToTheDocs() throws Exception {
        CliRun synced = sync("--docs", "latest");
        assertThat(synced.exitCode()).as(synced.out() + synced.err()).isZero();
        assertThat(CliRun.of("want", offline.toString(), dir.resolve("want-1.json").toString()).exitCode()).isZero();
        CliRun exported = export("want-1.json", "hex-1.bundle");
        assertThat(exported.exitCode()).as(exported.out() + exported.err()).isZero();

        CliRun imported = importBundle("hex-1.bundle");

        assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();
        assertThat(imported.out()).contains("browsable docs: 2 versions derived");
        assertThat(imported.out().lines().filter(line -> line.startsWith("catalog updated:")).toList())
                .as("one catalog update, after the docs, for the packages and their docs together")
                .singleElement().asString().startsWith("catalog updated: 2 packages read, 0 removed, 2 pages written in ");
        assertThat(Files.readString(offline.resolve("browse/packages/jason.html"))).contains("hexdocs/jason/1.4.0/");
        assertThat(Files.readString(offline.resolve("browse/packages/decimal.html"))).contains("hexdocs/decimal/2.1.1/");
    }

    @Test
    void docsForAPackageTheMirrorDoesNotServeAreAFailureNamingIt() {
        CliRun run = sync("--docs", "none", "--docs-for", "phoenix");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(run.out()).contains("docs failed: docs of phoenix not asked for: the mirror serves no release of phoenix");

        CliRun bad = sync("--docs-for", "Decimal@2");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("--docs-for docs of 'Decimal 2'");
    }
}
