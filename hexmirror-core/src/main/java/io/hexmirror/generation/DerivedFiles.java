package io.hexmirror.generation;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Files a mirror derives from its repository files and can always rebuild: the package catalog's data
 * and web pages. Generations do not record them, so bundles never carry them: the importing side
 * derives its own from what it imported. (The paths are the catalog's, see hexmirror-catalog's
 * {@code CatalogLayout}, which a test keeps in step with this list.)
 */
public final class DerivedFiles {
    /** The front page, a single file. */
    public static final String FRONT_PAGE = "index.html";
    /** Folders holding only derived files. */
    public static final List<String> PREFIXES = List.of("catalog/", "browse/");

    private DerivedFiles() {
    }

    /** Whether the key is a derived file (compared as the storage spells it). */
    public static boolean isDerived(String key) {
        requireNonNull(key, "key is null");
        if (key.equals(FRONT_PAGE)) {
            return true;
        }
        for (String prefix : PREFIXES) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
