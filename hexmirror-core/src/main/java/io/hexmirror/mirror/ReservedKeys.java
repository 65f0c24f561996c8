package io.hexmirror.mirror;

import static java.util.Objects.requireNonNull;

/**
 * Keys under {@value #PREFIX} belong to the mirror itself (its lock, its bookkeeping), not to the
 * Hex repository it holds: they are never served, listed as packages or pruned. The check ignores
 * case, because a case-insensitive file system serves {@code .HexMirror/lock} from the same file.
 */
public final class ReservedKeys {
    /** The prefix of every reserved key. */
    public static final String PREFIX = ".hexmirror/";

    private static final String DIRECTORY = ".hexmirror";

    private ReservedKeys() {
    }

    /** Whether the key (or path without its leading slash) is reserved: {@code .hexmirror} or anything below it. */
    public static boolean isReserved(String key) {
        requireNonNull(key, "key is null");
        return key.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) || key.equalsIgnoreCase(DIRECTORY);
    }
}
