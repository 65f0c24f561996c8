package io.hexmirror.catalog;

import static java.util.Objects.requireNonNull;

import io.hexmirror.version.Version;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
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
        Comparator<CatalogRelease> byVersion = Comparator.comparing(CatalogPackage::parsedVersion,
                Comparator.nullsFirst(Version::comparePrecedence));
        Optional<CatalogRelease> stable = releases.stream()
                .filter(r -> !r.retired() && !isPreRelease(r))
                .max(byVersion);
        if (stable.isPresent()) {
            return stable;
        }
        Optional<CatalogRelease> live = releases.stream().filter(r -> !r.retired()).max(byVersion);
        return live.isPresent() ? live : releases.stream().max(byVersion);
    }

    /** The latest release's metadata, or {@link ReleaseMeta#unknown()} when it is not mirrored. */
    public ReleaseMeta meta() {
        return latest().flatMap(CatalogRelease::meta).orElseGet(ReleaseMeta::unknown);
    }

    /** Releases newest version first. */
    public List<CatalogRelease> releasesNewestFirst() {
        return releases.stream()
                .sorted(Comparator.comparing(CatalogPackage::parsedVersion, Comparator.nullsFirst(Version::comparePrecedence))
                        .reversed())
                .toList();
    }

    public Optional<CatalogRelease> release(String version) {
        return releases.stream().filter(r -> r.version().equals(version)).findFirst();
    }

    /** Whether every release is retired. */
    public boolean allRetired() {
        return !releases.isEmpty() && releases.stream().allMatch(CatalogRelease::retired);
    }

    private static boolean isPreRelease(CatalogRelease release) {
        Version version = parsedVersion(release);
        return version == null || version.isPreRelease();
    }

    private static Version parsedVersion(CatalogRelease release) {
        return Version.tryParse(release.version()).orElse(null);
    }
}
