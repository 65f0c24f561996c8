package io.hexmirror.catalog;

import io.hexmirror.downloads.DownloadCounts;
import io.hexmirror.downloads.DownloadSnapshot;
import static io.hexmirror.catalog.Html.escape;

import io.hexmirror.HexMirrorVersion;
import io.hexmirror.registry.RepositoryKeys;
import io.hexmirror.version.Version;
import java.security.PublicKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The HTML of every catalog page. All text from packages is escaped; links from packages are kept only
 * when {@link Html#safeHref safe}; every link inside the mirror is relative, so the pages work from any
 * web server and under any path prefix. The pages load nothing but the mirror's own style sheet (and,
 * on the search page, its own script).
 */
public final class WebPages {
    /** Packages per list page. */
    static final int LIST_PAGE_SIZE = 100;
    /** The list pages sorted by downloads: {@code browse/all/downloads-N.html}, written when there is a snapshot. */
    static final String DOWNLOADS_LIST = "downloads";
    private static final int RECENT = 15;
    /** Dependents listed on a package page; the rest are a search away. */
    private static final int DEPENDENTS_SHOWN = 30;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final String URL_PLACEHOLDER = "http://MIRROR-HOST";

    private WebPages() {
    }

    /**
     * The front page.
     *
     * @param mirrorUrl the URL clients use, when known (the server knows it; a static build may be told it)
     * @param publicKeyPem the mirror's {@code public_key} file, empty when it has none
     */
    public static String frontPage(Catalog catalog, Optional<String> mirrorUrl, String publicKeyPem) {
        return frontPage(catalog, mirrorUrl, publicKeyPem, "");
    }

    /**
     * The front page with a section of trusted HTML (such as the server's sync status) after the search box.
     */
    public static String frontPage(Catalog catalog, Optional<String> mirrorUrl, String publicKeyPem, String trustedHtml) {
        MirrorFacts facts = catalog.facts();
        String root = "";
        StringBuilder body = new StringBuilder(8192);
        body.append("<section class=\"hero\"><h1>Hex packages, mirrored</h1>\n")
                .append(searchForm(root, "", "relevance", SearchQuery.Sort.offered(false)))
                .append("<p class=\"facts\"><strong>").append(facts.packages()).append("</strong> packages, <strong>")
                .append(facts.releases()).append("</strong> releases");
        if (facts.generation() > 0) {
            body.append(" &middot; generation ").append(facts.generation());
            facts.generationAt().ifPresent(t -> body.append(" of ").append(TIME.format(t)));
        }
        facts.upstream().ifPresent(u -> body.append(" &middot; mirrored from <code>").append(escape(u)).append("</code>"));
        body.append("</p>\n<p class=\"muted\">Try <a href=\"browse/search.html?q=http+client\">http client</a>, ")
                .append("<a href=\"browse/search.html?q=csv\">csv</a>, <a href=\"browse/search.html?q=json\">json</a>, ")
                .append("or <a href=\"").append(listHref(root, "name", 1)).append("\">browse all packages</a>.</p></section>\n")
                .append(trustedHtml);

        body.append("<div class=\"columns\"><section><h2>Recently updated</h2>\n<ul class=\"plain recent\">\n");
        catalog.summaries().stream()
                .sorted(Comparator.comparing(PackageSummary::updatedAt).reversed().thenComparing(PackageSummary::name))
                .limit(RECENT)
                .forEach(s -> body.append("<li><a href=\"").append(packageHref(root, s.name())).append("\">").append(escape(s.name()))
                        .append("</a> <span class=\"version\">").append(escape(s.latestVersion())).append("</span> <span class=\"muted\">")
                        .append(DAY.format(s.updatedAt())).append("</span></li>\n"));
        body.append("</ul>\n<p><a href=\"").append(listHref(root, "updated", 1)).append("\">All packages by update &rarr;</a></p></section>\n");

        body.append("<section><h2>Use this mirror</h2>\n");
        String url = escape(mirrorUrl.orElse(URL_PLACEHOLDER));
        if (mirrorUrl.isEmpty()) {
            body.append("<p class=\"muted\">Replace <code>").append(URL_PLACEHOLDER)
                    .append("</code> with this mirror's address.</p>\n");
        }
        body.append("<h3>Mix (Elixir)</h3>\n<pre class=\"copy\">export HEX_MIRROR_URL=").append(url).append("</pre>\n")
                .append("<h3>rebar3 (Erlang)</h3>\n<pre class=\"copy\">export HEX_CDN=").append(url).append("      # rebar3 before 3.20\n")
                .append("export HEX_MIRROR=").append(url).append("   # rebar3 3.20 and later</pre>\n");
        body.append(keyAdvice(url, publicKeyPem));
        body.append("</section></div>\n");
        return page("Hex mirror", root, body.toString(), false);
    }

    private static String keyAdvice(String url, String pem) {
        String text = pem.strip();
        if (text.isEmpty()) {
            return "<p>The registry is hex.pm's, signed with hex.pm's key: clients need nothing more.</p>\n";
        }
        boolean hexpm;
        try {
            PublicKey key = RepositoryKeys.parsePublicKey(text);
            hexpm = Arrays.equals(key.getEncoded(), RepositoryKeys.hexpmPublicKey().getEncoded());
        } catch (IllegalArgumentException e) {
            return "<p class=\"warn\">This mirror's <a href=\"public_key\">public key</a> is not a readable RSA key.</p>\n";
        }
        if (hexpm) {
            return "<p>The registry is signed by hex.pm: clients need nothing more.</p>\n";
        }
        return "<p>This mirror re-signs the registry with its own <a href=\"public_key\">public key</a>; give it to Mix:</p>\n"
                + "<pre class=\"copy\">curl -o hexmirror_key.pem " + url + "/public_key\nmix hex.repo set hexpm --url " + url
                + " --public-key hexmirror_key.pem</pre>\n"
                + "<p>and to rebar3 in <code>~/.config/rebar3/rebar.config</code>:</p>\n"
                + "<pre class=\"copy\">{hex, [{repos, [#{name =&gt; &lt;&lt;\"hexpm\"&gt;&gt;,\n"
                + "                  repo_public_key =&gt; &lt;&lt;\"" + escape(text) + "\"&gt;&gt;}]}]}.</pre>\n";
    }

    /** A package's page. */
    public static String packagePage(Catalog catalog, CatalogPackage pkg) {
        String root = "../../";
        String name = escape(pkg.name());
        Optional<CatalogRelease> latest = pkg.latest();
        ReleaseMeta meta = pkg.meta();
        StringBuilder body = new StringBuilder(16384);
        body.append("<div class=\"package\"><div class=\"main\">\n<h1>").append(name);
        latest.ifPresent(r -> body.append(" <span class=\"version\">").append(escape(r.version())).append("</span>"));
        if (pkg.allRetired()) {
            body.append(" <span class=\"badge retired\">retired</span>");
        }
        body.append("</h1>\n");
        if (!meta.description().isEmpty()) {
            body.append("<p class=\"description\">").append(escape(meta.description())).append("</p>\n");
        } else if (latest.isPresent() && !latest.get().tarballMirrored()) {
            body.append("<p class=\"muted\">This mirror does not hold the tarball of ").append(name).append(" ")
                    .append(escape(latest.get().version())).append(", so its description is not known here.</p>\n");
        }
        latest.ifPresent(r -> {
            r.retirement().ifPresent(ret -> body.append("<p class=\"warn\">").append(escape(r.version())).append(" is retired (")
                    .append(escape(ret.reasonLabel())).append(")").append(ret.message().isEmpty() ? "" : ": " + escape(ret.message()))
                    .append("</p>\n"));
            String requirement = requirementFor(r.version());
            body.append("<h2>Install</h2>\n<p class=\"label\">mix.exs</p><pre class=\"copy\">{:").append(name).append(", \"")
                    .append(escape(requirement)).append("\"}</pre>\n")
                    .append("<p class=\"label\">rebar.config</p><pre class=\"copy\">{").append(name).append(", \"")
                    .append(escape(requirement)).append("\"}</pre>\n");
            if (r.docsMirrored()) {
                body.append("<p><a class=\"button\" href=\"").append(root).append("hexdocs/").append(name).append("/")
                        .append(escape(r.version())).append("/index.html\">Documentation for ").append(escape(r.version()))
                        .append("</a></p>\n");
            }
        });
        advisories(body, pkg);
        if (pkg.readme().isPresent()) {
            body.append("<h2>README</h2>\n<div class=\"readme\">\n").append(Markdown.render(pkg.readme().get())).append("</div>\n");
        }
        versions(body, pkg, root);
        body.append("</div>\n<aside>\n");
        dependencies(body, catalog, latest);
        dependents(body, catalog, pkg.name());
        downloads(body, catalog, pkg.name());
        facts(body, meta, latest);
        body.append("</aside></div>\n");
        return page(pkg.name() + (meta.description().isEmpty() ? "" : " - " + shorten(meta.description(), 80)), root, body.toString(), false);
    }

    private static void advisories(StringBuilder body, CatalogPackage pkg) {
        if (pkg.advisories().isEmpty()) {
            return;
        }
        body.append("<h2>Security advisories</h2>\n<ul class=\"advisories\">\n");
        for (int i = 0; i < pkg.advisories().size(); i++) {
            Advisory a = pkg.advisories().get(i);
            int index = i;
            String affected = pkg.releases().stream().filter(r -> r.advisoryIndexes().contains(index)).map(CatalogRelease::version)
                    .collect(Collectors.joining(", "));
            body.append("<li><span class=\"badge advisory\">").append(escape(a.severity())).append("</span> ");
            Optional<String> href = Html.safeHref(a.url()).filter(Html::isExternal);
            if (href.isPresent()) {
                body.append("<a rel=\"nofollow noopener noreferrer\" href=\"").append(escape(href.get())).append("\">")
                        .append(escape(a.id().isEmpty() ? "advisory" : a.id())).append("</a>");
            } else {
                body.append(escape(a.id()));
            }
            body.append(": ").append(escape(a.summary()));
            if (!affected.isEmpty()) {
                body.append(" <span class=\"muted\">(").append(escape(affected)).append(")</span>");
            }
            body.append("</li>\n");
        }
        body.append("</ul>\n");
    }

    private static void versions(StringBuilder body, CatalogPackage pkg, String root) {
        body.append("<h2>Versions</h2>\n<table class=\"versions\"><thead><tr><th>Version</th><th>Published</th><th>Notes</th></tr></thead><tbody>\n");
        for (CatalogRelease r : pkg.releasesNewestFirst()) {
            body.append("<tr id=\"v").append(escape(r.version())).append("\"><td>").append(escape(r.version())).append("</td><td>")
                    .append(r.publishedAt().map(DAY::format).orElse("")).append("</td><td>");
            r.retirement().ifPresent(ret -> body.append("<span class=\"badge retired\" title=\"").append(escape(ret.message()))
                    .append("\">retired: ").append(escape(ret.reason())).append("</span> ")
                    .append(ret.message().isEmpty() ? "" : "<span class=\"muted\">" + escape(shorten(ret.message(), 120)) + "</span> "));
            if (!r.advisoryIndexes().isEmpty()) {
                body.append("<span class=\"badge advisory\">advisory</span> ");
            }
            if (!r.tarballMirrored()) {
                body.append("<span class=\"badge absent\">not mirrored</span> ");
            }
            if (r.docsMirrored()) {
                body.append("<a href=\"").append(root).append("hexdocs/").append(escape(pkg.name())).append("/").append(escape(r.version()))
                        .append("/index.html\">docs</a>");
            }
            body.append("</td></tr>\n");
        }
        body.append("</tbody></table>\n");
    }

    private static void dependencies(StringBuilder body, Catalog catalog, Optional<CatalogRelease> latest) {
        body.append("<h2>Dependencies</h2>\n");
        List<Dependency> deps = latest.map(CatalogRelease::dependencies).orElse(List.of());
        if (deps.isEmpty()) {
            body.append("<p class=\"muted\">None.</p>\n");
            return;
        }
        body.append("<ul class=\"plain deps\">\n");
        for (Dependency d : deps) {
            body.append("<li>");
            boolean local = d.repository().isEmpty() && catalog.contains(d.name());
            if (local) {
                body.append("<a href=\"").append(escape(d.name())).append(".html\">").append(escape(d.name())).append("</a>");
            } else {
                body.append(escape(d.name()));
            }
            body.append(" <code>").append(escape(d.requirement())).append("</code>");
            if (d.optional()) {
                body.append(" <span class=\"badge\">optional</span>");
            }
            d.repository().ifPresent(repo -> body.append(" <span class=\"muted\">from ").append(escape(repo)).append("</span>"));
            if (!local && d.repository().isEmpty()) {
                body.append(" <span class=\"badge absent\">not mirrored</span>");
            }
            body.append("</li>\n");
        }
        body.append("</ul>\n");
    }

    private static void dependents(StringBuilder body, Catalog catalog, String name) {
        List<String> dependents = catalog.dependents(name);
        body.append("<h2>Dependents <span class=\"muted\">").append(dependents.size()).append("</span></h2>\n");
        if (dependents.isEmpty()) {
            body.append("<p class=\"muted\">No mirrored package depends on it.</p>\n");
            return;
        }
        body.append("<p class=\"dependents\">");
        int shown = 0;
        for (String dependent : dependents) {
            if (shown++ == DEPENDENTS_SHOWN) {
                body.append(" <a href=\"../search.html?q=depends%3A").append(escape(name)).append("\">and ")
                        .append(dependents.size() - DEPENDENTS_SHOWN).append(" more</a>");
                break;
            }
            body.append("<a href=\"").append(escape(dependent)).append(".html\">").append(escape(dependent)).append("</a> ");
        }
        body.append("</p>\n");
    }

    /**
     * The package's download counts with the date of the snapshot; nothing at all when the mirror has no
     * snapshot or the snapshot does not know the package, rather than zeros that would mislead.
     */
    private static void downloads(StringBuilder body, Catalog catalog, String name) {
        Optional<DownloadSnapshot> snapshot = catalog.downloads();
        Optional<DownloadCounts> counts = snapshot.flatMap(d -> d.counts(name));
        if (counts.isEmpty()) {
            return;
        }
        DownloadCounts c = counts.get();
        body.append("<h2>Downloads</h2>\n<dl class=\"downloads\">\n");
        definition(body, "All time", count(c.all()));
        definition(body, "Last 90 days", count(c.recent()));
        definition(body, "Last 7 days", count(c.week()));
        definition(body, "Last day", count(c.day()));
        body.append("</dl>\n<p class=\"muted\">downloads as of ").append(DAY.format(snapshot.get().fetchedAt())).append("</p>\n");
    }

    /** A count with thousands separated: 1,234,567. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static void facts(StringBuilder body, ReleaseMeta meta, Optional<CatalogRelease> latest) {
        if (!meta.links().isEmpty()) {
            body.append("<h2>Links</h2>\n<ul class=\"plain\">\n");
            for (Map.Entry<String, String> link : meta.links().entrySet()) {
                Optional<String> href = Html.safeHref(link.getValue()).filter(Html::isExternal);
                body.append("<li>");
                if (href.isPresent()) {
                    body.append("<a rel=\"nofollow noopener noreferrer\" href=\"").append(escape(href.get())).append("\">")
                            .append(escape(link.getKey())).append("</a>");
                } else {
                    // Only web links are shown: anything else (javascript:, data:, ...) is left out entirely.
                    body.append(escape(link.getKey())).append(" <span class=\"muted\">(link left out: not a web address)</span>");
                }
                body.append("</li>\n");
            }
            body.append("</ul>\n");
        }
        body.append("<dl>\n");
        definition(body, "Licenses", String.join(", ", meta.licenses()));
        definition(body, "Build tools", String.join(", ", meta.buildTools()));
        definition(body, "Elixir", meta.elixirRequirement().orElse(""));
        definition(body, "Application", meta.app());
        definition(body, "Maintainers", String.join(", ", meta.maintainers()));
        latest.ifPresent(r -> {
            if (!r.outerChecksum().isEmpty()) {
                body.append("<dt>Checksum of ").append(escape(r.version())).append("</dt><dd><code class=\"checksum\">")
                        .append(escape(r.outerChecksum())).append("</code></dd>\n");
            }
        });
        body.append("</dl>\n");
    }

    private static void definition(StringBuilder body, String term, String value) {
        if (!value.isEmpty()) {
            body.append("<dt>").append(term).append("</dt><dd>").append(escape(value)).append("</dd>\n");
        }
    }

    /** One page of the list of all packages. */
    static String listPage(Catalog catalog, List<PackageSummary> sorted, String sort, int page, int pages) {
        String root = "../../";
        StringBuilder body = new StringBuilder(16384);
        body.append("<h1>All packages <span class=\"muted\">").append(sorted.size()).append("</span></h1>\n<p class=\"sorts\">Sort: ");
        body.append("name".equals(sort) ? "<strong>name</strong>" : "<a href=\"name-1.html\">name</a>").append(" &middot; ")
                .append("updated".equals(sort) ? "<strong>recently updated</strong>" : "<a href=\"updated-1.html\">recently updated</a>");
        Optional<DownloadSnapshot> downloads = catalog.downloads();
        if (downloads.isPresent()) {
            body.append(" &middot; ").append(DOWNLOADS_LIST.equals(sort) ? "<strong>most downloaded</strong>"
                    : "<a href=\"" + DOWNLOADS_LIST + "-1.html\">most downloaded</a>");
        }
        body.append("</p>\n");
        if (DOWNLOADS_LIST.equals(sort) && downloads.isPresent()) {
            body.append("<p class=\"muted\">downloads as of ").append(DAY.format(downloads.get().fetchedAt())).append("</p>\n");
        }
        body.append("<ol class=\"results\" start=\"").append((page - 1) * LIST_PAGE_SIZE + 1).append("\">\n");
        int from = (page - 1) * LIST_PAGE_SIZE;
        for (PackageSummary s : sorted.subList(Math.min(from, sorted.size()), Math.min(from + LIST_PAGE_SIZE, sorted.size()))) {
            resultItem(body, "../packages/", s, DOWNLOADS_LIST.equals(sort) ? downloads : Optional.empty());
        }
        body.append("</ol>\n");
        pager(body, sort, page, pages);
        return page("All packages (" + sort + ", page " + page + ")", root, body.toString(), false);
    }

    private static void pager(StringBuilder body, String sort, int page, int pages) {
        if (pages <= 1) {
            return;
        }
        body.append("<nav class=\"pager\">");
        if (page > 1) {
            body.append("<a href=\"").append(sort).append("-").append(page - 1).append(".html\">&larr; previous</a> ");
        }
        body.append("<span>page ").append(page).append(" of ").append(pages).append("</span>");
        if (page < pages) {
            body.append(" <a href=\"").append(sort).append("-").append(page + 1).append(".html\">next &rarr;</a>");
        }
        body.append("</nav>\n");
    }

    /**
     * One result line; {@code packagesPath} leads from the page to the package pages. With a snapshot of
     * download counts, the line shows the package's (a package the snapshot does not know shows none).
     */
    static void resultItem(StringBuilder body, String packagesPath, PackageSummary s, Optional<DownloadSnapshot> downloads) {
        body.append("<li><a class=\"name\" href=\"").append(packagesPath).append(escape(s.name())).append(".html\">")
                .append(escape(s.name())).append("</a> <span class=\"version\">").append(escape(s.latestVersion())).append("</span>");
        if (s.retired()) {
            body.append(" <span class=\"badge retired\">retired</span>");
        }
        body.append(" <span class=\"muted\">").append(DAY.format(s.updatedAt())).append("</span>");
        downloads.flatMap(d -> d.counts(s.name())).ifPresent(c -> body.append(" <span class=\"downloads\">")
                .append(count(c.all())).append(" downloads</span>"));
        if (!s.description().isEmpty()) {
            body.append("<br><span class=\"description\">").append(escape(s.description())).append("</span>");
        }
        body.append("</li>\n");
    }

    /** The search page as written to storage: its script searches the static index. */
    static String staticSearchPage() {
        String body = "<h1>Search</h1>\n" + searchForm("../", "", "relevance", SearchQuery.Sort.offered(false))
                + "<p id=\"status\" class=\"muted\" aria-live=\"polite\">"
                + "<noscript>Searching a mirror served as plain files needs JavaScript. Without it, use "
                + "<a href=\"all/name-1.html\">the list of all packages</a>, or a mirror served by "
                + "<code>hexmirror serve</code>, which searches on the server.</noscript></p>\n"
                + "<ol id=\"results\" class=\"results\"></ol>\n"
                + "<script src=\"search.js\"></script>\n";
        return page("Search", "../", body, true);
    }

    /**
     * The search page with the results found on the server: works without JavaScript. With a snapshot of
     * download counts it offers the download sorts, and shows the counts when sorted by them.
     */
    public static String serverSearchPage(SearchQuery query, String rawQuery, List<PackageSummary> results, int total,
            Optional<DownloadSnapshot> downloads) {
        StringBuilder body = new StringBuilder(16384);
        body.append("<h1>Search</h1>\n").append(searchForm("../", rawQuery, query.sort().text(),
                SearchQuery.Sort.offered(downloads.isPresent())));
        boolean byDownloads = query.sort() == SearchQuery.Sort.DOWNLOADS || query.sort() == SearchQuery.Sort.RECENT_DOWNLOADS;
        body.append("<p id=\"status\" class=\"muted\">");
        if (query.isEmpty()) {
            body.append("Type a name or what you need, such as <em>csv parser</em>.");
        } else {
            body.append(total).append(total == 1 ? " package" : " packages").append(" found")
                    .append(total > results.size() ? ", the first " + results.size() + " shown" : "").append('.');
            if (byDownloads && downloads.isPresent()) {
                body.append(" Sorted by downloads as of ").append(DAY.format(downloads.get().fetchedAt())).append('.');
            }
        }
        body.append("</p>\n<ol id=\"results\" class=\"results\">\n");
        for (PackageSummary s : results) {
            resultItem(body, "packages/", s, byDownloads ? downloads : Optional.empty());
        }
        body.append("</ol>\n");
        return page("Search: " + rawQuery, "../", body.toString(), false);
    }

    private static String searchForm(String root, String query, String sort, List<SearchQuery.Sort> sorts) {
        StringBuilder form = new StringBuilder();
        form.append("<form class=\"search\" action=\"").append(root).append("browse/search.html\" method=\"get\" role=\"search\">")
                .append("<input type=\"search\" name=\"q\" value=\"").append(escape(query))
                .append("\" placeholder=\"Search packages: name, or what you need (csv parser, http client)\" aria-label=\"Search packages\">");
        form.append("<select name=\"sort\" aria-label=\"Sort\">");
        for (SearchQuery.Sort s : sorts) {
            form.append("<option value=\"").append(s.text()).append("\"").append(s.text().equals(sort) ? " selected" : "").append(">")
                    .append(s.label()).append("</option>");
        }
        form.append("</select>");
        form.append("<button type=\"submit\">Search</button></form>\n")
                .append("<p class=\"hint muted\">Filters: <code>depends:jason</code> <code>build_tool:rebar3</code> <code>license:mit</code></p>\n");
        return form.toString();
    }

    private static String page(String title, String root, String body, boolean searchPage) {
        StringBuilder html = new StringBuilder(body.length() + 2048);
        html.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<link rel=\"stylesheet\" href=\"").append(root).append("browse/style.css\">\n")
                .append("</head>\n<body>\n<header><nav><a class=\"home\" href=\"").append(root.isEmpty() ? "./" : root)
                .append("\">Hex mirror</a> <a href=\"").append(listHref(root, "name", 1)).append("\">All packages</a> ")
                .append("<a href=\"").append(root).append("browse/search.html\">Search</a></nav></header>\n<main>\n")
                .append(body)
                .append("</main>\n<footer>Served from this mirror by hexmirror ").append(escape(HexMirrorVersion.get()))
                .append(". Package texts are their publishers'.</footer>\n</body>\n</html>\n");
        return html.toString();
    }

    private static String packageHref(String root, String name) {
        return root + "browse/packages/" + escape(name) + ".html";
    }

    private static String listHref(String root, String sort, int page) {
        return root + "browse/all/" + sort + "-" + page + ".html";
    }

    /** The requirement a project should write for the version: {@code ~> 2.0} for 2.0.1, {@code ~> 0.4.2} for 0.4.2. */
    static String requirementFor(String version) {
        Optional<Version> parsed = Version.tryParse(version);
        if (parsed.isEmpty() || parsed.get().isPreRelease()) {
            return version;
        }
        Version v = parsed.get();
        return v.major() > 0 ? "~> " + v.major() + "." + v.minor() : "~> " + version;
    }

    static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }

    static String day(Instant instant) {
        return DAY.format(instant);
    }
}
