package io.hexmirror.generation;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The one list of keys of files the mirror derives from its own content and can always rebuild: the
 * browsable docs tree under {@code hexdocs/} (hexmirror-docs) and the package catalog's front page,
 * pages and data (hexmirror-catalog's {@code CatalogLayout}, which a test keeps in step with this list).
 * They are served like any other file but are not mirror content: generations do not record them,
 * bundles do not carry them, and a full import does not remove them. The importing mirror derives its own.
 */
public final class DerivedKeys {
    /** The catalog's front page, a single file at the top. */
    public static final String FRONT_PAGE = "index.html";
    /** Prefixes of derived keys. */
    public static final List<String> PREFIXES = List.of("hexdocs/", "catalog/", "browse/");

    private DerivedKeys() {
    }

    /** Whether the key is derived (compared as the storage spells it). */
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
