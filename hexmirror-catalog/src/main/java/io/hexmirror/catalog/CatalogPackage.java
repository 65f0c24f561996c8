package io.hexmirror.catalog;

import static java.util.Objects.requireNonNull;

import io.hexmirror.version.Version;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A package as the catalog knows it: its releases from the signed registry (oldest first, as the
 * registry lists them), its advisories, and the README of its latest release. Immutable.
 *
 * @param name the package name
 * @param repository the repository it belongs to, such as {@code hexpm}
 * @param releases every release the registry file lists, in registry order
 * @param advisories security advisories; releases refer to them by index
 * @param readme the Markdown source of the latest release's README, when its tarball holds one; cut to
 *     {@link #MAX_README_CHARS}
 * @param updatedAt the newest {@code published_at} of its releases, or when the mirror last changed its
 *     registry file when no release records one
 */
public record CatalogPackage(String name, String repository, List<CatalogRelease> releases, List<Advisory> advisories,
        Optional<String> readme, Instant updatedAt) {
    /** The most README text kept: enough for any real README, bounded for a hostile one. */
    public static final int MAX_README_CHARS = 256 * 1024;
    /** Versions by precedence; one that does not parse comes before every one that does. */
    private static final Comparator<Version> NEWEST = Comparator.nullsFirst(Version::comparePrecedence);

    public CatalogPackage {
        requireNonNull(name, "name is null");
        requireNonNull(repository, "repository is null");
        requireNonNull(readme, "readme is null");
        requireNonNull(updatedAt, "updatedAt is null");
        releases = List.copyOf(releases);
        advisories = List.copyOf(advisories);
    }

    /**
     * The release people should use: the highest version that is neither a pre-release nor retired, else
     * the highest that is not retired, else the highest. Empty only when the package has no release.
     */
    public Optional<CatalogRelease> latest() {
        // One pass, each version parsed once: an update asks every package it reads for its latest release several
        // times (summary, metadata, page), and a comparator parsing both sides of every comparison made that a
        // sizeable part of it. Ties keep the earlier release, as Stream.max does.
        CatalogRelease stable = null;
        Version stableVersion = null;
        CatalogRelease live = null;
        Version liveVersion = null;
        CatalogRelease any = null;
        Version anyVersion = null;
        for (CatalogRelease release : releases) {
            Version version = parsedVersion(release);
            if (any == null || NEWEST.compare(anyVersion, version) < 0) {
                any = release;
                anyVersion = version;
            }
            if (release.retired()) {
                continue;
            }
            if (live == null || NEWEST.compare(liveVersion, version) < 0) {
                live = release;
                liveVersion = version;
            }
            boolean preRelease = version == null || version.isPreRelease();
            if (!preRelease && (stable == null || NEWEST.compare(stableVersion, version) < 0)) {
                stable = release;
                stableVersion = version;
            }
        }
        return Optional.ofNullable(stable != null ? stable : live != null ? live : any);
    }

    /** The latest release's metadata, or {@link ReleaseMeta#unknown()} when it is not mirrored. */
    public ReleaseMeta meta() {
        return latest().flatMap(CatalogRelease::meta).orElseGet(ReleaseMeta::unknown);
    }

    /** Releases newest version first. */
    public List<CatalogRelease> releasesNewestFirst() {
        // Each version parsed once, not at every comparison; the sort is stable, so equal versions keep registry order.
        List<Map.Entry<Version, CatalogRelease>> parsed = new ArrayList<>(releases.size());
        for (CatalogRelease release : releases) {
            parsed.add(new AbstractMap.SimpleImmutableEntry<>(parsedVersion(release), release));
        }
        parsed.sort(Map.Entry.<Version, CatalogRelease>comparingByKey(NEWEST).reversed());
        return parsed.stream().map(Map.Entry::getValue).toList();
    }

    public Optional<CatalogRelease> release(String version) {
        return releases.stream().filter(r -> r.version().equals(version)).findFirst();
    }

    /** Whether every release is retired. */
    public boolean allRetired() {
        return !releases.isEmpty() && releases.stream().allMatch(CatalogRelease::retired);
    }

    private static Version parsedVersion(CatalogRelease release) {
        return Version.tryParse(release.version()).orElse(null);
    }
}
