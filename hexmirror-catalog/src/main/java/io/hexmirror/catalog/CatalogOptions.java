package io.hexmirror.catalog;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How the catalog writes its pages.
 *
 * @param writePages whether to write the static pages and search index (the data is always written)
 * @param mirrorUrl the URL clients use for this mirror, shown in the set-up instructions of the static
 *     front page; when empty the page shows a placeholder ({@code hexmirror serve} fills in its own URL)
 * @param upstream the upstream the mirror syncs from, shown on the front page; empty keeps what an earlier
 *     update recorded
 */
public record CatalogOptions(boolean writePages, Optional<String> mirrorUrl, Optional<String> upstream) {
    public CatalogOptions {
        requireNonNull(mirrorUrl, "mirrorUrl is null");
        requireNonNull(upstream, "upstream is null");
    }

    public static CatalogOptions defaults() {
        return new CatalogOptions(true, Optional.empty(), Optional.empty());
    }

    public CatalogOptions withUpstream(String url) {
        return new CatalogOptions(writePages, mirrorUrl, Optional.of(url));
    }

    public CatalogOptions withMirrorUrl(String url) {
        return new CatalogOptions(writePages, Optional.of(url), upstream);
    }

    public CatalogOptions withoutPages() {
        return new CatalogOptions(false, mirrorUrl, upstream);
    }
}
