package io.hexmirror.catalog;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.testkit.mirror.StoredMirror;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {
    @TempDir
    Path dir;

    FileSystemStorage storage;
    StoredMirror mirror;

    @BeforeEach
    void setUp() throws IOException {
        storage = FileSystemStorage.open(dir, false);
        mirror = new StoredMirror(storage);
    }

    private Catalog open() throws IOException {
        return Catalog.open(storage, StoredMirror.reader(), CatalogOptions.defaults());
    }

    private String read(String key) throws IOException {
        try (InputStream in = storage.read(key)) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }

    private void sample() throws IOException {
        mirror.release("telemetry", "1.0.0").description("Dynamic dispatching library for metrics and instrumentations.")
                .buildTools("rebar3").add();
        mirror.release("mime", "2.0.0").description("A MIME type module.").licenses("Apache-2.0").add();
        mirror.release("plug", "1.14.0").description("Compose web applications with functions.")
                .dep("mime", "~> 1.0 or ~> 2.0", false).dep("telemetry", "~> 0.4 or ~> 1.0", true)
                .publishedAt(Instant.parse("2024-02-01T00:00:00Z")).add();
        mirror.release("plug", "1.15.0").description("Compose web applications with functions.")
                .link("GitHub", "https://github.com/elixir-plug/plug").dep("mime", "~> 2.0", false)
                .dep("telemetry", "~> 1.0", false).readme("# Plug\n\nA *specification* for composing web modules.\n")
                .publishedAt(Instant.parse("2024-03-01T00:00:00Z")).add();
        mirror.release("plug", "1.13.0").description("old").retired(2, "CVE-2099-1").publishedAt(Instant.parse("2023-01-01T00:00:00Z")).add();
        mirror.write();
    }

    @Test
    void buildsEntriesFromRegistryAndMetadata() throws IOException {
        sample();
        Catalog catalog = open();
        CatalogUpdate update = catalog.rebuild();

        assertThat(update.packagesRead()).isEqualTo(3);
        assertThat(update.problems()).isEmpty();
        CatalogPackage plug = catalog.get("plug").orElseThrow();
        assertThat(plug.latest().orElseThrow().version()).isEqualTo("1.15.0");
        assertThat(plug.meta().description()).isEqualTo("Compose web applications with functions.");
        assertThat(plug.meta().links()).containsEntry("GitHub", "https://github.com/elixir-plug/plug");
        assertThat(plug.meta().buildTools()).containsExactly("mix");
        assertThat(plug.meta().app()).isEqualTo("plug");
        assertThat(plug.readme()).hasValueSatisfying(r -> assertThat(r).contains("A *specification*"));
        assertThat(plug.updatedAt()).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        CatalogRelease old = plug.release("1.14.0").orElseThrow();
        assertThat(old.dependencies()).containsExactly(
                new Dependency("mime", "~> 1.0 or ~> 2.0", false, "mime", java.util.Optional.empty()),
                new Dependency("telemetry", "~> 0.4 or ~> 1.0", true, "telemetry", java.util.Optional.empty()));
        assertThat(old.publishedAt()).contains(Instant.parse("2024-02-01T00:00:00Z"));
        assertThat(old.outerChecksum()).hasSize(64);
        assertThat(plug.release("1.13.0").orElseThrow().retirement()).contains(new Retirement("security", "CVE-2099-1"));

        assertThat(catalog.dependents("mime")).containsExactly("plug");
        assertThat(catalog.dependents("telemetry")).containsExactly("plug");
        assertThat(catalog.facts().packages()).isEqualTo(3);
        assertThat(catalog.facts().releases()).isEqualTo(5);

        String page = read(CatalogLayout.packagePageKey("plug"));
        assertThat(page).contains("{:plug, \"~&gt; 1.15\"}").contains("{plug, \"~&gt; 1.15\"}")
                .contains("<a href=\"mime.html\">mime</a>").contains("retired: security")
                .contains("<em>specification</em>").contains(plug.release("1.15.0").orElseThrow().outerChecksum());
        assertThat(read(CatalogLayout.packagePageKey("mime"))).contains("<a href=\"plug.html\">plug</a>");
        assertThat(read(CatalogLayout.FRONT_PAGE)).contains("<strong>3</strong> packages").contains("<strong>5</strong> releases");
        assertThat(read(CatalogLayout.SEARCH_INDEX)).contains("\"plug\"").contains("\"1.15.0\"");
        assertThat(read(CatalogLayout.listPageKey("name", 1))).contains("mime").contains("plug").contains("telemetry");

        // Reopening reads the stored index.
        Catalog reopened = open();
        assertThat(reopened.summaries()).extracting(PackageSummary::name).containsExactly("mime", "plug", "telemetry");
        assertThat(reopened.dependents("mime")).containsExactly("plug");
    }

    @Test
    void incrementalUpdatesFollowEachKindOfChange() throws IOException {
        sample();
        Catalog catalog = open();
        catalog.rebuild();

        // A new release of a package with a new dependency: that package and the new dependency's page.
        mirror.release("jason", "1.4.0").description("A blazing fast JSON parser and generator.").add();
        mirror.release("mime", "2.0.1").description("A MIME type module, now faster.").dep("jason", "~> 1.0", false).add();
        mirror.write("jason").write("mime");
        CatalogUpdate update = catalog.refresh();
        assertThat(update.packagesRead()).isEqualTo(2);
        assertThat(catalog.get("mime").orElseThrow().latest().orElseThrow().version()).isEqualTo("2.0.1");
        assertThat(catalog.get("mime").orElseThrow().meta().description()).isEqualTo("A MIME type module, now faster.");
        assertThat(catalog.dependents("jason")).containsExactly("mime");
        assertThat(read(CatalogLayout.packagePageKey("jason"))).contains("<a href=\"mime.html\">mime</a>");

        // Nothing changed: nothing read.
        assertThat(catalog.refresh().packagesRead()).isZero();

        // A retirement.
        mirror.retire("mime", "2.0.1", 3, "use 2.0.0");
        mirror.write("mime");
        assertThat(catalog.update(Set.of("mime")).packagesRead()).isEqualTo(1);
        assertThat(catalog.get("mime").orElseThrow().latest().orElseThrow().version()).isEqualTo("2.0.0");
        assertThat(read(CatalogLayout.packagePageKey("mime"))).contains("retired: deprecated").contains("use 2.0.0");

        // A removed release.
        mirror.removeRelease("mime", "2.0.1").write("mime");
        catalog.refresh();
        assertThat(catalog.get("mime").orElseThrow().releases()).extracting(CatalogRelease::version).containsExactly("2.0.0");
        assertThat(catalog.dependents("jason")).isEmpty();
        assertThat(read(CatalogLayout.packagePageKey("jason"))).contains("No mirrored package depends on it.");

        // An advisory.
        mirror.advisory("plug", "GHSA-xxxx", "Header injection", "https://example.org/ghsa", "1.14.0").write("plug");
        catalog.refresh();
        assertThat(catalog.get("plug").orElseThrow().advisories()).extracting(Advisory::id).containsExactly("GHSA-xxxx");
        assertThat(read(CatalogLayout.packagePageKey("plug"))).contains("Header injection").contains("badge advisory");

        // Mirrored docs appear (the docs work writes hexdocs/NAME/VERSION/index.html).
        storage.write("hexdocs/plug/1.15.0/index.html", "<html></html>".getBytes(UTF_8), io.hexmirror.storage.WriteOptions.defaults());
        catalog.update(List.of("plug"));
        assertThat(catalog.get("plug").orElseThrow().release("1.15.0").orElseThrow().docsMirrored()).isTrue();
        assertThat(read(CatalogLayout.packagePageKey("plug"))).contains("href=\"../../hexdocs/plug/1.15.0/index.html\"");

        // A removed package: gone from the catalog, its page gone, its dependents say it is not mirrored.
        mirror.removePackage("telemetry");
        update = catalog.refresh();
        assertThat(update.packagesRemoved()).isEqualTo(1);
        assertThat(catalog.get("telemetry")).isEmpty();
        assertThat(storage.stat(CatalogLayout.packagePageKey("telemetry"))).isEmpty();
        assertThat(read(CatalogLayout.packagePageKey("plug"))).contains("telemetry <code>~&gt; 1.0</code> <span class=\"badge absent\">not mirrored</span>");
        assertThat(read(CatalogLayout.FRONT_PAGE)).contains("<strong>3</strong> packages");
    }

    @Test
    void entriesAndPagesAreSyncedInBatchesBeforeTheIndexSaysTheyAreThere() throws IOException {
        sample();
        SyncWatchingStorage watched = new SyncWatchingStorage(storage);

        Catalog.open(watched, StoredMirror.reader(), CatalogOptions.defaults()).rebuild();

        assertThat(watched.deferredKeys).contains(CatalogLayout.packageDataKey("plug"), CatalogLayout.packagePageKey("plug"),
                CatalogLayout.FRONT_PAGE);
        assertThat(watched.unsyncedWhenWritten.get(CatalogLayout.INDEX)).as("deferred writes not yet synced when the index was written")
                .isZero();
    }

    @Test
    void anEntryCutShortByACrashIsBuiltAgainFromTheMirror() throws IOException {
        sample();
        Catalog catalog = open();
        catalog.rebuild();
        // What an unsynced entry can hold after the machine crashed: nothing, or a part.
        storage.write(CatalogLayout.packageDataKey("plug"), "{\"name\":\"pl".getBytes(UTF_8), io.hexmirror.storage.WriteOptions.defaults());
        storage.write(CatalogLayout.packageDataKey("mime"), new byte[0], io.hexmirror.storage.WriteOptions.defaults());

        CatalogUpdate update = catalog.update(List.of("plug", "mime"));

        assertThat(update.packagesRead()).isEqualTo(2);
        assertThat(catalog.get("plug").orElseThrow().meta().description()).isEqualTo("Compose web applications with functions.");
        assertThat(catalog.get("mime").orElseThrow().latest().orElseThrow().version()).isEqualTo("2.0.0");
    }

    /** Counts, for each plain write, how many deferred writes were still unsynced at that moment. Pages are written from many threads. */
    private static final class SyncWatchingStorage extends io.hexmirror.storage.ForwardingStorage {
        final List<String> deferredKeys = new java.util.ArrayList<>();
        final java.util.Map<String, Integer> unsyncedWhenWritten = new java.util.HashMap<>();
        private int unsynced;

        SyncWatchingStorage(io.hexmirror.storage.Storage delegate) {
            super(delegate);
        }

        @Override
        public synchronized io.hexmirror.storage.ObjectWrite write(String key, io.hexmirror.storage.WriteOptions options)
                throws IOException {
            if (options.deferredSync()) {
                deferredKeys.add(key);
                unsynced++;
            } else {
                unsyncedWhenWritten.put(key, unsynced);
            }
            return super.write(key, options);
        }

        @Override
        public synchronized void syncDeferredWrites() throws IOException {
            super.syncDeferredWrites();
            unsynced = 0;
        }
    }

    @Test
    void selectiveMirrorShowsWhatIsNotMirrored() throws IOException {
        mirror.release("app", "1.0.0").description("An application.").dep("present", "~> 1.0", false).dep("absent", "~> 1.0", true).add();
        mirror.release("present", "1.0.0").description("Here.").add();
        mirror.release("present", "2.0.0").description("Listed, but its tarball is not here.").notMirrored().add();
        mirror.write();
        Catalog catalog = open();
        catalog.rebuild();

        assertThat(catalog.summaries()).extracting(PackageSummary::name).containsExactly("app", "present");
        String app = read(CatalogLayout.packagePageKey("app"));
        assertThat(app).contains("<a href=\"present.html\">present</a>")
                .contains("absent <code>~&gt; 1.0</code> <span class=\"badge\">optional</span> <span class=\"badge absent\">not mirrored</span>");
        CatalogPackage present = catalog.get("present").orElseThrow();
        assertThat(present.release("2.0.0").orElseThrow().tarballMirrored()).isFalse();
        assertThat(present.release("2.0.0").orElseThrow().meta()).isEmpty();
        assertThat(read(CatalogLayout.packagePageKey("present"))).contains("<span class=\"badge absent\">not mirrored</span>");
    }

    @Test
    void pagesOfPackagesBeyondThoseKeptInMemoryAreWrittenFromTheirStoredEntries() throws IOException {
        int count = Catalog.PACKAGES_KEPT_FOR_PAGES + 2;
        for (int i = 0; i < count; i++) {
            mirror.release(String.format("pkg_%04d", i), "1.0.0").description("Package number " + i + ".").add();
        }
        // Read last, so its page is written from the stored entry; it links to a package read first.
        mirror.release("zzz_app", "2.1.0").description("Depends on the first package.").dep("pkg_0000", "~> 1.0", false).add();
        mirror.write();

        CatalogUpdate update = open().rebuild();

        assertThat(update.pagesWritten()).isEqualTo(count + 1);
        assertThat(read(CatalogLayout.packagePageKey("zzz_app"))).contains("Depends on the first package.").contains("2.1.0")
                .contains("<a href=\"pkg_0000.html\">pkg_0000</a>");
        assertThat(read(CatalogLayout.packagePageKey(String.format("pkg_%04d", count - 1))))
                .contains("Package number " + (count - 1) + ".");
        assertThat(read(CatalogLayout.packagePageKey("pkg_0000"))).contains("<a href=\"zzz_app.html\">zzz_app</a>");
    }

    @Test
    void registryFileThatDoesNotVerifyIsLeftOutAndReported() throws IOException {
        sample();
        storage.write("packages/mime", new byte[] {1, 2, 3}, io.hexmirror.storage.WriteOptions.defaults());
        Catalog catalog = open();
        CatalogUpdate update = catalog.rebuild();
        assertThat(catalog.summaries()).extracting(PackageSummary::name).containsExactly("plug", "telemetry");
        assertThat(update.problems()).singleElement().asString().startsWith("packages/mime: left out of the catalog");
    }

    @Test
    void packagesReadOnManyThreadsAreReportedAndListedInNameOrder() throws IOException {
        List<String> broken = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String name = String.format("pkg_%02d", i);
            mirror.release(name, "1.0.0").description("Package number " + i + ".").dep(String.format("pkg_%02d", (i + 1) % 60), "~> 1.0", false)
                    .add();
            if (i % 7 == 3) {
                broken.add(name);
            }
        }
        mirror.write();
        for (String name : broken) {
            storage.write("packages/" + name, new byte[] {1, 2, 3}, io.hexmirror.storage.WriteOptions.defaults());
        }
        Catalog catalog = open();

        CatalogUpdate update = catalog.rebuild();

        assertThat(update.problems()).hasSize(broken.size());
        for (int i = 0; i < broken.size(); i++) {
            assertThat(update.problems().get(i)).startsWith("packages/" + broken.get(i) + ": left out of the catalog");
        }
        List<String> listed = catalog.summaries().stream().map(PackageSummary::name).toList();
        assertThat(listed).hasSize(60 - broken.size()).isSorted().doesNotContainAnyElementsOf(broken);
        assertThat(update.packagesRead()).isEqualTo(listed.size());
        // Each page names the packages that depend on it, as the whole catalog knows them.
        assertThat(read(CatalogLayout.packagePageKey("pkg_01"))).contains("<a href=\"pkg_00.html\">pkg_00</a>");
    }

    @Test
    void aSecondRebuildWritesTheSameFiles() throws IOException {
        for (int i = 0; i < 40; i++) {
            mirror.release(String.format("lib_%02d", i), "1.0." + i).description("Library " + i + ".")
                    .dep(String.format("lib_%02d", (i * 7) % 40), "~> 1.0", i % 2 == 0).readme("# Library " + i + "\n").add();
        }
        mirror.write();
        open().rebuild();
        java.util.Map<String, String> first = catalogFiles();

        open().rebuild();

        assertThat(catalogFiles()).isEqualTo(first);
    }

    @Test
    void aRebuildKeepsTheUpstreamASyncRecorded() throws IOException {
        sample();
        Catalog.open(storage, StoredMirror.reader(), CatalogOptions.defaults().withUpstream("https://repo.hex.pm")).update(List.of("plug"));

        open().rebuild();

        assertThat(read(CatalogLayout.FRONT_PAGE)).contains("mirrored from <code>https://repo.hex.pm</code>");
        assertThat(open().facts().upstream()).contains("https://repo.hex.pm");
    }

    @Test
    void aRebuildWithNothingNewWritesOnlyTheFilesThatDiffer() throws IOException {
        sample();
        open().rebuild();
        java.util.Map<String, String> built = catalogFiles();
        java.nio.file.attribute.FileTime indexTime = java.nio.file.Files.getLastModifiedTime(dir.resolve(CatalogLayout.INDEX));
        java.nio.file.attribute.FileTime beforeIndex = writtenBeforeTheIndex();
        // Missing; altered without a change of size or time; its very bytes again, but stamped with the index's time, as by
        // an update stopped before its index in the same tick of the clock (not known to be durable).
        storage.delete(CatalogLayout.packagePageKey("mime"));
        String entry = read(CatalogLayout.packageDataKey("plug"));
        storage.write(CatalogLayout.packageDataKey("plug"), entry.replace("plug", "gulp").getBytes(UTF_8),
                io.hexmirror.storage.WriteOptions.defaults());
        java.nio.file.Files.setLastModifiedTime(dir.resolve(CatalogLayout.packageDataKey("plug")), beforeIndex);
        storage.write(CatalogLayout.FRONT_PAGE, read(CatalogLayout.FRONT_PAGE).getBytes(UTF_8), io.hexmirror.storage.WriteOptions.defaults());
        java.nio.file.Files.setLastModifiedTime(dir.resolve(CatalogLayout.FRONT_PAGE), indexTime);
        RecordingStorage recorded = new RecordingStorage(storage);

        CatalogUpdate update = Catalog.open(recorded, StoredMirror.reader(), CatalogOptions.defaults()).rebuild();

        assertThat(recorded.written).containsExactlyInAnyOrder(CatalogLayout.packagePageKey("mime"), CatalogLayout.packageDataKey("plug"),
                CatalogLayout.FRONT_PAGE, CatalogLayout.INDEX);
        assertThat(update.pagesWritten()).isEqualTo(1);
        assertThat(catalogFiles()).isEqualTo(built);
    }

    @Test
    void anUpdateThatChangesNothingWritesNothing() throws IOException {
        sample();
        Catalog catalog = open();
        catalog.rebuild();
        writtenBeforeTheIndex();
        String index = read(CatalogLayout.INDEX);
        RecordingStorage recorded = new RecordingStorage(storage);
        Catalog watched = Catalog.open(recorded, StoredMirror.reader(), CatalogOptions.defaults());

        assertThat(watched.refresh().packagesRead()).isZero();
        // Read again, found the same: entry, pages and index as they were.
        assertThat(watched.update(List.of("plug", "mime")).packagesRead()).isEqualTo(2);

        assertThat(recorded.written).isEmpty();
        assertThat(read(CatalogLayout.INDEX)).isEqualTo(index);

        // A change writes the index again, with the time of that change.
        mirror.release("mime", "2.0.1").description("A MIME type module, now faster.").add();
        mirror.write("mime");
        Instant before = Instant.now();
        watched.refresh();
        assertThat(recorded.written).contains(CatalogLayout.packageDataKey("mime"), CatalogLayout.packagePageKey("mime"), CatalogLayout.INDEX);
        assertThat(open().facts().catalogUpdatedAt()).isAfterOrEqualTo(before);
    }

    @Test
    void eachTarballIsReadOnce() throws IOException {
        sample();
        RecordingStorage recorded = new RecordingStorage(storage);

        Catalog.open(recorded, StoredMirror.reader(), CatalogOptions.defaults()).rebuild();

        List<String> tarballs = recorded.read.stream().filter(k -> k.startsWith("tarballs/")).toList();
        assertThat(tarballs).containsExactlyInAnyOrder("tarballs/telemetry-1.0.0.tar", "tarballs/mime-2.0.0.tar", "tarballs/plug-1.13.0.tar",
                "tarballs/plug-1.14.0.tar", "tarballs/plug-1.15.0.tar");
        assertThat(open().get("plug").orElseThrow().readme()).hasValueSatisfying(r -> assertThat(r).contains("A *specification*"));
    }

    @Test
    void aRebuildListsPackageFilesOnceAndLooksUpNoTarballOrPackageFileBeforeReadingIt() throws IOException {
        sample();
        RecordingStorage recorded = new RecordingStorage(storage);

        Catalog.open(recorded, StoredMirror.reader(), CatalogOptions.defaults()).rebuild();

        assertThat(recorded.listed.stream().filter(p -> p.equals("packages/"))).hasSize(1);
        assertThat(recorded.statted.stream().filter(k -> k.startsWith("tarballs/") || k.startsWith("packages/"))).isEmpty();
    }

    @Test
    void tarballsThatAreMissingCorruptOrBackShowAsBeforeWhetherReadOrLookedUp() throws IOException {
        mirror.release("lib", "1.0.0").description("The first.").add();
        mirror.release("lib", "1.1.0").description("Listed, its tarball corrupt.").add();
        mirror.release("lib", "2.0.0").description("The latest, its tarball not here.").readme("# Lib 2\n").notMirrored().add();
        mirror.write();
        storage.write("tarballs/lib-1.1.0.tar", "not a tarball".getBytes(UTF_8), io.hexmirror.storage.WriteOptions.defaults());
        Catalog catalog = open();

        CatalogUpdate update = catalog.rebuild();

        CatalogPackage lib = catalog.get("lib").orElseThrow();
        assertThat(lib.release("1.0.0").orElseThrow().tarballMirrored()).isTrue();
        assertThat(lib.release("1.0.0").orElseThrow().meta()).hasValueSatisfying(m -> assertThat(m.description()).isEqualTo("The first."));
        assertThat(lib.release("1.1.0").orElseThrow().tarballMirrored()).isTrue();
        assertThat(lib.release("1.1.0").orElseThrow().meta()).isEmpty();
        assertThat(update.problems()).singleElement().asString().startsWith("tarballs/lib-1.1.0.tar: metadata not shown");
        assertThat(lib.release("2.0.0").orElseThrow().tarballMirrored()).isFalse();
        assertThat(lib.release("2.0.0").orElseThrow().meta()).isEmpty();
        // The latest release is not mirrored: no README, and the package's metadata is unknown.
        assertThat(lib.readme()).isEmpty();
        assertThat(lib.meta()).isEqualTo(ReleaseMeta.unknown());
        assertThat(read(CatalogLayout.packagePageKey("lib"))).contains("<span class=\"badge absent\">not mirrored</span>");

        // The first tarball goes (its metadata was known: looked up, not read), the latest arrives (read, README and all).
        storage.delete("tarballs/lib-1.0.0.tar");
        mirror.removeRelease("lib", "2.0.0").release("lib", "2.0.0").description("The latest, its tarball not here.").readme("# Lib 2\n").add();
        mirror.write();
        catalog.update(List.of("lib"));

        lib = catalog.get("lib").orElseThrow();
        assertThat(lib.release("1.0.0").orElseThrow().tarballMirrored()).isFalse();
        assertThat(lib.release("1.0.0").orElseThrow().meta()).isEmpty();
        assertThat(lib.release("2.0.0").orElseThrow().tarballMirrored()).isTrue();
        assertThat(lib.meta().description()).isEqualTo("The latest, its tarball not here.");
        assertThat(lib.readme()).hasValueSatisfying(r -> assertThat(r).contains("# Lib 2"));
    }

    @Test
    void docsShowForTheReleasesWhoseTreeHasAnIndexPage() throws IOException {
        sample();
        io.hexmirror.storage.WriteOptions plain = io.hexmirror.storage.WriteOptions.defaults();
        storage.write("hexdocs/plug/1.15.0/index.html", "<html></html>".getBytes(UTF_8), plain);
        // A tree without its index page, as a derivation cut short leaves it, shows no docs.
        storage.write("hexdocs/plug/1.14.0/api-reference.html", "<html></html>".getBytes(UTF_8), plain);
        Catalog catalog = open();

        catalog.rebuild();

        CatalogPackage plug = catalog.get("plug").orElseThrow();
        assertThat(plug.release("1.15.0").orElseThrow().docsMirrored()).isTrue();
        assertThat(plug.release("1.14.0").orElseThrow().docsMirrored()).isFalse();
        assertThat(plug.release("1.13.0").orElseThrow().docsMirrored()).isFalse();
        assertThat(catalog.get("mime").orElseThrow().releases()).noneMatch(CatalogRelease::docsMirrored);
        assertThat(read(CatalogLayout.packagePageKey("plug"))).contains("href=\"../../hexdocs/plug/1.15.0/index.html\"")
                .doesNotContain("hexdocs/plug/1.14.0");
    }

    /** Records the keys written, read and looked up, and the prefixes listed, from any thread. */
    private static final class RecordingStorage extends io.hexmirror.storage.ForwardingStorage {
        final List<String> written = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        final List<String> read = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        final List<String> statted = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        final List<String> listed = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

        RecordingStorage(io.hexmirror.storage.Storage delegate) {
            super(delegate);
        }

        @Override
        public io.hexmirror.storage.ObjectWrite write(String key, io.hexmirror.storage.WriteOptions options) throws IOException {
            written.add(key);
            return super.write(key, options);
        }

        @Override
        public InputStream read(String key) throws IOException {
            read.add(key);
            return super.read(key);
        }

        @Override
        public java.util.Optional<io.hexmirror.storage.ObjectInfo> stat(String key) throws IOException {
            statted.add(key);
            return super.stat(key);
        }

        @Override
        public java.util.stream.Stream<io.hexmirror.storage.ObjectInfo> list(String prefix) throws IOException {
            listed.add(prefix);
            return super.list(prefix);
        }
    }

    /** Every file of the catalog and its pages, but for the index, which records when it was written. */
    /**
     * Stamps every catalog file but the index a second before the index, as the clock has it a while after an update:
     * files written in the index's own tick of the file system's clock are not known to be durable (see DeferredWrites),
     * and on a fast machine the last pages of an update share that tick.
     *
     * @return the time they now have
     */
    private java.nio.file.attribute.FileTime writtenBeforeTheIndex() throws IOException {
        java.nio.file.attribute.FileTime indexTime = java.nio.file.Files.getLastModifiedTime(dir.resolve(CatalogLayout.INDEX));
        java.nio.file.attribute.FileTime before = java.nio.file.attribute.FileTime.from(indexTime.toInstant().minusSeconds(1));
        List<String> keys = new java.util.ArrayList<>(catalogFiles().keySet());
        keys.add(CatalogLayout.FRONT_PAGE);
        for (String key : keys) {
            java.nio.file.Files.setLastModifiedTime(dir.resolve(key), before);
        }
        return before;
    }

    private java.util.Map<String, String> catalogFiles() throws IOException {
        java.util.Map<String, String> files = new java.util.TreeMap<>();
        for (String prefix : List.of(CatalogLayout.DATA_PREFIX, CatalogLayout.SITE_PREFIX)) {
            List<String> keys;
            try (java.util.stream.Stream<io.hexmirror.storage.ObjectInfo> listed = storage.list(prefix)) {
                keys = listed.map(io.hexmirror.storage.ObjectInfo::key).filter(k -> !k.equals(CatalogLayout.INDEX)).toList();
            }
            for (String key : keys) {
                files.put(key, read(key));
            }
        }
        return files;
    }
}
