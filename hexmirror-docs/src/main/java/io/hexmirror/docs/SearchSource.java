package io.hexmirror.docs;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.hexmirror.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the search index takes from one stored docs tarball: the items of its {@code search_data} or
 * {@code search_items} files, or, when it has neither, one item per HTML page.
 *
 * @param sha256 the lowercase hex SHA-256 of the tarball the items came from
 * @param items the items, in tarball order
 */
record SearchSource(String sha256, List<SearchItem> items) {
    SearchSource {
        items = List.copyOf(items);
    }

    /**
     * Reads the release's tarball for its search data. Only a version without any (rare: ExDoc has
     * written one since 0.20) is read a second time for its pages: parsing HTML costs far more than
     * inflating a tarball again, and a page may come before the search data in the archive.
     */
    static SearchSource read(Storage storage, DocsRelease release, DocsLimits limits) throws IOException, DocsTarballException {
        List<SearchItem> fromData = new ArrayList<>();
        boolean[] hasData = new boolean[1];
        String sha256;
        try (InputStream in = storage.read(release.tarballKey())) {
            sha256 = DocsTarballs.scan(release, in, limits, SearchData::isSearchData, (path, size, content) -> {
                hasData[0] = true;
                fromData.addAll(SearchData.parse(new String(content.readAllBytes(), UTF_8)));
            });
        }
        if (hasData[0]) {
            return new SearchSource(sha256, fromData);
        }
        Map<String, SearchItem> fromPages = new LinkedHashMap<>();
        try (InputStream in = storage.read(release.tarballKey())) {
            sha256 = DocsTarballs.scan(release, in, limits, SearchSource::isIndexedPage, (path, size, content) ->
                    SearchData.fromPage(path, new String(content.readAllBytes(), UTF_8)).ifPresent(i -> fromPages.put(path, i)));
        }
        return new SearchSource(sha256, new ArrayList<>(fromPages.values()));
    }

    private static boolean isIndexedPage(String path) {
        return DocsTree.isHtml(path) && !path.equals("404.html") && !path.startsWith("dist/");
    }
}
