package io.hexmirror.catalog;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed search: free text plus the filters {@code depends:NAME}, {@code build_tool:TOOL},
 * {@code license:TEXT} and an optional {@code sort:relevance|name|updated}. The ranking rules it feeds
 * (exact name, then prefix, then name words and substrings, then description) are documented in
 * {@code docs/web.md} and implemented alike by {@link CatalogSearch} and {@code search.js}.
 *
 * @param text the free text, without the filters
 * @param terms the words that must match, each with its stem and synonyms
 * @param dependsOn only packages whose latest release depends on this package
 * @param buildTool only packages built with this tool
 * @param license only packages with a license containing this text (case ignored)
 * @param sort the order of results
 */
public record SearchQuery(String text, List<Term> terms, Optional<String> dependsOn, Optional<String> buildTool,
        Optional<String> license, Sort sort) {
    /** Score of an exact name match. */
    public static final int EXACT = 1000;
    /** Score of a name starting with the query (on top of its terms' scores). */
    public static final int PREFIX = 30;
    /** Score of a term equal to a word of the name (stems compared). */
    public static final int NAME_WORD = 30;
    /** Score of a term found inside the name. */
    public static final int NAME_SUBSTRING = 15;
    /** Score of a term in the description. */
    public static final int DESCRIPTION = 10;
    /** Score of a synonym of a term in the description. */
    public static final int SYNONYM = 6;
    /** Weight of popularity: this many points per doubling of the packages that depend on a package. */
    public static final int POPULARITY = 10;

    /**
     * The popularity bonus of a package that {@code dependents} mirrored packages depend on:
     * {@link #POPULARITY} times log2(1 + dependents), rounded to a tenth (so that the browser's
     * floating point and Java's give the same number). A widely used package whose description matches
     * can thus pass a little-used one whose name merely contains the word; an exact name (1000) always
     * stays first.
     */
    public static double popularity(int dependents) {
        return Math.round(POPULARITY * 10 * StrictMath.log(1 + dependents) / StrictMath.log(2)) / 10.0;
    }

    /**
     * Result order. The download sorts, as hex.pm names them, order by the mirror's snapshot of download
     * counts, most first; without a snapshot they are relevance.
     */
    public enum Sort {
        RELEVANCE, NAME, UPDATED, DOWNLOADS, RECENT_DOWNLOADS;

        /** The sorts a search offers: the download sorts only when there are counts to sort by. */
        public static java.util.List<Sort> offered(boolean withDownloads) {
            return withDownloads ? java.util.List.of(values()) : java.util.List.of(RELEVANCE, NAME, UPDATED);
        }

        /** What a person reads in a list of sorts. */
        public String label() {
            return switch (this) {
                case UPDATED -> "recently updated";
                case DOWNLOADS -> "most downloaded";
                case RECENT_DOWNLOADS -> "most downloaded recently";
                default -> text();
            };
        }

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Sort parse(String text) {
            for (Sort sort : values()) {
                if (sort.text().equals(text.toLowerCase(Locale.ROOT))) {
                    return sort;
                }
            }
            return RELEVANCE;
        }
    }

    /**
     * One word of the query.
     *
     * @param word as typed, lower-cased
     * @param stem its stem
     * @param synonyms stems that count as a weaker match
     */
    public record Term(String word, String stem, List<String> synonyms) {
        public Term {
            requireNonNull(word, "word is null");
            requireNonNull(stem, "stem is null");
            synonyms = List.copyOf(synonyms);
        }
    }

    public SearchQuery {
        requireNonNull(text, "text is null");
        terms = List.copyOf(terms);
        requireNonNull(dependsOn, "dependsOn is null");
        requireNonNull(buildTool, "buildTool is null");
        requireNonNull(license, "license is null");
        requireNonNull(sort, "sort is null");
    }

    /** Parses what a person typed; {@code sortParameter} (may be null) wins over a {@code sort:} in the text. */
    public static SearchQuery parse(String query, String sortParameter) {
        String dependsOn = null;
        String buildTool = null;
        String license = null;
        Sort sort = Sort.RELEVANCE;
        List<String> rest = new ArrayList<>();
        for (String token : (query == null ? "" : query).strip().split("\\s+")) {
            String lower = token.toLowerCase(Locale.ROOT);
            if (lower.startsWith("depends:") && lower.length() > 8) {
                dependsOn = lower.substring(8);
            } else if (lower.startsWith("build_tool:") && lower.length() > 11) {
                buildTool = lower.substring(11);
            } else if (lower.startsWith("license:") && lower.length() > 8) {
                license = lower.substring(8);
            } else if (lower.startsWith("sort:") && lower.length() > 5) {
                sort = Sort.parse(lower.substring(5));
            } else if (!token.isEmpty()) {
                rest.add(token);
            }
        }
        if (sortParameter != null && !sortParameter.isBlank()) {
            sort = Sort.parse(sortParameter);
        }
        String text = String.join(" ", rest);
        List<String> words = SearchText.words(text);
        List<String> kept = words.stream().filter(w -> !SearchText.STOPWORDS.contains(w)).toList();
        List<Term> terms = new ArrayList<>();
        for (String word : (kept.isEmpty() ? words : kept)) {
            String stem = SearchText.stem(word);
            if (terms.stream().noneMatch(t -> t.stem().equals(stem))) {
                terms.add(new Term(word, stem, SearchText.SYNONYMS.getOrDefault(stem, List.of())));
            }
        }
        return new SearchQuery(text, terms, Optional.ofNullable(dependsOn), Optional.ofNullable(buildTool),
                Optional.ofNullable(license), sort);
    }

    /** The text as a package name would spell it, for the exact and prefix rules; empty when there is no text. */
    public String nameForm() {
        return SearchText.nameForm(text);
    }

    public boolean isEmpty() {
        return text.isBlank() && dependsOn.isEmpty() && buildTool.isEmpty() && license.isEmpty();
    }
}
