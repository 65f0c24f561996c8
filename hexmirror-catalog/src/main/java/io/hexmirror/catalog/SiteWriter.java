package io.hexmirror.catalog;

import static java.util.Objects.requireNonNull;

import io.hexmirror.downloads.DownloadCounts;
import io.hexmirror.downloads.DownloadSnapshot;
import io.hexmirror.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Writes the static site into the storage: package pages, lists, front page, search page and index, assets. */
final class SiteWriter {
    private final Storage storage;
    private final DeferredWrites writes;
    private final Catalog catalog;
    private final CatalogOptions options;

    /** Writes through {@code writes}: the caller syncs them. */
    SiteWriter(Storage storage, DeferredWrites writes, Catalog catalog, CatalogOptions options) {
        this.storage = requireNonNull(storage, "storage is null");
        this.writes = requireNonNull(writes, "writes is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.options = requireNonNull(options, "options is null");
    }

    /** Writes the package's page unless it holds these bytes already; returns whether it wrote. */
    boolean writePackagePage(CatalogPackage pkg) throws IOException {
        return write(CatalogLayout.packagePageKey(pkg.name()), WebPages.packagePage(catalog, pkg));
    }

    /**
     * Everything that depends on the whole catalog: front page, search page, assets and, when
     * {@code withLists}, the lists and the search index, which show only the packages' summaries and
     * download counts: an update that changed neither need not render them.
     */
    void writeShared(boolean withLists) throws IOException {
        write(CatalogLayout.FRONT_PAGE, WebPages.frontPage(catalog, options.mirrorUrl(), publicKey()));
        write(CatalogLayout.SEARCH_PAGE, WebPages.staticSearchPage());
        write(CatalogLayout.STYLE, resource("style.css"));
        write(CatalogLayout.SCRIPT, resource("search.js"));
        if (withLists) {
            writes.write(CatalogLayout.SEARCH_INDEX, StaticSearchIndex.build(catalog));
            writeLists();
        }
    }

    private void writeLists() throws IOException {
        List<PackageSummary> byName = catalog.summaries();
        List<PackageSummary> byUpdate = byName.stream()
                .sorted(Comparator.comparing(PackageSummary::updatedAt).reversed().thenComparing(PackageSummary::name))
                .toList();
        Optional<DownloadSnapshot> downloads = catalog.downloads();
        List<PackageSummary> byDownloads = downloads.map(d -> byName.stream()
                .sorted(Comparator.comparingLong((PackageSummary s) -> d.counts(s.name()).orElse(DownloadCounts.NONE).all())
                        .reversed().thenComparing(PackageSummary::name))
                .toList()).orElse(List.of());
        int pages = Math.max(1, (byName.size() + WebPages.LIST_PAGE_SIZE - 1) / WebPages.LIST_PAGE_SIZE);
        for (int page = 1; page <= pages; page++) {
            write(CatalogLayout.listPageKey("name", page), WebPages.listPage(catalog, byName, "name", page, pages));
            write(CatalogLayout.listPageKey("updated", page), WebPages.listPage(catalog, byUpdate, "updated", page, pages));
            if (downloads.isPresent()) {
                write(CatalogLayout.listPageKey(WebPages.DOWNLOADS_LIST, page),
                        WebPages.listPage(catalog, byDownloads, WebPages.DOWNLOADS_LIST, page, pages));
            }
        }
        // List pages beyond the new last one belong to packages that left; without counts, no page sorts by them.
        for (String sort : List.of("name", "updated", WebPages.DOWNLOADS_LIST)) {
            String prefix = CatalogLayout.LIST_PREFIX + sort + "-";
            int last = sort.equals(WebPages.DOWNLOADS_LIST) && downloads.isEmpty() ? 0 : pages;
            List<String> stale;
            try (Stream<io.hexmirror.storage.ObjectInfo> listed = storage.list(prefix)) {
                stale = listed.map(io.hexmirror.storage.ObjectInfo::key).filter(k -> pageNumber(k, prefix) > last).toList();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            for (String key : stale) {
                storage.delete(key);
            }
        }
    }

    private static int pageNumber(String key, String prefix) {
        String rest = key.substring(prefix.length());
        if (!rest.endsWith(".html")) {
            return -1;
        }
        try {
            return Integer.parseInt(rest.substring(0, rest.length() - 5));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private String publicKey() throws IOException {
        if (storage.stat("public_key").isEmpty()) {
            return "";
        }
        try (InputStream in = storage.read("public_key")) {
            return new String(in.readNBytes(64 * 1024), StandardCharsets.US_ASCII);
        }
    }

    private boolean write(String key, String text) throws IOException {
        return writes.write(key, text.getBytes(StandardCharsets.UTF_8));
    }

    static String resource(String name) {
        try (InputStream in = SiteWriter.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
