package io.hexmirror.version;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A Hex package version, parsed with the rules of Elixir's {@code Version} module (SemVer 2.0
 * syntax, as hex.pm and the Hex client apply it).
 *
 * <p>Syntax: {@code MAJOR.MINOR.PATCH}, then optionally {@code -PRE} (dot-separated identifiers of
 * {@code [0-9A-Za-z-]}) and {@code +BUILD} (the same). Numeric parts (MAJOR, MINOR, PATCH and
 * all-digit pre-release identifiers) have no leading zero and at most 14 digits. Nothing else is
 * accepted: no whitespace, no {@code v} prefix, no missing or fourth part.
 *
 * <p>Ordering: {@link #comparePrecedence} is SemVer precedence: numeric parts compare as
 * numbers; a pre-release ranks below its release; pre-release identifiers compare one by one,
 * numeric ones as numbers and below alphanumeric ones, which compare as ASCII strings; a shorter
 * list of otherwise equal identifiers ranks lower; build metadata is ignored. {@link #compareTo}
 * is precedence with the build string as a last tie-break (none before any), so that it agrees
 * with {@link #equals}: two versions are equal when their text is equal.
 *
 * <p>Instances are immutable and thread-safe. {@link #toString()} returns the parsed text, which
 * is canonical because the syntax admits exactly one spelling of each version.
 */
public final class Version implements Comparable<Version> {
    private final long major;
    private final long minor;
    private final long patch;
    private final String[] pre;
    /** Numeric value of each pre-release identifier, or -1 for an alphanumeric one. */
    private final long[] preNumbers;
    private final String build;
    private final String text;

    private Version(long major, long minor, long patch, List<String> pre, String build) {
        this.major = major;
        this.minor = minor;
        this.patch = patch;
        this.pre = pre.toArray(new String[0]);
        this.preNumbers = new long[this.pre.length];
        for (int i = 0; i < this.pre.length; i++) {
            preNumbers[i] = isDigits(this.pre[i]) ? Long.parseLong(this.pre[i]) : -1;
        }
        this.build = build;
        StringBuilder sb = new StringBuilder().append(major).append('.').append(minor).append('.').append(patch);
        if (!pre.isEmpty()) {
            sb.append('-').append(String.join(".", pre));
        }
        if (build != null) {
            sb.append('+').append(build);
        }
        this.text = sb.toString();
    }

    /**
     * Parses a version string.
     *
     * @throws VersionParseException if {@code text} is not a valid version; the message names the
     *                               column and the problem
     * @throws NullPointerException  if {@code text} is null
     */
    public static Version parse(String text) throws VersionParseException {
        requireNonNull(text, "text is null");
        try {
            return of(VersionParser.parse(text, false));
        } catch (VersionParser.Problem p) {
            throw new VersionParseException("version", text, p.offset + 1, p.getMessage());
        }
    }

    /** Parses {@code text}, or returns empty when it is not a valid version. */
    public static Optional<Version> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(text));
        } catch (VersionParseException e) {
            return Optional.empty();
        }
    }

    /** Builds a version from parsed parts; a missing patch becomes 0, as {@code ~>} reads it. */
    static Version of(VersionParser.Parts parts) {
        return new Version(parts.major(), parts.minor(), parts.patch() == null ? 0 : parts.patch(), parts.pre(),
                parts.build());
    }

    /** The lowest version with the given numbers: {@code MAJOR.MINOR.PATCH-0}, below every other pre-release. */
    static Version lowestPreReleaseOf(long major, long minor, long patch) {
        return new Version(major, minor, patch, List.of("0"), null);
    }

    public long major() {
        return major;
    }

    public long minor() {
        return minor;
    }

    public long patch() {
        return patch;
    }

    /** The pre-release identifiers as written; empty for a release. */
    public List<String> preRelease() {
        return List.of(pre);
    }

    /** The build metadata after {@code +}, if any. It takes no part in precedence. */
    public Optional<String> build() {
        return Optional.ofNullable(build);
    }

    /** Whether this version has a pre-release part, such as {@code 1.0.0-rc.1}. */
    public boolean isPreRelease() {
        return pre.length > 0;
    }

    /**
     * Compares by SemVer precedence only, ignoring build metadata: negative, zero or positive as
     * this version ranks below, equal to or above {@code other}.
     */
    public int comparePrecedence(Version other) {
        int c = Long.compare(major, other.major);
        if (c == 0) {
            c = Long.compare(minor, other.minor);
        }
        if (c == 0) {
            c = Long.compare(patch, other.patch);
        }
        if (c != 0) {
            return c;
        }
        if (pre.length == 0 || other.pre.length == 0) {
            // A release ranks above any of its pre-releases.
            return Boolean.compare(pre.length == 0, other.pre.length == 0);
        }
        int n = Math.min(pre.length, other.pre.length);
        for (int i = 0; i < n; i++) {
            c = compareIdentifier(i, other);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pre.length, other.pre.length);
    }

    private int compareIdentifier(int i, Version other) {
        long a = preNumbers[i];
        long b = other.preNumbers[i];
        if (a >= 0 && b >= 0) {
            return Long.compare(a, b);
        }
        if (a >= 0 || b >= 0) {
            // Numeric identifiers rank below alphanumeric ones.
            return a >= 0 ? -1 : 1;
        }
        return pre[i].compareTo(other.pre[i]);
    }

    /**
     * Precedence, then build metadata (absent first, then by string) so that the order is
     * consistent with {@link #equals}.
     */
    @Override
    public int compareTo(Version other) {
        int c = comparePrecedence(other);
        if (c != 0 || (build == null && other.build == null)) {
            return c;
        }
        if (build == null || other.build == null) {
            return build == null ? -1 : 1;
        }
        return build.compareTo(other.build);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && text.equals(v.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The version as written, e.g. {@code 1.2.0-rc.1+build.5}. */
    @Override
    public String toString() {
        return text;
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
