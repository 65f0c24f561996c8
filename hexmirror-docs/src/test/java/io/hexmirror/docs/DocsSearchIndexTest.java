package io.hexmirror.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.storage.ForwardingStorage;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.testkit.upstream.DocsSpec;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocsSearchIndexTest {
    @TempDir
    Path dir;
    private Storage storage;
    private HexDocs docs;
    private DocsSearchIndex index;
    private final FakeHexRepository upstream = FakeHexRepository.create();

    @BeforeEach
    void setUp() throws Exception {
        storage = FileSystemStorage.open(dir.resolve("mirror"), false);
        docs = new HexDocs(storage);
        index = DocsSearchIndex.open(dir.resolve("index"));
        upstream.release("plug", "1.0.0").withDocs().publish();
        upstream.release("plug", "1.1.0").withDocs().publish();
        upstream.release("cowboy", "2.0.0").withDocs(DocsSpec.of(DocsSpec.Format.SEARCH_ITEMS)).publish();
        upstream.release("ranch", "1.0.0").withDocs(DocsSpec.of(DocsSpec.Format.HTML_ONLY)).publish();
        for (String key : List.of("docs/plug-1.0.0.tar.gz", "docs/plug-1.1.0.tar.gz", "docs/cowboy-2.0.0.tar.gz",
                "docs/ranch-1.0.0.tar.gz")) {
            docs.store(DocsRelease.fromTarballKey(key).orElseThrow(), upstream.file(key).orElseThrow());
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        index.close();
    }

    @Test
    void indexesBothSearchDataFormatsAndPageTextAndFindsAcrossPackages() throws Exception {
        DocsSearchIndex.UpdateResult result = index.update(storage, docs.mirrored());

        assertThat(result.indexed()).isEqualTo(4);
        assertThat(result.failures()).isEmpty();
        // searchData (ExDoc >= 0.30)
        assertThat(index.search("zqplugfrob", Set.of(), 10)).first().satisfies(hit -> {
            assertThat(hit.name()).isEqualTo("plug");
            assertThat(hit.version()).as("the newest of equal hits").isEqualTo("1.1.0");
            assertThat(hit.type()).isEqualTo("module");
            assertThat(hit.path()).isEqualTo("hexdocs/plug/1.1.0/Plug.html");
        });
        // searchNodes (ExDoc 0.20-0.29)
        assertThat(index.search("hello", Set.of("cowboy"), 10)).extracting(SearchHit::title).containsExactly("Cowboy.hello/1");
        // no search data: page text
        assertThat(index.search("zqranchfrob", Set.of(), 10)).extracting(SearchHit::path)
                .containsExactly("hexdocs/ranch/1.0.0/Ranch.html");
        // a function's parts are searchable, and across packages
        assertThat(index.search("hello", Set.of(), 10)).extracting(SearchHit::name).contains("plug", "cowboy", "ranch");
    }

    @Test
    void filtersByPackage() throws Exception {
        index.update(storage, docs.mirrored());

        assertThat(index.search("hello", Set.of("plug"), 10)).extracting(SearchHit::name).containsOnly("plug");
        assertThat(index.search("hello", Set.of("plug", "ranch"), 10)).extracting(SearchHit::name)
                .containsOnly("plug", "ranch");
        assertThat(index.search("zqplugfrob", Set.of("cowboy"), 10)).isEmpty();
    }

    @Test
    void updatesIncrementally() throws Exception {
        index.update(storage, docs.mirrored());

        DocsSearchIndex.UpdateResult noChange = index.update(storage, docs.mirrored());
        assertThat(noChange.indexed()).isZero();
        assertThat(noChange.unchanged()).isEqualTo(4);

        upstream.publishDocs("plug", "1.1.0", DocsSpec.exDoc().revision(42));
        docs.store(new DocsRelease("plug", "1.1.0"), upstream.file("docs/plug-1.1.0.tar.gz").orElseThrow());
        docs.refresh(List.of(new DocsRelease("plug", "1.1.0")), List.of());
        storage.delete("docs/ranch-1.0.0.tar.gz");

        DocsSearchIndex.UpdateResult changed = index.update(storage, docs.mirrored());
        assertThat(changed.indexed()).isEqualTo(1);
        assertThat(changed.removed()).isEqualTo(1);
        assertThat(index.search("zqranchfrob", Set.of(), 10)).isEmpty();
        assertThat(index.search("revision 42", Set.of(), 10)).extracting(SearchHit::version).containsExactly("1.1.0");
        assertThat(index.indexedVersions()).isEqualTo(3);
    }

    @Test
    void aReopenedIndexWithNothingNewReadsNoTarball() throws Exception {
        index.update(storage, docs.mirrored());
        index.close();
        // Were a tarball read again, this one would be reported as refused: its marker still names the bytes indexed.
        Files.write(dir.resolve("mirror/docs/plug-1.1.0.tar.gz"), "not gzip".getBytes());

        index = DocsSearchIndex.open(dir.resolve("index"));
        DocsSearchIndex.UpdateResult restart = index.update(storage, docs.mirrored());

        assertThat(restart.indexed()).isZero();
        assertThat(restart.failures()).isEmpty();
        assertThat(restart.unchanged()).isEqualTo(4);
        assertThat(index.search("zqplugfrob", Set.of(), 10)).extracting(SearchHit::version).containsExactly("1.1.0");
    }

    @Test
    void anUpdateWhoseDocsListingIsThatOfTheLastCompleteOneReadsNothing() throws Exception {
        index.update(storage, docs.mirrored());
        index.close();
        index = DocsSearchIndex.open(dir.resolve("index"));
        ReadCountingStorage counting = new ReadCountingStorage(storage);

        DocsSearchIndex.UpdateResult restart = index.update(counting, MirroredDocs.load(counting));

        assertThat(counting.reads).as("no tarball, no tree marker read, nothing stat'ed").isZero();
        assertThat(restart.unchanged()).isEqualTo(4);
        assertThat(restart.indexed()).isZero();
        assertThat(index.search("zqplugfrob", Set.of(), 10)).extracting(SearchHit::version).containsExactly("1.1.0");
    }

    @Test
    void aVersionThatFailedIsTriedAgainThoughTheListingDidNotChange() throws Exception {
        storage.write("docs/bad-1.0.0.tar.gz", "not gzip".getBytes(), WriteOptions.defaults());
        assertThat(index.update(storage, docs.mirrored()).failures()).singleElement().asString().contains("bad");

        DocsSearchIndex.UpdateResult again = index.update(storage, docs.mirrored());

        assertThat(again.failures()).singleElement().asString().contains("bad");
        assertThat(again.unchanged()).isEqualTo(4);
    }

    @Test
    void aTarballReplacedAfterACompleteUpdateIsIndexedAgain() throws Exception {
        index.update(storage, docs.mirrored());

        upstream.publishDocs("plug", "1.1.0", DocsSpec.exDoc().revision(43));
        docs.store(new DocsRelease("plug", "1.1.0"), upstream.file("docs/plug-1.1.0.tar.gz").orElseThrow());
        docs.refresh(List.of(new DocsRelease("plug", "1.1.0")), List.of());

        assertThat(index.update(storage, docs.mirrored()).indexed()).isEqualTo(1);
        assertThat(index.search("revision 43", Set.of(), 10)).extracting(SearchHit::version).containsExactly("1.1.0");
    }

    /** Counts every read and stat (a listing is not counted). */
    private static final class ReadCountingStorage extends ForwardingStorage {
        int reads;

        ReadCountingStorage(Storage delegate) {
            super(delegate);
        }

        @Override
        public Optional<ObjectInfo> stat(String key) throws IOException {
            reads++;
            return super.stat(key);
        }

        @Override
        public InputStream read(String key) throws IOException {
            reads++;
            return super.read(key);
        }
    }

    @Test
    void aVersionWithSearchDataIsIndexedFromItAloneThoughItsPagesComeFirstInTheArchive() throws Exception {
        byte[] tarball = TestTars.create().file("Lib.html", "<title>Lib</title><p>zqpagesonlyword</p>")
                .file("dist/search_data-1.js", "searchData={\"items\":[{\"ref\":\"Lib.html\",\"title\":\"Lib\","
                        + "\"type\":\"module\",\"doc\":\"zqsearchdataword\"}]}")
                .file("readme.html", "<title>Readme</title><p>zqpagesonlyword</p>").build();
        docs.store(new DocsRelease("lib", "1.0.0"), tarball);

        index.update(storage, docs.mirrored());

        assertThat(index.search("zqsearchdataword", Set.of(), 10)).extracting(SearchHit::path)
                .containsExactly("hexdocs/lib/1.0.0/Lib.html");
        assertThat(index.search("zqpagesonlyword", Set.of(), 10)).isEmpty();
    }

    @Test
    void aBrokenTarballIsReportedAndTheRestIndexed() throws Exception {
        storage.write("docs/broken-1.0.0.tar.gz", "not gzip".getBytes(), WriteOptions.defaults());

        DocsSearchIndex.UpdateResult result = index.update(storage, docs.mirrored());

        assertThat(result.failures()).singleElement().asString().contains("docs of broken 1.0.0 refused");
        assertThat(result.indexed()).isEqualTo(4);
    }

    @Test
    void versionsIndexedOnManyThreadsReportTheirFailuresInTheVersionsOrder() throws Exception {
        for (int i = 0; i < 30; i++) {
            storage.write(String.format("docs/broken_%02d-1.0.0.tar.gz", i), "not gzip".getBytes(), WriteOptions.defaults());
        }
        MirroredDocs mirrored = docs.mirrored();
        List<String> brokenInOrder = mirrored.releases().stream().map(DocsRelease::name).filter(n -> n.startsWith("broken_")).toList();

        DocsSearchIndex.UpdateResult result = index.update(storage, mirrored);

        assertThat(result.indexed()).isEqualTo(4);
        assertThat(result.failures()).hasSize(30);
        for (int i = 0; i < 30; i++) {
            assertThat(result.failures().get(i)).contains("docs of " + brokenInOrder.get(i) + " 1.0.0 refused");
        }
        assertThat(index.indexedVersions()).isEqualTo(4);
        assertThat(index.search("zqranchfrob", Set.of(), 10)).extracting(SearchHit::name).containsExactly("ranch");
    }

    @Test
    void queriesAreTakenLiterally() throws Exception {
        index.update(storage, docs.mirrored());

        assertThat(index.search("Plug.hello/1", Set.of(), 5)).extracting(SearchHit::title).first().isEqualTo("Plug.hello/1");
        assertThat(index.search("\"unbalanced (", Set.of(), 5)).isEmpty();
        assertThat(index.search("  ", Set.of(), 5)).isEmpty();
    }
}
