package io.hexmirror.server;

import static java.util.Objects.requireNonNull;

import io.hexmirror.catalog.CatalogLayout;
import io.hexmirror.catalog.CatalogPackage;
import io.hexmirror.catalog.CatalogRelease;
import io.hexmirror.catalog.Dependency;
import io.hexmirror.catalog.ReleaseMeta;
import io.hexmirror.downloads.DownloadCounts;
import io.hexmirror.downloads.DownloadSnapshot;
import io.hexmirror.version.Version;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The documents the read-only Hex API answers with, built from the catalog, in the shapes hex.pm's API
 * uses (field names and nesting, {@code null} where hex.pm has {@code nil}). Values are plain Java
 * (maps with string keys, lists, strings, numbers, booleans, null) so that one document can be written
 * as JSON or as an Erlang term.
 *
 * <p>A package's {@code downloads} are {@code all}, {@code recent}, {@code week} and {@code day} from the
 * mirror's snapshot of download counts; without a snapshot, or for a package the snapshot does not know, an
 * empty map, as hex.pm answers for a package nobody downloaded (Mix then prints no download line;
 * {@code rebar3 hex search} lists such packages after the others). With a snapshot, {@code downloads_as_of}, a
 * field of this mirror's own, says when it was taken. What only hex.pm knows is left out or
 * empty, as hex.pm's own shapes allow: a release's {@code downloads} and {@code publisher} are {@code null},
 * and there are no owners.
 * {@code has_docs} says whether this mirror holds browsable docs for the release. URLs point at this mirror.
 */
final class HexApiDocuments {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Pattern ELIXIR_ATOM = Pattern.compile("[a-zA-Z_][a-zA-Z_0-9]*");
    private static final Pattern ERLANG_ATOM = Pattern.compile("[a-z][a-zA-Z_0-9]*");
    private static final Comparator<CatalogRelease> BY_VERSION = Comparator.comparing(
            (CatalogRelease r) -> Version.tryParse(r.version()).orElse(null), Comparator.nullsFirst(Version::comparePrecedence));

    /** This mirror's URLs: {@code base} is the mirror's root URL without a trailing slash. */
    private final String base;
    private final Optional<DownloadSnapshot> downloads;

    HexApiDocuments(String base, Optional<DownloadSnapshot> downloads) {
        this.base = requireNonNull(base, "base is null");
        this.downloads = requireNonNull(downloads, "downloads is null");
    }

    /** {@code GET /api/packages/NAME}, and each item of a search. */
    Map<String, Object> pkg(CatalogPackage pkg) {
        List<CatalogRelease> newestFirst = pkg.releasesNewestFirst();
        Optional<CatalogRelease> latest = pkg.releases().stream().max(BY_VERSION);
        Optional<CatalogRelease> latestStable = pkg.releases().stream().filter(r -> !isPreRelease(r)).max(BY_VERSION);
        Optional<CatalogRelease> configRelease = latestStable.or(() -> latest);
        ReleaseMeta meta = pkg.meta();

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("repository", pkg.repository());
        doc.put("name", pkg.name());
        doc.put("inserted_at", pkg.releases().stream().flatMap(r -> r.publishedAt().stream()).min(Instant::compareTo)
                .map(HexApiDocuments::time).orElse(null));
        doc.put("updated_at", time(pkg.updatedAt()));
        doc.put("url", packageUrl(pkg.name()));
        doc.put("html_url", pageUrl(pkg.name()));
        doc.put("docs_html_url", pkg.releases().stream().anyMatch(CatalogRelease::docsMirrored)
                ? base + "/" + CatalogLayout.HEXDOCS_PREFIX + pkg.name() + "/" : null);
        doc.put("latest_version", latest.map(CatalogRelease::version).orElse(null));
        doc.put("latest_stable_version", latestStable.map(CatalogRelease::version).orElse(null));
        doc.put("configs", configRelease.map(r -> configs(pkg.name(), r)).orElse(Map.of()));
        Map<String, Object> metaDoc = new LinkedHashMap<>();
        metaDoc.put("description", meta.description());
        metaDoc.put("licenses", meta.licenses());
        metaDoc.put("links", meta.links());
        metaDoc.put("maintainers", meta.maintainers());
        doc.put("meta", metaDoc);
        doc.put("releases", newestFirst.stream().map(r -> releaseSummary(pkg.name(), r)).toList());
        Map<String, Object> retirements = new LinkedHashMap<>();
        for (CatalogRelease release : newestFirst) {
            release.retirement().ifPresent(r -> retirements.put(release.version(), retirement(r)));
        }
        doc.put("retirements", retirements);
        doc.put("downloads", downloads.flatMap(d -> d.counts(pkg.name())).map(HexApiDocuments::downloads).orElse(Map.of()));
        // Not a field of hex.pm's, whose counts are live: the date the mirror's counts are as of. Clients ignore keys they do not know.
        downloads.ifPresent(snapshot -> doc.put("downloads_as_of", time(snapshot.fetchedAt())));
        return doc;
    }

    private static Map<String, Object> downloads(DownloadCounts counts) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("all", counts.all());
        doc.put("recent", counts.recent());
        doc.put("week", counts.week());
        doc.put("day", counts.day());
        return doc;
    }

    /** {@code GET /api/packages/NAME/releases/VERSION}. */
    Map<String, Object> release(CatalogPackage pkg, CatalogRelease release) {
        ReleaseMeta meta = release.meta().orElseGet(ReleaseMeta::unknown);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", release.version());
        doc.put("checksum", release.outerChecksum().isEmpty() ? null : release.outerChecksum());
        doc.put("has_docs", release.docsMirrored());
        String published = release.publishedAt().map(HexApiDocuments::time).orElse(null);
        doc.put("inserted_at", published);
        doc.put("updated_at", published);
        doc.put("retirement", release.retirement().map(HexApiDocuments::retirement).orElse(null));
        doc.put("package_url", packageUrl(pkg.name()));
        doc.put("url", releaseUrl(pkg.name(), release.version()));
        doc.put("html_url", pageUrl(pkg.name()) + "#v" + release.version());
        doc.put("docs_html_url", release.docsMirrored()
                ? base + "/" + CatalogLayout.HEXDOCS_PREFIX + pkg.name() + "/" + release.version() + "/" : null);
        Map<String, Object> requirements = new LinkedHashMap<>();
        for (Dependency dependency : release.dependencies()) {
            Map<String, Object> requirement = new LinkedHashMap<>();
            requirement.put("app", dependency.app());
            requirement.put("requirement", dependency.requirement());
            requirement.put("optional", dependency.optional());
            requirements.put(dependency.name(), requirement);
        }
        doc.put("requirements", requirements);
        doc.put("configs", configs(pkg.name(), release));
        Map<String, Object> metaDoc = new LinkedHashMap<>();
        metaDoc.put("app", meta.app().isEmpty() ? null : meta.app());
        metaDoc.put("build_tools", meta.buildTools().stream().distinct().toList());
        metaDoc.put("elixir", meta.elixirRequirement().orElse(null));
        doc.put("meta", metaDoc);
        doc.put("downloads", null);
        doc.put("publisher", null);
        return doc;
    }

    /** {@code GET /api}: where the rest is. */
    Map<String, Object> index() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("packages_url", base + "/api/packages");
        doc.put("package_url", base + "/api/packages/{name}");
        doc.put("package_release_url", base + "/api/packages/{name}/releases/{version}");
        doc.put("package_owners_url", null);
        doc.put("documentation_url", base + "/");
        return doc;
    }

    /** An error body, as hex.pm writes one: {@code status} and a one-line {@code message}. */
    static Map<String, Object> error(int status, String message) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", status);
        doc.put("message", message);
        return doc;
    }

    String docsTarballUrl(String name, String version) {
        return base + "/" + docsTarballKey(name, version);
    }

    /** Where a Hex repository (and so this mirror) keeps a release's docs tarball. */
    static String docsTarballKey(String name, String version) {
        return "docs/" + name + "-" + version + ".tar.gz";
    }

    /**
     * The dependency snippets hex.pm shows for a release: Mix's {@code {:name, "~> 1.2"}}, rebar3's
     * {@code {name, "1.2.3"}} and erlang.mk's {@code dep_name = hex 1.2.3}, naming the application
     * when it differs from the package.
     */
    static Map<String, Object> configs(String name, CatalogRelease release) {
        String app = release.meta().map(ReleaseMeta::app).filter(a -> !a.isEmpty()).orElse(name);
        Optional<Version> parsed = Version.tryParse(release.version());
        String exact = parsed.map(HexApiDocuments::withoutBuild).orElse(release.version());
        String mixVersion = parsed.map(v -> v.isPreRelease() ? "~> " + exact
                : v.major() == 0 ? "~> 0." + v.minor() + "." + v.patch() : "~> " + v.major() + "." + v.minor())
                .orElse(release.version());
        Map<String, Object> configs = new LinkedHashMap<>();
        configs.put("mix.exs", app.equals(name) ? "{:" + name + ", \"" + mixVersion + "\"}"
                : "{" + mixAtom(app) + ", \"" + mixVersion + "\", hex: :" + name + "}");
        configs.put("rebar.config", app.equals(name) ? "{" + name + ", \"" + exact + "\"}"
                : "{" + erlangAtom(app) + ", \"" + exact + "\", {pkg, " + name + "}}");
        configs.put("erlang.mk", "dep_" + name + " = hex " + exact);
        return configs;
    }

    private Map<String, Object> releaseSummary(String name, CatalogRelease release) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", release.version());
        doc.put("url", releaseUrl(name, release.version()));
        doc.put("has_docs", release.docsMirrored());
        doc.put("inserted_at", release.publishedAt().map(HexApiDocuments::time).orElse(null));
        return doc;
    }

    private static Map<String, Object> retirement(io.hexmirror.catalog.Retirement retirement) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("reason", retirement.reason());
        doc.put("message", retirement.message().isEmpty() ? null : retirement.message());
        return doc;
    }

    private String packageUrl(String name) {
        return base + "/api/packages/" + name;
    }

    private String releaseUrl(String name, String version) {
        return packageUrl(name) + "/releases/" + version;
    }

    private String pageUrl(String name) {
        return base + "/" + CatalogLayout.packagePageKey(name);
    }

    private static boolean isPreRelease(CatalogRelease release) {
        return Version.tryParse(release.version()).map(Version::isPreRelease).orElse(true);
    }

    private static String withoutBuild(Version version) {
        String text = version.toString();
        int plus = text.indexOf('+');
        return plus < 0 ? text : text.substring(0, plus);
    }

    private static String mixAtom(String app) {
        return ELIXIR_ATOM.matcher(app).matches() ? ":" + app : ":\"" + app.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String erlangAtom(String app) {
        return ERLANG_ATOM.matcher(app).matches() ? app : "'" + app.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** ISO 8601 in UTC, as hex.pm writes its timestamps (fractions of a second only when there are any). */
    private static String time(Instant instant) {
        return ISO.format(instant.truncatedTo(ChronoUnit.MICROS));
    }
}
