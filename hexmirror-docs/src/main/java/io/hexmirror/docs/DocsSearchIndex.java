package io.hexmirror.docs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.hexmirror.concurrent.OrderedWork;
import io.hexmirror.storage.ObjectNotFoundException;
import io.hexmirror.storage.Storage;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * One Lucene index over the search data of every mirrored docs version, in a local directory (an
 * index needs a file system; it is a cache that {@link #update} can always rebuild from the
 * storage). Each docs version is indexed from its verbatim tarball: its {@code search_data} or
 * {@code search_items} file, or the text of its HTML pages when it has neither. A marker document
 * per version records the tarball's SHA-256, so {@link #update} only reads what changed.
 *
 * <p>Thread-safe: searches run concurrently with each other and with an update, and see the index as
 * of the last finished update.
 */
public final class DocsSearchIndex implements Closeable {
    private static final String KIND = "kind";
    private static final String KIND_ITEM = "item";
    private static final String KIND_RELEASE = "release";
    private static final String RELEASE = "release";
    private static final String NAME = "name";
    private static final String VERSION = "version";
    private static final String TITLE = "title";
    private static final String TITLE_WORDS = "title_words";
    private static final String TYPE = "type";
    private static final String REF = "ref";
    private static final String DOC = "doc";
    private static final String EXCERPT = "excerpt";
    private static final String SHA256 = "sha256";
    /** The commit data's key for the fingerprint of the docs/ listing that the commit indexed completely. */
    private static final String LISTING = "hexmirror.docs-listing";
    private static final int EXCERPT_LENGTH = 240;
    private static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final FSDirectory directory;
    private final Analyzer analyzer = new StandardAnalyzer();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final DocsLimits limits;

    private DocsSearchIndex(Path dir, DocsLimits limits) throws IOException {
        Files.createDirectories(dir);
        this.limits = limits;
        this.directory = FSDirectory.open(dir);
        this.writer = new IndexWriter(directory, new IndexWriterConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
        this.searchers = new SearcherManager(writer, null);
    }

    /** Opens (or creates) the index in a local directory. */
    public static DocsSearchIndex open(Path dir) throws IOException {
        return open(dir, DocsLimits.hexdocs());
    }

    public static DocsSearchIndex open(Path dir, DocsLimits limits) throws IOException {
        return new DocsSearchIndex(requireNonNull(dir, "dir is null"), requireNonNull(limits, "limits is null"));
    }

    /** What an update did. */
    public record UpdateResult(int indexed, int removed, int unchanged, int items, List<String> failures) {
    }

    /**
     * Brings the index in line with the storage's mirrored docs: indexes versions that are new or
     * whose tarball changed, removes versions no longer mirrored. A tarball that cannot be read is
     * reported in the result and left out; the rest goes on.
     */
    public synchronized UpdateResult update(Storage storage, MirroredDocs docs) throws IOException {
        Optional<String> listing = docs.listingFingerprint();
        if (listing.isPresent() && listing.equals(recordedListing())) {
            // The docs/ listing is the one of the last update that indexed every version: nothing to read. Checking
            // each version instead reads its marker document from the index and its tree's marker from the storage
            // (most of a restarted serve's indexing time with nothing new, and of every background sync's).
            return new UpdateResult(0, 0, markerCount(), 0, List.of());
        }
        Map<String, String> indexed = indexedReleases();
        List<String> failures = new ArrayList<>();
        Set<String> present = new HashSet<>();
        int[] unchanged = {0};
        int[] added = {0};
        int[] items = {0};
        // Versions are read, parsed and added on every core (the writer takes documents from many threads);
        // their outcomes are counted in the versions' order, so failures are reported in that order.
        OrderedWork.forEach(docs.releases(), "docs-index", release -> {
            String id = id(release);
            String known = indexed.get(id);
            if (known != null && unchanged(storage, release, known)) {
                return Outcome.UNCHANGED;
            }
            try {
                return Outcome.indexed(index(storage, release, known != null));
            } catch (DocsTarballException | ObjectNotFoundException e) {
                writer.deleteDocuments(new Term(RELEASE, id));
                return Outcome.failed(e.getMessage());
            }
        }, (release, outcome) -> {
            present.add(id(release));
            outcome.failure().ifPresent(failures::add);
            if (outcome == Outcome.UNCHANGED) {
                unchanged[0]++;
            } else if (outcome.failure().isEmpty()) {
                added[0]++;
                items[0] += outcome.items();
            }
        });
        int removed = 0;
        for (String id : indexed.keySet()) {
            if (!present.contains(id)) {
                writer.deleteDocuments(new Term(RELEASE, id));
                removed++;
            }
        }
        // Recorded only when every version is indexed: a version that failed is tried again by the next update.
        writer.setLiveCommitData(listing.isPresent() && failures.isEmpty() ? Map.of(LISTING, listing.get()).entrySet()
                : Map.<String, String>of().entrySet());
        writer.commit();
        searchers.maybeRefreshBlocking();
        return new UpdateResult(added[0], removed, unchanged[0], items[0], failures);
    }

    /** What became of one docs version in an update. */
    private record Outcome(int items, Optional<String> failure) {
        static final Outcome UNCHANGED = new Outcome(0, Optional.empty());

        static Outcome indexed(int items) {
            return new Outcome(items, Optional.empty());
        }

        static Outcome failed(String message) {
            return new Outcome(0, Optional.of(message));
        }
    }

    /**
     * Whether an indexed version's tarball is still the one indexed: by the SHA-256 the storage keeps,
     * and by the tree's marker, written when a version is derived, which names the tarball it came from.
     */
    private static boolean unchanged(Storage storage, DocsRelease release, String indexedSha) throws IOException {
        Optional<String> sha = storage.stat(release.tarballKey()).flatMap(info -> info.sha256());
        if (sha.isPresent() && !sha.get().equals(indexedSha)) {
            return false;
        }
        try (InputStream in = storage.read(DocsPaths.derivedMarkerKey(release))) {
            String marker = new String(in.readAllBytes(), UTF_8).trim();
            return marker.startsWith(indexedSha + " ");
        } catch (ObjectNotFoundException e) {
            return true;
        }
    }

    /** Indexes one version; {@code replacing} when it is in the index already (a new one has nothing to delete). */
    private int index(Storage storage, DocsRelease release, boolean replacing) throws IOException, DocsTarballException {
        SearchSource source = SearchSource.read(storage, release, limits);
        String id = id(release);
        List<Document> documents = new ArrayList<>(source.items().size() + 1);
        for (SearchItem item : source.items()) {
            documents.add(itemDocument(release, id, item));
        }
        Document marker = new Document();
        marker.add(new StringField(KIND, KIND_RELEASE, Field.Store.NO));
        marker.add(new StringField(RELEASE, id, Field.Store.YES));
        marker.add(new StoredField(SHA256, source.sha256()));
        documents.add(marker);
        if (replacing) {
            writer.updateDocuments(new Term(RELEASE, id), documents);
        } else {
            writer.addDocuments(documents);
        }
        return source.items().size();
    }

    private static Document itemDocument(DocsRelease release, String id, SearchItem item) {
        Document d = new Document();
        d.add(new StringField(KIND, KIND_ITEM, Field.Store.NO));
        d.add(new StringField(RELEASE, id, Field.Store.NO));
        d.add(new StringField(NAME, release.name(), Field.Store.YES));
        d.add(new StringField(VERSION, release.version(), Field.Store.YES));
        d.add(new TextField(TITLE, item.title(), Field.Store.YES));
        // "Plug.Conn.put_status/2" is one token to the standard analyzer; its parts are searchable too.
        d.add(new TextField(TITLE_WORDS, NOT_A_WORD.matcher(item.title()).replaceAll(" "), Field.Store.NO));
        d.add(new StringField(TYPE, item.type(), Field.Store.YES));
        d.add(new StoredField(REF, item.ref()));
        d.add(new TextField(DOC, item.doc(), Field.Store.NO));
        String excerpt = WHITESPACE.matcher(item.doc()).replaceAll(" ").strip();
        d.add(new StoredField(EXCERPT, excerpt.length() > EXCERPT_LENGTH ? excerpt.substring(0, EXCERPT_LENGTH) + "…" : excerpt));
        return d;
    }

    /**
     * Searches every indexed docs version, best first.
     *
     * @param query words as a user types them; Lucene syntax characters are taken literally
     * @param packages only these packages, or every package when empty
     * @param limit the most hits returned
     */
    public List<SearchHit> search(String query, Set<String> packages, int limit) throws IOException {
        requireNonNull(query, "query is null");
        requireNonNull(packages, "packages is null");
        if (query.isBlank() || limit <= 0) {
            return List.of();
        }
        Query text;
        try {
            MultiFieldQueryParser parser = new MultiFieldQueryParser(new String[] {TITLE, TITLE_WORDS, DOC}, analyzer,
                    Map.of(TITLE, 8f, TITLE_WORDS, 4f, DOC, 1f));
            parser.setDefaultOperator(QueryParser.Operator.AND);
            text = parser.parse(QueryParser.escape(query.strip()));
        } catch (ParseException e) {
            return List.of();
        }
        BooleanQuery.Builder q = new BooleanQuery.Builder()
                .add(text, BooleanClause.Occur.MUST)
                .add(new TermQuery(new Term(KIND, KIND_ITEM)), BooleanClause.Occur.FILTER);
        if (!packages.isEmpty()) {
            q.add(new TermInSetQuery(NAME, packages.stream().map(BytesRef::new).toList()), BooleanClause.Occur.FILTER);
        }
        IndexSearcher searcher = searchers.acquire();
        try {
            // Older versions of a package repeat its items: keep the best-scoring of each title.
            TopDocs top = searcher.search(q.build(), limit * 4);
            Map<String, SearchHit> best = new LinkedHashMap<>();
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc sd : top.scoreDocs) {
                Document d = stored.document(sd.doc);
                String name = d.get(NAME);
                String version = d.get(VERSION);
                String key = name + "\u0000" + d.get(TYPE) + "\u0000" + d.get(TITLE);
                SearchHit hit = new SearchHit(name, version, d.get(TITLE), d.get(TYPE),
                        new DocsRelease(name, version).treePrefix() + d.get(REF), d.get(EXCERPT), sd.score);
                SearchHit seen = best.get(key);
                if (seen == null || (seen.score() == hit.score()
                        && MirroredDocs.comparePrecedence(hit.version(), seen.version()) > 0)) {
                    best.put(key, hit);
                }
            }
            return best.values().stream().limit(limit).toList();
        } finally {
            searchers.release(searcher);
        }
    }

    /** How many docs versions are indexed. */
    public int indexedVersions() throws IOException {
        return indexedReleases().size();
    }

    /** The index's size on disk, in bytes. */
    public long sizeOnDisk() throws IOException {
        long total = 0;
        for (String file : directory.listAll()) {
            total += directory.fileLength(file);
        }
        return total;
    }

    /** The listing fingerprint ({@link MirroredDocs#listingFingerprint}) the last commit recorded, if any. */
    private Optional<String> recordedListing() {
        Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
        if (data != null) {
            for (Map.Entry<String, String> entry : data) {
                if (entry.getKey().equals(LISTING)) {
                    return Optional.of(entry.getValue());
                }
            }
        }
        return Optional.empty();
    }

    /** How many versions the index holds, counted without reading their marker documents. */
    private int markerCount() throws IOException {
        searchers.maybeRefreshBlocking();
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.count(new TermQuery(new Term(KIND, KIND_RELEASE)));
        } finally {
            searchers.release(searcher);
        }
    }

    private Map<String, String> indexedReleases() throws IOException {
        searchers.maybeRefreshBlocking();
        IndexSearcher searcher = searchers.acquire();
        try {
            Map<String, String> out = new HashMap<>();
            Query markers = new TermQuery(new Term(KIND, KIND_RELEASE));
            int count = Math.max(1, searcher.count(markers));
            // One reader for all: it keeps the block it decompressed last, and the markers come in the
            // order of their documents (equal scores), so the markers of one block are read from one copy.
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc sd : searcher.search(markers, count).scoreDocs) {
                Document d = stored.document(sd.doc);
                out.put(d.get(RELEASE), d.get(SHA256));
            }
            return out;
        } finally {
            searchers.release(searcher);
        }
    }

    private static String id(DocsRelease release) {
        return release.name() + "@" + release.version();
    }

    @Override
    public void close() throws IOException {
        searchers.close();
        writer.close();
        directory.close();
    }
}
