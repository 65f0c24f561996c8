package io.hexmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.HexMirror;
import io.hexmirror.MirrorOptions;
import io.hexmirror.docs.DocsPolicy;
import io.hexmirror.docs.DocsSearchIndex;
import io.hexmirror.docs.DocsSyncOptions;
import io.hexmirror.docs.DocsSyncSummary;
import io.hexmirror.server.SyncOutcome;
import io.hexmirror.storage.ForwardingStorage;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.testkit.upstream.DocsSpec;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The docs options of sync, plan and verify, through the command line. */
class DocsCommandsTest {
    @TempDir
    Path dir;

    FakeHexRepository upstream;
    FakeUpstreamServer server;
    Path key;
    Path mirror;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeHexRepository.create();
        upstream.release("decimal", "2.0.0").withDocs().publish();
        upstream.release("decimal", "2.1.1").withDocs().publish();
        upstream.release("jason", "1.4.0").dependsOn("decimal", "~> 2.0").publish();
        upstream.publishUnlistedDocs("elixir", "1.18.4", DocsSpec.exDoc());
        server = FakeUpstreamServer.start(upstream);
        key = Files.writeString(dir.resolve("upstream.pem"), upstream.publicKeyPem());
        mirror = dir.resolve("mirror");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRun run(String command, String... options) {
        String[] base = {command, "--upstream", server.baseUri().toString(), "--upstream-key", key.toString()};
        String[] args = new String[base.length + options.length + 1];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(options, 0, args, base.length, options.length);
        args[args.length - 1] = mirror.toString();
        return CliRun.of(args);
    }

    @Test
    void syncMirrorsTheLatestDocsByDefaultAndVerifyChecksThem() throws Exception {
        CliRun sync = run("sync", "--elixir-docs", "1.18.4");

        assertThat(sync.exitCode()).as(sync.err()).isZero();
        assertThat(sync.out()).contains("docs complete")
                .contains("  docs: 8 wanted, 0 already mirrored, 2 fetched, 0 unchanged, 0 removed\n")
                .contains("  without docs upstream: 6 (0 remembered, not asked again)\n");
        // The summary is read in a terminal: no line of the docs' or the catalog's report wraps at 80 columns.
        assertThat(sync.out().lines().filter(line -> line.startsWith("  docs") || line.startsWith("  without")
                || line.startsWith("  browsable") || line.startsWith("catalog")))
                .hasSize(5).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(80));
        // The reports come in the order their steps ran: docs, then the catalog update that follows them, then the
        // registry summary that ends the output.
        assertThat(sync.out().lines().filter(line -> line.startsWith("docs ") || line.startsWith("catalog ")
                || line.startsWith("sync of ")).map(line -> line.substring(0, line.indexOf(' '))))
                .containsExactly("docs", "catalog", "sync");
        assertThat(mirror.resolve("docs/decimal-2.1.1.tar.gz")).exists();
        assertThat(mirror.resolve("docs/decimal-2.0.0.tar.gz")).doesNotExist();
        assertThat(mirror.resolve("docs/elixir-1.18.4.tar.gz")).exists();
        assertThat(mirror.resolve("hexdocs/decimal/2.1.1/Decimal.html")).exists();

        CliRun verify = CliRun.of("verify", "--upstream-key", key.toString(), mirror.toString());
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("2 docs tarballs checked (structure and recorded SHA-256), 0 problem(s)");

        Files.write(mirror.resolve("docs/decimal-2.1.1.tar.gz"), new byte[] {1, 2, 3});
        CliRun broken = CliRun.of("verify", "--upstream-key", key.toString(), mirror.toString());
        assertThat(broken.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(broken.out()).contains("docs/decimal-2.1.1.tar.gz: docs of decimal 2.1.1 refused: not a gzip file");
    }

    @Test
    void verifyReportsThePackagesFindingsThenTheDocsFindingsThoughItChecksThemTogether() throws Exception {
        assertThat(run("sync").exitCode()).isZero();
        Files.write(mirror.resolve("tarballs/decimal-2.1.1.tar"), new byte[] {1, 2, 3});
        Files.write(mirror.resolve("docs/decimal-2.1.1.tar.gz"), new byte[] {1, 2, 3});

        CliRun verify = CliRun.of("verify", "--upstream-key", key.toString(), mirror.toString());

        assertThat(verify.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
        List<String> lines = verify.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).contains("corrupt tarballs/decimal-2.1.1.tar");
        assertThat(lines.get(1)).contains("tarballs checked").endsWith("1 problem(s): NOT sound");
        assertThat(lines.get(2)).startsWith("docs/decimal-2.1.1.tar.gz: docs of decimal 2.1.1 refused: not a gzip file");
        assertThat(lines.get(3)).endsWith("docs tarballs checked (structure and recorded SHA-256), 1 problem(s)");
    }

    private long docsBytes(String... releases) {
        long sum = 0;
        for (String r : releases) {
            sum += upstream.file("docs/" + r + ".tar.gz").orElseThrow().length;
        }
        return sum;
    }

    @Test
    void theCatalogsPackagePagesLinkToTheDocsTheSameSyncDerived() throws Exception {
        CliRun sync = run("sync");

        assertThat(sync.exitCode()).as(sync.err()).isZero();
        assertThat(mirror.resolve("hexdocs/decimal/2.1.1/index.html")).exists();
        assertThat(Files.readString(mirror.resolve("browse/packages/decimal.html")))
                .contains("href=\"../../hexdocs/decimal/2.1.1/index.html\"")
                .doesNotContain("hexdocs/decimal/2.0.0/");
        assertThat(Files.readString(mirror.resolve("browse/packages/jason.html"))).doesNotContain("hexdocs/jason/");
    }

    @Test
    void aSyncWithDocsWritesEachCatalogPageOnceWithTheLinkToItsDocs() throws Exception {
        PageWrites storage = new PageWrites(FileSystemStorage.open(mirror, true));
        MirrorOptions options = MirrorOptions.builder().upstream(server.baseUri()).upstreamKey(upstream.publicKey())
                .environment(Map.of()).build();
        try (HexMirror hexMirror = HexMirror.open(storage, options)) {
            long before = hexMirror.generation();
            assertThat(hexMirror.sync().succeeded()).isTrue();
            assertThat(storage.writes).as("the registry sync leaves the catalog to the docs step").isEmpty();

            StringWriter out = new StringWriter();
            DocsSyncSummary docs = new DocsRunner(DocsSyncOptions.of(DocsPolicy.LATEST))
                    .runThenUpdateCatalog(hexMirror, before, server.baseUri().toString(), new PrintWriter(out, true));

            assertThat(docs.treePackages()).containsExactly("decimal");
            assertThat(out.toString()).contains("catalog updated: 2 packages read, 0 removed, 2 pages written");
            assertThat(storage.writes).as("each package page written once")
                    .containsOnly(Map.entry("browse/packages/decimal.html", 1), Map.entry("browse/packages/jason.html", 1));
        }
        assertThat(Files.readString(mirror.resolve("browse/packages/decimal.html")))
                .contains("href=\"../../hexdocs/decimal/2.1.1/index.html\"");
    }

    @Test
    void theBackgroundSyncOfServeWithDocsWritesEachCatalogPageOnceWithTheLinkToItsDocs() throws Exception {
        PageWrites storage = new PageWrites(FileSystemStorage.open(mirror, true));
        DocsRunner docs = new DocsRunner(DocsSyncOptions.of(DocsPolicy.LATEST));
        MirrorOptions options = ServeCommand.keepingTheCatalogCurrent(MirrorOptions.builder().upstream(server.baseUri())
                .upstreamKey(upstream.publicKey()).environment(Map.of()).build(), docs);
        try (HexMirror hexMirror = HexMirror.open(storage, options);
                DocsSearchIndex index = DocsSearchIndex.open(dir.resolve("docs-index"))) {
            SyncOutcome outcome = ServeCommand.backgroundSync(hexMirror, docs, index).run();

            assertThat(outcome.summary()).contains("docs: 1 fetched");
            assertThat(storage.writes).as("each package page written once, after the docs")
                    .containsOnly(Map.entry("browse/packages/decimal.html", 1), Map.entry("browse/packages/jason.html", 1));
        }
        assertThat(Files.readString(mirror.resolve("browse/packages/decimal.html")))
                .contains("href=\"../../hexdocs/decimal/2.1.1/index.html\"");
    }

    @Test
    void docsThatArriveForAnUnchangedPackageStillGetTheirLinkOnItsCatalogPage() throws Exception {
        assertThat(run("sync", "--docs", "none").exitCode()).isZero();
        assertThat(Files.readString(mirror.resolve("browse/packages/decimal.html"))).doesNotContain("hexdocs/decimal/");

        CliRun sync = run("sync");

        assertThat(sync.exitCode()).as(sync.err()).isZero();
        assertThat(sync.out()).contains("packages: 0 added, 0 updated, 0 removed").contains("1 fetched");
        assertThat(Files.readString(mirror.resolve("browse/packages/decimal.html")))
                .contains("href=\"../../hexdocs/decimal/2.1.1/index.html\"");
    }

    @Test
    void aSyncThatChangesOnePackageAndBringsDocsForAnotherReportsOneCatalogUpdate() throws Exception {
        assertThat(run("sync", "--docs", "none").exitCode()).isZero();
        upstream.release("jason", "1.4.1").dependsOn("decimal", "~> 2.0").publish();

        CliRun sync = run("sync");

        assertThat(sync.exitCode()).as(sync.err()).isZero();
        assertThat(sync.out()).contains("packages: 0 added, 1 updated, 0 removed").contains("1 fetched");
        assertThat(sync.out().lines().filter(line -> line.startsWith("catalog updated:")).toList())
                .as("jason's new release and decimal's docs, in one line")
                .singleElement().asString().startsWith("catalog updated: 2 packages read, 0 removed, 2 pages written in ");
        assertThat(Files.readString(mirror.resolve("browse/packages/decimal.html")))
                .contains("href=\"../../hexdocs/decimal/2.1.1/index.html\"");
        assertThat(Files.readString(mirror.resolve("browse/packages/jason.html"))).contains("1.4.1");
    }

    /** Counts the writes of the catalog's package pages. */
    private static final class PageWrites extends ForwardingStorage {
        final Map<String, Integer> writes = new ConcurrentHashMap<>();

        PageWrites(Storage delegate) {
            super(delegate);
        }

        @Override
        public ObjectWrite write(String key, WriteOptions options) throws IOException {
            if (key.startsWith("browse/packages/")) {
                writes.merge(key, 1, Integer::sum);
            }
            return super.write(key, options);
        }
    }

    @Test
    void allAndNoneAndPlan() {
        CliRun plan = run("plan", "--docs", "all");
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).as("an empty mirror: the docs of the releases the first sync adds are counted")
                .contains("docs (for the releases the mirror will serve after this sync):\n"
                        + "  docs: 3 wanted, 0 already mirrored, 3 to ask upstream for\n"
                        + "  of which 3 for releases this sync adds\n"
                        + "  remembered as having none upstream: 0 (not asked again)\n"
                        + "  docs to download: " + Units.bytes(docsBytes("decimal-2.0.0", "decimal-2.1.1"))
                        + " (sizes from HEAD requests)\n");
        assertThat(mirror.resolve("docs")).doesNotExist();

        assertThat(run("sync", "--docs", "none").out()).doesNotContain("docs:");
        assertThat(mirror.resolve("docs")).doesNotExist();

        CliRun planAll = run("plan", "--docs", "all");
        assertThat(planAll.out()).contains("docs (for the releases the mirror will serve after this sync):\n"
                + "  docs: 3 wanted, 0 already mirrored, 3 to ask upstream for\n").doesNotContain("of which");

        CliRun all = run("sync", "--docs", "all");
        assertThat(all.out()).contains("2 fetched");
        assertThat(mirror.resolve("docs/decimal-2.0.0.tar.gz")).exists();

        // A new release upstream: its docs become the latest, counted before the sync fetches the release.
        upstream.release("decimal", "2.2.0").withDocs().publish();
        CliRun planLatest = run("plan");
        assertThat(planLatest.out()).as("decimal 2.2.0 and jason 1.4.0, which has no docs upstream")
                .contains("docs (for the releases the mirror will serve after this sync):\n"
                + "  docs: 2 wanted, 0 already mirrored, 1 to ask upstream for\n"
                + "  of which 1 for releases this sync adds\n"
                + "  remembered as having none upstream: 1 (not asked again)\n")
                .contains("  docs to download: " + Units.bytes(docsBytes("decimal-2.2.0")));

        CliRun bad = run("sync", "--docs", "some");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("docs policy must be none, latest or all, not 'some'");
    }

    @Test
    void aPlanWithMoreDocsThanItSizesGivesAnEstimateInLinesThatFitATerminal() {
        for (int i = 0; i < 60; i++) {
            upstream.release("pkg" + i, "1.0.0").withDocs().publish();
        }

        CliRun plan = run("plan", "--docs", "all");

        assertThat(plan.exitCode()).as(plan.err()).isZero();
        // 62 releases with docs and jason without: more than the 50 that are sized with HEAD requests.
        assertThat(plan.out()).containsPattern("\\n  docs: 63 wanted, 0 already mirrored, 63 to ask upstream for\\n")
                .containsPattern("\\n  docs to download: about [0-9.]+ [KM]i?B \\(an estimate\\)\\n")
                .containsPattern("\\n  sized with HEAD requests: 50 of 63, [0-9.]+ [KM]i?B; releases without docs count 0\\n");
        String docsReport = plan.out().substring(plan.out().indexOf("docs ("));
        assertThat(docsReport.lines()).hasSize(6).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(80));
    }
}
