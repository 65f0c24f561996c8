package io.hexmirror.catalog;

import io.hexmirror.registry.RegistryPaths;

/**
 * Where the catalog keeps its data and pages in the mirror's storage. None of these paths clash with a
 * Hex repository's ({@code names}, {@code versions}, {@code packages/}, {@code tarballs/}, {@code docs/},
 * {@code installs/}, {@code public_key}, {@code repos/}, the download counts' {@code stats/}) or with the docs tree ({@code hexdocs/}).
 *
 * <ul>
 *   <li>{@code catalog/index.json}: every package's summary and the state of the last update;</li>
 *   <li>{@code catalog/packages/NAME.json}: each package's full entry (what the Hex API reads);</li>
 *   <li>{@code index.html}: the front page, so that a plain web server shows it at {@code /};</li>
 *   <li>{@code browse/}: the package pages, lists, search page, search index and the style sheet.</li>
 * </ul>
 */
public final class CatalogLayout {
    public static final String DATA_PREFIX = "catalog/";
    public static final String INDEX = DATA_PREFIX + "index.json";
    public static final String PACKAGE_DATA_PREFIX = DATA_PREFIX + "packages/";
    public static final String FRONT_PAGE = "index.html";
    public static final String SITE_PREFIX = "browse/";
    public static final String PACKAGE_PAGES_PREFIX = SITE_PREFIX + "packages/";
    public static final String SEARCH_PAGE = SITE_PREFIX + "search.html";
    public static final String SEARCH_INDEX = SITE_PREFIX + "search-index.json";
    public static final String STYLE = SITE_PREFIX + "style.css";
    public static final String SCRIPT = SITE_PREFIX + "search.js";
    public static final String LIST_PREFIX = SITE_PREFIX + "all/";
    /** Where the docs work puts a release's browsable docs. */
    public static final String HEXDOCS_PREFIX = "hexdocs/";

    private CatalogLayout() {
    }

    public static String packageDataKey(String name) {
        return PACKAGE_DATA_PREFIX + RegistryPaths.checkName(name) + ".json";
    }

    public static String packagePageKey(String name) {
        return PACKAGE_PAGES_PREFIX + RegistryPaths.checkName(name) + ".html";
    }

    /** The list page of the given sort ({@code name}, {@code updated} or {@code downloads}) and number (from 1). */
    public static String listPageKey(String sort, int page) {
        return LIST_PREFIX + sort + "-" + page + ".html";
    }

    /** The docs entry page of a release, present when its docs are mirrored. */
    public static String docsIndexKey(String name, String version) {
        return HEXDOCS_PREFIX + RegistryPaths.checkName(name) + "/" + RegistryPaths.checkVersion(version) + "/index.html";
    }
}
