package io.hexmirror.generation;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Keys of files the mirror derives from its own content (the browsable docs tree under
 * {@code hexdocs/}), which can always be rebuilt from the verbatim files. They are served like any
 * other file but are not mirror content: generations do not record them, bundles do not carry them,
 * and a full import does not remove them. The importing mirror derives its own.
 */
public final class DerivedKeys {
    /** Prefixes of derived keys. */
    public static final List<String> PREFIXES = List.of("hexdocs/");

    private DerivedKeys() {
    }

    /** Whether the key is derived. */
    public static boolean isDerived(String key) {
        requireNonNull(key, "key is null");
        for (String prefix : PREFIXES) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
