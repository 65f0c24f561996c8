package io.hexmirror.docs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.testkit.upstream.DocsSpec;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocsTreeTest {
    @TempDir
    Path dir;
    private Storage storage;
    private HexDocs docs;
    private final FakeHexRepository upstream = FakeHexRepository.create();

    @BeforeEach
    void setUp() throws IOException {
        storage = FileSystemStorage.open(dir, false);
        docs = new HexDocs(storage);
        upstream.release("mime", "1.5.0").withDocs().publish();
        upstream.release("mime", "1.6.0").withDocs().publish();
        upstream.release("jason", "1.4.0").publish();
        upstream.release("plug", "1.0.0").dependsOn("mime", "~> 1.0").dependsOn("jason", "~> 1.0").withDocs().publish();
        upstream.release("cowboy", "2.0.0").withDocs(DocsSpec.of(DocsSpec.Format.SEARCH_ITEMS)).publish();
    }

    private DocsRelease store(String name, String version) throws Exception {
        DocsRelease release = new DocsRelease(name, version);
        docs.store(release, upstream.file(release.tarballKey()).orElseThrow());
        return release;
    }

    private String text(String key) throws IOException {
        try (InputStream in = storage.read(key)) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }

    private List<String> keys(String prefix) throws IOException {
        try (Stream<ObjectInfo> s = storage.list(prefix)) {
            return s.map(ObjectInfo::key).toList();
        }
    }

    @Test
    void derivesABrowsableTreeWithLinksToMirroredDocsAndSharedDist() throws Exception {
        List<DocsRelease> all = List.of(store("mime", "1.5.0"), store("mime", "1.6.0"), store("plug", "1.0.0"),
                store("cowboy", "2.0.0"));

        HexDocs.TreeUpdate update = docs.refresh(all, List.of());

        assertThat(update.refused()).isEmpty();
        assertThat(update.derived()).hasSize(4).allMatch(DocsTree.Derived::sharedDist);
        String plug = text("hexdocs/plug/1.0.0/Plug.html");
        assertThat(plug)
                .as("both hexdocs.pm forms lead to the mirrored copy")
                .contains("class=\"dep-path\" href=\"../../mime/1.6.0/Mime.html\"")
                .contains("class=\"dep-host\" href=\"../../mime/1.6.0/Mime.html\"")
                .as("a package without mirrored docs stays external")
                .contains("href=\"https://hexdocs.pm/jason/1.4.0/Jason.html\"")
                .contains("href=\"https://jason.hexdocs.pm/1.4.0/Jason.html\"")
                .contains("href=\"https://www.erlang.org/doc/man/lists.html\"")
                .contains("<script src=\"../docs_config.js\"></script>")
                .containsPattern("href=\"\\.\\./\\.\\./_dist/html-[0-9A-F]{8}\\.css\"")
                .containsPattern("src=\"\\.\\./\\.\\./_dist/app-[0-9A-F]{8}\\.js\"");
        // Recent ExDoc's app and style are shared by mime (2 versions) and plug; cowboy's older ones differ.
        assertThat(keys("hexdocs/_dist/")).filteredOn(k -> k.contains("/app-")).hasSize(2);
        assertThat(keys("hexdocs/plug/1.0.0/")).noneMatch(k -> k.contains("/dist/"));
        // mime 1.5.0 brings app, style, sidebar and search data; 1.6.0 only its own search data (its
        // sidebar is the same bytes); plug its sidebar and search data; cowboy all four of an older ExDoc.
        assertThat(update.derived()).extracting(DocsTree.Derived::newSharedDistFiles).containsExactly(4, 1, 2, 4);

        assertThat(text("hexdocs/mime/docs_config.js"))
                .contains("var versionNodes = [{\"version\":\"v1.6.0\",\"url\":\"../1.6.0\"},{\"version\":\"v1.5.0\",\"url\":\"../1.5.0\"}];");
        assertThat(text("hexdocs/mime/index.html")).contains("url=1.6.0/");
        assertThat(text("hexdocs/index.html")).contains("href=\"cowboy/2.0.0/\"").contains("href=\"mime/1.5.0/\"")
                .contains("3 packages, 4 docs versions");
    }

    @Test
    void treesAreSyncedInBatchesAndEachBeforeItsMarker() throws Exception {
        List<DocsRelease> all = List.of(store("mime", "1.5.0"), store("mime", "1.6.0"), store("plug", "1.0.0"),
                store("cowboy", "2.0.0"));
        SyncWatchingStorage watched = new SyncWatchingStorage(storage);

        new HexDocs(watched).refresh(all, List.of());

        assertThat(watched.deferred).contains("hexdocs/plug/1.0.0/Plug.html", DocsLinks.FORWARD + "plug-1.0.0",
                "hexdocs/mime/docs_config.js", "hexdocs/index.html");
        for (DocsRelease release : all) {
            assertThat(watched.unsyncedAtMarker).containsKey(DocsPaths.derivedMarkerKey(release));
            assertThat(watched.unsyncedAtMarker.get(DocsPaths.derivedMarkerKey(release)))
                    .as("files of %s not yet synced when its marker was written", release)
                    .noneMatch(k -> k.startsWith(release.treePrefix()) || k.contains(release.name() + "-" + release.version()));
        }
        assertThat(watched.unsynced).as("left unsynced after the refresh").isEmpty();
    }

    @Test
    void aTreeDerivedAgainHasNoMarkerUntilItsNewFilesAreSynced() throws Exception {
        DocsRelease plug = store("plug", "1.0.0");
        docs.refresh(List.of(plug), List.of());
        SyncWatchingStorage watched = new SyncWatchingStorage(storage);

        new HexDocs(watched).rebuild(true);

        String marker = DocsPaths.derivedMarkerKey(plug);
        int deleted = watched.events.indexOf("delete " + marker);
        int firstWrite = watched.events.indexOf("write hexdocs/plug/1.0.0/Plug.html");
        assertThat(deleted).as("marker deleted").isNotNegative();
        assertThat(deleted).as("marker deleted before the tree is rewritten").isLessThan(firstWrite);
        assertThat(watched.unsyncedAtMarker.get(marker)).noneMatch(k -> k.startsWith(plug.treePrefix()));
        assertThat(docs.mirrored().releases()).containsExactly(plug);
        assertThat(new DocsTree(storage, DocsLimits.hexdocs()).isStale(plug)).isFalse();
    }

    @Test
    void aRebuildWithNothingNewRewritesOnlyThePagesThatDiffer() throws Exception {
        DocsRelease mime = store("mime", "1.6.0");
        DocsRelease plug = store("plug", "1.0.0");
        docs.refresh(List.of(mime, plug), List.of());
        docs.rebuild(false);
        String plugConfig = text(DocsPaths.docsConfigKey("plug"));
        String mimeRedirect = text(DocsPaths.latestKey("mime"));
        SyncWatchingStorage watched = new SyncWatchingStorage(storage);

        new HexDocs(watched).rebuild(false);
        assertThat(watched.events).as("nothing changed: no page written").isEmpty();

        storage.write(DocsPaths.docsConfigKey("plug"), "var versionNodes = [];\n".getBytes(UTF_8), WriteOptions.defaults());
        storage.delete(DocsPaths.latestKey("mime"));
        new HexDocs(watched).rebuild(false);
        assertThat(watched.events).containsExactlyInAnyOrder("write " + DocsPaths.docsConfigKey("plug"),
                "write " + DocsPaths.latestKey("mime"));
        assertThat(text(DocsPaths.docsConfigKey("plug"))).isEqualTo(plugConfig);
        assertThat(text(DocsPaths.latestKey("mime"))).isEqualTo(mimeRedirect);
    }

    /**
     * Remembers the deferred writes not yet synced, and which of them were pending when each marker was written.
     * Trees are derived on several threads: each record is updated under the storage's lock.
     */
    private static final class SyncWatchingStorage extends io.hexmirror.storage.ForwardingStorage {
        final List<String> deferred = new java.util.ArrayList<>();
        final Set<String> unsynced = new java.util.HashSet<>();
        final java.util.Map<String, Set<String>> unsyncedAtMarker = new java.util.HashMap<>();
        final List<String> events = new java.util.ArrayList<>();

        SyncWatchingStorage(Storage delegate) {
            super(delegate);
        }

        @Override
        public io.hexmirror.storage.ObjectWrite write(String key, WriteOptions options) throws IOException {
            synchronized (this) {
                if (key.startsWith(DocsPaths.DERIVED_MARKERS)) {
                    unsyncedAtMarker.put(key, Set.copyOf(unsynced));
                }
                if (options.deferredSync()) {
                    deferred.add(key);
                    unsynced.add(key);
                }
                events.add("write " + key);
            }
            return super.write(key, options);
        }

        @Override
        public boolean delete(String key) throws IOException {
            synchronized (this) {
                events.add("delete " + key);
            }
            return super.delete(key);
        }

        @Override
        public void syncDeferredWrites() throws IOException {
            // Only what was written before the sync began is durable when it returns.
            Set<String> taken;
            synchronized (this) {
                taken = Set.copyOf(unsynced);
            }
            super.syncDeferredWrites();
            synchronized (this) {
                unsynced.removeAll(taken);
            }
        }
    }

    @Test
    void theTarballStaysByteForByte() throws Exception {
        DocsRelease plug = store("plug", "1.0.0");
        docs.refresh(List.of(plug), List.of());

        try (InputStream in = storage.read("docs/plug-1.0.0.tar.gz")) {
            assertThat(in.readAllBytes()).isEqualTo(upstream.file("docs/plug-1.0.0.tar.gz").orElseThrow());
        }
    }

    @Test
    void republishedDocsReplaceTheTreeAndDropFilesTheyNoLongerHold() throws Exception {
        DocsRelease mime = store("mime", "1.6.0");
        docs.refresh(List.of(mime), List.of());
        storage.write("hexdocs/mime/1.6.0/old-guide.html", "old".getBytes(UTF_8), WriteOptions.defaults());

        upstream.publishDocs("mime", "1.6.0", DocsSpec.exDoc().revision(7));
        store("mime", "1.6.0");
        docs.refresh(List.of(mime), List.of());

        assertThat(text("hexdocs/mime/1.6.0/Mime.html")).contains("docs revision 7");
        assertThat(storage.stat("hexdocs/mime/1.6.0/old-guide.html")).isEmpty();
    }

    @Test
    void aVersionWhoseDistClashesWithTheSharedCopyKeepsItsOwn() throws Exception {
        DocsRelease mime = store("mime", "1.6.0");
        docs.refresh(List.of(mime), List.of());
        String app = keys("hexdocs/_dist/").stream().filter(k -> k.contains("/app-")).findFirst().orElseThrow();
        String appName = app.substring("hexdocs/_dist/".length());
        byte[] evil = TestTars.create().file("index.html", "<script src=\"dist/" + appName + "\"></script>")
                .file("dist/" + appName, "alert('replaced')").build();
        DocsRelease bad = new DocsRelease("evil", "1.0.0");
        docs.store(bad, evil);

        DocsTree.Derived derived = docs.refresh(List.of(bad), List.of()).derived().get(0);

        assertThat(derived.sharedDist()).isFalse();
        assertThat(text(app)).doesNotContain("replaced");
        assertThat(text("hexdocs/evil/1.0.0/dist/" + appName)).isEqualTo("alert('replaced')");
        assertThat(text("hexdocs/evil/1.0.0/index.html")).isEqualTo("<script src=\"dist/" + appName + "\"></script>");
    }

    @Test
    void aRefusedTarballWritesNothingAndIsReported() throws Exception {
        DocsRelease mime = store("mime", "1.6.0");
        docs.refresh(List.of(mime), List.of());
        byte[] evil = TestTars.create().file("index.html", "ok").file("../../mime/1.6.0/Mime.html", "owned").build();
        DocsRelease bad = new DocsRelease("evil", "1.0.0");

        assertThatThrownBy(() -> docs.store(bad, evil)).isInstanceOf(DocsTarballException.class)
                .hasMessageContaining("docs of evil 1.0.0 refused");
        // Even a bad tarball that reached the storage some other way is refused before any write.
        storage.write(bad.tarballKey(), evil, WriteOptions.defaults());
        HexDocs.TreeUpdate update = docs.refresh(List.of(bad), List.of());

        assertThat(update.refused()).singleElement().extracting(DocsTarballException::release).isEqualTo(bad);
        assertThat(keys("hexdocs/evil/")).isEmpty();
        assertThat(text("hexdocs/mime/1.6.0/Mime.html")).doesNotContain("owned");
    }

    @Test
    void rebuildDerivesMissingTreesRemovesOrphansAndRelinksPagesOfTheirLinkers() throws Exception {
        DocsRelease plug = store("plug", "1.0.0");
        docs.refresh(List.of(plug), List.of());
        assertThat(text("hexdocs/plug/1.0.0/Plug.html")).contains("href=\"https://hexdocs.pm/mime/1.6.0/Mime.html\"");

        store("mime", "1.6.0");
        HexDocs.TreeUpdate added = docs.rebuild(false);
        assertThat(added.derived()).extracting(DocsTree.Derived::release)
                .containsExactly(new DocsRelease("mime", "1.6.0"), plug);
        assertThat(added.relinked()).containsExactly(plug);
        assertThat(text("hexdocs/plug/1.0.0/Plug.html")).contains("href=\"../../mime/1.6.0/Mime.html\"");

        storage.delete("docs/mime-1.6.0.tar.gz");
        HexDocs.TreeUpdate update = docs.rebuild(false);
        assertThat(update.removed()).isEqualTo(1);
        assertThat(keys("hexdocs/mime/")).isEmpty();
        assertThat(text("hexdocs/index.html")).doesNotContain("mime");
        assertThat(update.relinked()).as("its links lead back to hexdocs.pm").containsExactly(plug);
        assertThat(text("hexdocs/plug/1.0.0/Plug.html")).contains("href=\"https://hexdocs.pm/mime/1.6.0/Mime.html\"")
                .doesNotContain("../../mime/");
    }

    @Test
    void docsArrivingLaterRewriteOnlyThePagesThatLinkToThem() throws Exception {
        DocsRelease plug = store("plug", "1.0.0");
        DocsRelease cowboy = store("cowboy", "2.0.0");
        docs.refresh(List.of(plug, cowboy), List.of());
        String cowboyPage = text("hexdocs/cowboy/2.0.0/index.html");
        long cowboyModified = storage.stat("hexdocs/cowboy/2.0.0/index.html").orElseThrow().lastModified().toEpochMilli();

        // mime's docs arrive in a later sync: only its own version is new.
        DocsRelease mime15 = store("mime", "1.5.0");
        HexDocs.TreeUpdate first = docs.refresh(List.of(mime15), List.of());

        assertThat(first.relinked()).as("plug links to mime; cowboy does not").containsExactly(plug);
        assertThat(text("hexdocs/plug/1.0.0/Plug.html"))
                .as("plug links to mime 1.6.0, not mirrored: the latest mirrored version stands in for it")
                .contains("class=\"dep-path\" href=\"../../mime/1.5.0/Mime.html\"")
                .contains("class=\"dep-host\" href=\"../../mime/1.5.0/Mime.html\"")
                .contains("href=\"https://hexdocs.pm/jason/1.4.0/Jason.html\"");
        assertThat(text("hexdocs/cowboy/2.0.0/index.html")).isEqualTo(cowboyPage);
        assertThat(storage.stat("hexdocs/cowboy/2.0.0/index.html").orElseThrow().lastModified().toEpochMilli())
                .isEqualTo(cowboyModified);

        // The very version plug names arrives: plug's links move to it.
        DocsRelease mime16 = store("mime", "1.6.0");
        assertThat(docs.refresh(List.of(mime16), List.of()).relinked()).containsExactly(plug);
        assertThat(text("hexdocs/plug/1.0.0/Plug.html")).contains("href=\"../../mime/1.6.0/Mime.html\"");

        // Another mime version changes nothing plug's links lead to: plug is left alone.
        upstream.release("mime", "2.0.0").withDocs().publish();
        DocsRelease mime20 = store("mime", "2.0.0");
        assertThat(docs.refresh(List.of(mime20), List.of()).relinked()).isEmpty();

        // mime's docs go: plug's links go back to hexdocs.pm.
        for (DocsRelease r : List.of(mime15, mime16, mime20)) {
            storage.delete(r.tarballKey());
        }
        HexDocs.TreeUpdate gone = docs.refresh(List.of(), List.of(mime15, mime16, mime20));
        assertThat(gone.relinked()).containsExactly(plug);
        assertThat(text("hexdocs/plug/1.0.0/Plug.html")).contains("href=\"https://hexdocs.pm/mime/1.6.0/Mime.html\"")
                .contains("href=\"https://mime.hexdocs.pm/1.6.0/Mime.html\"");
    }

    @Test
    void aTreeDerivedWithoutALinkRecordIsDerivedOnceMore() throws Exception {
        DocsRelease plug = store("plug", "1.0.0");
        docs.refresh(List.of(plug), List.of());
        assertThat(docs.rebuild(false).derived()).isEmpty();

        // What an older hexmirror left: a marker of two fields and no link record.
        String marker = text(".hexmirror/docs/derived/plug-1.0.0").trim();
        storage.write(".hexmirror/docs/derived/plug-1.0.0",
                (marker.substring(0, marker.lastIndexOf(' ')) + "\n").getBytes(UTF_8), WriteOptions.defaults());
        storage.delete(".hexmirror/docs/links/plug-1.0.0");

        assertThat(docs.rebuild(false).derived()).extracting(DocsTree.Derived::release).containsExactly(plug);
        assertThat(text(".hexmirror/docs/linked-from/mime/plug-1.0.0")).isEqualTo("mime 1.6.0 -\n");
    }

    @Test
    void mirroredDocsAnswersWhichVersionsHaveDocs() throws Exception {
        store("mime", "1.5.0");
        store("mime", "1.6.0");
        upstream.release("mime", "2.0.0-rc.1").withDocs().publish();
        store("mime", "2.0.0-rc.1");

        MirroredDocs mirrored = docs.mirrored();

        assertThat(mirrored.versions("mime")).containsExactly("1.5.0", "1.6.0", "2.0.0-rc.1");
        assertThat(mirrored.latest("mime")).contains("1.6.0");
        assertThat(mirrored.hasDocs("mime", "1.5.0")).isTrue();
        assertThat(mirrored.hasDocs("plug")).isFalse();
        assertThat(mirrored.packages()).isEqualTo(Set.of("mime"));
    }
}
