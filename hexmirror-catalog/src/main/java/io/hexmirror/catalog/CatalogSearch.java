package io.hexmirror.catalog;

import io.hexmirror.downloads.DownloadCounts;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * Server-side package search with Apache Lucene, over an in-memory index of the catalog's summaries
 * (a few megabytes for all of hex.pm, built in about a second). It ranks exactly as {@code search.js}
 * does on a static mirror (see {@link SearchQuery}): every rule is a constant-score clause with the
 * rule's weight, a term scores its best rule, {@link SearchQuery#popularity} is added, and ties go to the
 * package more mirrored packages depend on, then to the name. Immutable and thread-safe; build a new one when the catalog changes.
 */
public final class CatalogSearch {
    private static final String NAME = "name";
    private static final String NAME_LOWER = "name_lower";
    private static final String NAME_WORD = "name_word";
    private static final String NAME_SUBSTRINGS = "name_sub";
    private static final String DESCRIPTION = "desc";
    private static final String DEPENDS = "depends";
    private static final String TOOL = "tool";
    private static final String LICENSE = "license";

    /** What a search found. */
    public record Result(List<PackageSummary> packages, int total) {
        public Result {
            packages = List.copyOf(packages);
        }
    }

    private final List<PackageSummary> summaries;
    private final List<Integer> dependentCounts;
    private final Optional<List<DownloadCounts>> downloads;
    private final IndexSearcher searcher;

    private CatalogSearch(List<PackageSummary> summaries, List<Integer> dependentCounts, Optional<List<DownloadCounts>> downloads,
            IndexSearcher searcher) {
        this.summaries = summaries;
        this.dependentCounts = dependentCounts;
        this.downloads = downloads;
        this.searcher = searcher;
    }

    /** Indexes the catalog as it is now. */
    public static CatalogSearch of(Catalog catalog) {
        requireNonNull(catalog, "catalog is null");
        List<PackageSummary> summaries = catalog.summaries();
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
            for (int i = 0; i < summaries.size(); i++) {
                PackageSummary s = summaries.get(i);
                Document doc = new Document();
                doc.add(new StringField(NAME, s.name(), Field.Store.NO));
                doc.add(new StringField(NAME_LOWER, lower(s.name()), Field.Store.NO));
                // Every substring of the name as a term, so the substring rule is a term lookup rather than
                // a wildcard scan of all names (names are short: a few dozen substrings each).
                for (String part : substrings(lower(s.name()))) {
                    doc.add(new StringField(NAME_SUBSTRINGS, part, Field.Store.NO));
                }
                for (String stem : SearchText.stems(s.name())) {
                    doc.add(new StringField(NAME_WORD, stem, Field.Store.NO));
                }
                for (String stem : SearchText.stems(s.description())) {
                    doc.add(new StringField(DESCRIPTION, stem, Field.Store.NO));
                }
                for (String dep : s.dependencies()) {
                    doc.add(new StringField(DEPENDS, lower(dep), Field.Store.NO));
                }
                for (String tool : s.buildTools()) {
                    doc.add(new StringField(TOOL, lower(tool), Field.Store.NO));
                }
                for (String license : s.licenses()) {
                    doc.add(new StringField(LICENSE, lower(license), Field.Store.NO));
                }
                writer.addDocument(doc);
            }
            // One segment, so that a document's id is its position in the summaries (no stored fields to read).
            writer.forceMerge(1);
            writer.commit();
            List<Integer> dependentCounts = summaries.stream().map(s -> catalog.dependents(s.name()).size()).toList();
            // A package the snapshot does not know (newer than it) counts as never downloaded.
            Optional<List<DownloadCounts>> downloads = catalog.downloads().map(snapshot -> summaries.stream()
                    .map(s -> snapshot.counts(s.name()).orElse(DownloadCounts.NONE)).toList());
            return new CatalogSearch(summaries, dependentCounts, downloads, new IndexSearcher(DirectoryReader.open(directory)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the in-memory search index", e);
        }
    }

    /** Runs the query; returns at most {@code limit} packages and how many matched in all. */
    public Result search(SearchQuery query, int limit) {
        requireNonNull(query, "query is null");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        try {
            Query all = build(query, true);
            int total = searcher.count(all);
            Query chosen = all;
            if (total == 0 && !query.terms().isEmpty()) {
                chosen = build(query, false);
                total = searcher.count(chosen);
            }
            if (total == 0) {
                return new Result(List.of(), 0);
            }
            // Every match is scored (a catalog has tens of thousands of packages at most), then popularity is
            // added and the order decided here, exactly as search.js does.
            TopDocs top = searcher.search(chosen, total);
            List<Hit> hits = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc doc : top.scoreDocs) {
                int position = doc.doc;
                PackageSummary summary = summaries.get(position);
                int dependents = dependentCounts.get(position);
                DownloadCounts counts = downloads.map(d -> d.get(position)).orElse(DownloadCounts.NONE);
                hits.add(new Hit(summary, doc.score + SearchQuery.popularity(dependents), dependents,
                        summary.updatedAt().getEpochSecond() / 86400, counts));
            }
            SearchQuery.Sort sort = query.sort();
            boolean byDownloads = sort == SearchQuery.Sort.DOWNLOADS || sort == SearchQuery.Sort.RECENT_DOWNLOADS;
            hits.sort(order(byDownloads && downloads.isEmpty() ? SearchQuery.Sort.RELEVANCE : sort));
            List<PackageSummary> found = hits.stream().limit(limit).map(Hit::summary).toList();
            return new Result(found, total);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory search failed", e);
        }
    }

    private static Query build(SearchQuery query, boolean requireAllTerms) {
        BooleanQuery.Builder outer = new BooleanQuery.Builder();
        String nameForm = query.nameForm();
        boolean hasName = !nameForm.isEmpty();
        if (query.terms().isEmpty()) {
            outer.add(new BoostQuery(new ConstantScoreQuery(new MatchAllDocsQuery()), 0f), Occur.MUST);
            if (hasName) {
                outer.add(nameClause(nameForm), Occur.SHOULD);
            }
        } else {
            BooleanQuery.Builder matches = new BooleanQuery.Builder();
            if (hasName) {
                matches.add(nameClause(nameForm), Occur.SHOULD);
            }
            if (requireAllTerms) {
                BooleanQuery.Builder allTerms = new BooleanQuery.Builder();
                for (SearchQuery.Term term : query.terms()) {
                    allTerms.add(termClause(term), Occur.MUST);
                }
                matches.add(allTerms.build(), Occur.SHOULD);
            } else {
                for (SearchQuery.Term term : query.terms()) {
                    matches.add(termClause(term), Occur.SHOULD);
                }
            }
            matches.setMinimumNumberShouldMatch(1);
            outer.add(matches.build(), Occur.MUST);
        }
        query.dependsOn().ifPresent(d -> outer.add(new TermQuery(new Term(DEPENDS, d)), Occur.FILTER));
        query.buildTool().ifPresent(t -> outer.add(new TermQuery(new Term(TOOL, t)), Occur.FILTER));
        query.license().ifPresent(l -> outer.add(new WildcardQuery(new Term(LICENSE, "*" + escapeWildcard(l) + "*")), Occur.FILTER));
        return outer.build();
    }

    private static Query nameClause(String nameForm) {
        return new DisjunctionMaxQuery(List.of(
                constant(new TermQuery(new Term(NAME_LOWER, nameForm)), SearchQuery.EXACT),
                constant(new PrefixQuery(new Term(NAME_LOWER, nameForm)), SearchQuery.PREFIX)), 0f);
    }

    private static Query termClause(SearchQuery.Term term) {
        List<Query> rules = new ArrayList<>();
        rules.add(constant(new TermQuery(new Term(NAME_WORD, term.stem())), SearchQuery.NAME_WORD));
        rules.add(constant(new TermQuery(new Term(NAME_SUBSTRINGS, term.word())), SearchQuery.NAME_SUBSTRING));
        rules.add(constant(new TermQuery(new Term(DESCRIPTION, term.stem())), SearchQuery.DESCRIPTION));
        if (!term.synonyms().isEmpty()) {
            BooleanQuery.Builder synonyms = new BooleanQuery.Builder();
            term.synonyms().forEach(s -> synonyms.add(new TermQuery(new Term(DESCRIPTION, s)), Occur.SHOULD));
            rules.add(constant(synonyms.build(), SearchQuery.SYNONYM));
        }
        return new DisjunctionMaxQuery(rules, 0f);
    }

    private static Query constant(Query query, int weight) {
        return new BoostQuery(new ConstantScoreQuery(query), weight);
    }

    private record Hit(PackageSummary summary, double score, int dependents, long day, DownloadCounts downloads) {
    }

    /** Whether the index has download counts to sort by. */
    public boolean hasDownloads() {
        return downloads.isPresent();
    }

    private static java.util.Comparator<Hit> order(SearchQuery.Sort sort) {
        java.util.Comparator<Hit> byName = java.util.Comparator.comparing(h -> h.summary().name());
        return switch (sort) {
            case NAME -> byName;
            case UPDATED -> java.util.Comparator.comparingLong(Hit::day).reversed().thenComparing(byName);
            case DOWNLOADS -> java.util.Comparator.comparingLong((Hit h) -> h.downloads().all()).reversed().thenComparing(byName);
            case RECENT_DOWNLOADS -> java.util.Comparator.comparingLong((Hit h) -> h.downloads().recent()).reversed()
                    .thenComparing(byName);
            case RELEVANCE -> java.util.Comparator.comparingDouble(Hit::score).reversed()
                    .thenComparing(java.util.Comparator.comparingInt(Hit::dependents).reversed()).thenComparing(byName);
        };
    }

    private static java.util.Set<String> substrings(String name) {
        java.util.Set<String> parts = new java.util.HashSet<>();
        for (int from = 0; from < name.length(); from++) {
            for (int to = from + 1; to <= Math.min(name.length(), from + 64); to++) {
                parts.add(name.substring(from, to));
            }
        }
        return parts;
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    private static String escapeWildcard(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
