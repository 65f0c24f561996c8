package io.hexmirror.docs;

import java.util.Locale;

/** Which docs a sync mirrors. */
public enum DocsPolicy {
    /** No docs; the docs already mirrored stay. */
    NONE,
    /**
     * The newest release of each mirrored package that is neither retired nor a pre-release (or,
     * failing that, the newest), plus the releases named explicitly (lock files, {@code want}).
     */
    LATEST,
    /** Every mirrored release. */
    ALL;

    /** Parses {@code none}, {@code latest} or {@code all}, ignoring case. */
    public static DocsPolicy parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("docs policy must be none, latest or all, not '" + text + "'", e);
        }
    }
}
