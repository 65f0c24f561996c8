package io.hexmirror.server;

import static java.util.Objects.requireNonNull;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.hexmirror.catalog.CatalogPackage;
import io.hexmirror.catalog.CatalogRelease;
import io.hexmirror.catalog.CatalogSearch;
import io.hexmirror.catalog.SearchQuery;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.storage.Storage;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The read-only Hex HTTP API under {@code /api}: what {@code mix hex.info}, {@code mix hex.package search},
 * {@code mix hex.docs fetch NAME} and {@code rebar3 pkgs} ask for, answered from the catalog the web pages
 * use (the same search, the same index). See {@code docs/hex-api.md}.
 *
 * <ul>
 *   <li>{@code GET /api/packages?search=Q&sort=S&page=N}: up to 100 packages a page ({@code per_page} may
 *       ask for fewer), found by the web search's rules;</li>
 *   <li>{@code GET /api/packages/NAME}, {@code GET /api/packages/NAME/releases/VERSION};</li>
 *   <li>{@code GET /api/packages/NAME/releases/VERSION/docs}: 302 to the mirrored docs tarball;</li>
 *   <li>the same under {@code /api/repos/REPOSITORY/} for the mirror's repository.</li>
 * </ul>
 * Bodies are Erlang terms for clients that accept {@code application/vnd.hex+erlang} and JSON otherwise.
 * Whatever would write (any method but GET and HEAD) gets 405; accounts, keys and owners, which exist
 * only on hex.pm, get 404; so does any other path, always with a one-line reason. Thread-safe.
 */
final class HexApi {
    static final String ERLANG_TYPE = "application/vnd.hex+erlang";
    static final String JSON_TYPE = "application/json";
    static final int PER_PAGE = 100;
    /** The most search text looked at, as in the web search: enough for any real query, bounded for any other. */
    static final int MAX_QUERY_CHARS = 500;
    private static final long MAX_PAGE = 1_000_000;
    private static final Set<String> ACCOUNT_PATHS = Set.of("users", "orgs", "keys", "auth", "oauth", "short_url", "publish");
    private static final Gson JSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    /** What to send back: a status, a document (or null for none) and, for a redirect, where to. */
    record Answer(int status, Object body, Optional<String> location) {
        static Answer ok(Object body) {
            return new Answer(200, body, Optional.empty());
        }

        static Answer error(int status, String message) {
            return new Answer(status, HexApiDocuments.error(status, message), Optional.empty());
        }
    }

    /** A body in the format the client asked for. */
    record Encoded(String contentType, byte[] bytes) {
    }

    private final WebCatalog web;
    private final Storage storage;

    HexApi(WebCatalog web, Storage storage) {
        this.web = requireNonNull(web, "web is null");
        this.storage = requireNonNull(storage, "storage is null");
    }

    /**
     * Answers one request.
     *
     * @param method the HTTP method
     * @param path the path after {@code /api}, still percent-encoded, without a leading slash
     * @param parameter the query parameters, by name (returns null when absent)
     * @param base this mirror's root URL, without a trailing slash
     */
    Answer answer(String method, String path, Function<String, String> parameter, String base) throws IOException {
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return Answer.error(405, "this mirror's Hex API is read-only: publishing, retiring, owners and keys are"
                    + " managed on hex.pm, not here");
        }
        List<String> segments = new ArrayList<>();
        for (String raw : path.split("/")) {
            if (raw.isEmpty()) {
                continue;
            }
            try {
                // '+' is itself in a path (versions may carry build metadata).
                segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return Answer.error(400, "'/api/" + shorten(path) + "' has malformed percent-encoding");
            }
        }
        Optional<String> repository = Optional.empty();
        if (segments.size() >= 2 && segments.get(0).equals("repos")) {
            repository = Optional.of(segments.get(1));
            segments = segments.subList(2, segments.size());
        }
        if (segments.isEmpty()) {
            return Answer.ok(new HexApiDocuments(base, Optional.empty()).index());
        }
        String first = segments.get(0);
        if (ACCOUNT_PATHS.contains(first)) {
            return Answer.error(404, "'/api/" + shorten(path) + "': users, organizations and keys exist only on hex.pm;"
                    + " this mirror's API is read-only");
        }
        if (!first.equals("packages") || segments.size() == 3 || segments.size() > 5
                || (segments.size() >= 4 && !segments.get(2).equals("releases"))
                || (segments.size() == 5 && !segments.get(4).equals("docs"))) {
            if (first.equals("packages") && segments.size() >= 3 && Set.of("owners", "audit-logs").contains(segments.get(2))) {
                return Answer.error(404, "package owners and audit logs exist only on hex.pm; this mirror does not have them");
            }
            return Answer.error(404, "no API endpoint '/api/" + shorten(path) + "' in this mirror (it answers GET /api/packages,"
                    + " /api/packages/NAME, /api/packages/NAME/releases/VERSION and .../docs)");
        }
        Optional<WebCatalog.Snapshot> snapshot = web.snapshot();
        if (snapshot.isEmpty()) {
            return Answer.error(503, "this mirror has no package catalog yet (run `hexmirror catalog rebuild`)");
        }
        HexApiDocuments documents = new HexApiDocuments(base, snapshot.get().catalog().downloads());
        if (segments.size() == 1) {
            return search(snapshot.get(), documents, parameter);
        }
        String name = segments.get(1);
        Optional<CatalogPackage> pkg = RegistryPaths.isValidName(name) ? snapshot.get().catalog().get(name) : Optional.empty();
        if (pkg.isEmpty() || repository.filter(r -> !r.equals(pkg.get().repository())).isPresent()) {
            return Answer.error(404, "no package '" + shorten(name) + "' in this mirror"
                    + repository.map(r -> "'s repository '" + shorten(r) + "'").orElse(""));
        }
        if (segments.size() == 2) {
            return Answer.ok(documents.pkg(pkg.get()));
        }
        String version = segments.get(3);
        Optional<CatalogRelease> release = pkg.get().release(version);
        if (release.isEmpty()) {
            return Answer.error(404, "no release " + name + " " + shorten(version) + " in this mirror");
        }
        if (segments.size() == 4) {
            return Answer.ok(documents.release(pkg.get(), release.get()));
        }
        if (!RegistryPaths.isValidVersion(version)
                || storage.stat(HexApiDocuments.docsTarballKey(name, version)).isEmpty()) {
            return Answer.error(404, "this mirror has no docs for " + name + " " + version);
        }
        return new Answer(302, null, Optional.of(documents.docsTarballUrl(name, version)));
    }

    /** The body for a client that sent this {@code Accept} header (may be null). */
    static Encoded encode(Object body, String accept) {
        if (accept != null && accept.toLowerCase(Locale.ROOT).contains(ERLANG_TYPE)) {
            return new Encoded(ERLANG_TYPE, ExternalTermFormat.encode(body));
        }
        return new Encoded(JSON_TYPE + "; charset=utf-8", (JSON.toJson(body) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private Answer search(WebCatalog.Snapshot snapshot, HexApiDocuments documents, Function<String, String> parameter)
            throws IOException {
        String text = Optional.ofNullable(parameter.apply("search")).orElse("");
        if (text.length() > MAX_QUERY_CHARS) {
            text = text.substring(0, MAX_QUERY_CHARS);
        }
        long page = Math.min(MAX_PAGE, Math.max(1, number(parameter.apply("page")).orElse(1L)));
        int perPage = (int) Math.min(PER_PAGE, Math.max(1, number(parameter.apply("per_page")).orElse((long) PER_PAGE)));
        SearchQuery query = SearchQuery.parse(hexFilters(text), sort(parameter.apply("sort"), text.isBlank()));
        long skip = (page - 1) * perPage;
        CatalogSearch.Result result = snapshot.search().search(query, (int) Math.min(Integer.MAX_VALUE, skip + perPage));
        List<Object> items = new ArrayList<>();
        for (var summary : result.packages().stream().skip(skip).toList()) {
            // A package removed since the index was read is simply left out.
            snapshot.catalog().get(summary.name()).ifPresent(p -> items.add(documents.pkg(p)));
        }
        return Answer.ok(items);
    }

    /**
     * hex.pm's sort names as the web search's: {@code name} and {@code updated_at} are the same orders;
     * {@code downloads} (which Mix asks for) and {@code total_downloads} sort by all downloads,
     * {@code recent_downloads} by those of the last 90 days, most first, from the mirror's snapshot of
     * download counts; without a snapshot they are the web's relevance, which ranks packages that more
     * mirrored packages depend on higher. {@code inserted_at} is relevance too. Without a sort, a search
     * is by relevance and a plain listing by name, as on hex.pm.
     */
    static String sort(String hexSort, boolean listing) {
        if (hexSort == null || hexSort.isBlank()) {
            return listing ? "name" : "relevance";
        }
        return switch (hexSort.toLowerCase(Locale.ROOT)) {
            case "name" -> "name";
            case "updated_at" -> "updated";
            case "downloads", "total_downloads" -> SearchQuery.Sort.DOWNLOADS.text();
            case "recent_downloads" -> SearchQuery.Sort.RECENT_DOWNLOADS.text();
            default -> "relevance";
        };
    }

    /**
     * hex.pm's {@code name:TEXT} and {@code description:TEXT} filters (ExDoc's quick switch sends
     * {@code name:plug*}) become plain text, which the web search matches against names and descriptions
     * alike; {@code depends:} and {@code build_tool:} mean the same in both.
     */
    static String hexFilters(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (String token : text.strip().split("\\s+")) {
            String lower = token.toLowerCase(Locale.ROOT);
            String plain = token;
            boolean filter = lower.startsWith("name:") || lower.startsWith("description:");
            if (filter) {
                plain = token.substring(token.indexOf(':') + 1);
            }
            if (filter && plain.endsWith("*")) {
                plain = plain.substring(0, plain.length() - 1);
            }
            if (!plain.isEmpty()) {
                out.append(out.length() == 0 ? "" : " ").append(plain);
            }
        }
        return out.toString();
    }

    private static Optional<Long> number(String text) {
        if (text == null || text.isBlank() || text.length() > 18) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Echoed text is cut, so an error message stays one short line whatever was asked for. */
    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() <= 100 ? oneLine : oneLine.substring(0, 100) + "…";
    }
}
