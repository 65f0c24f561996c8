package io.hexmirror.testkit.upstream;

import io.hexmirror.registry.proto.SecurityAdvisory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One package in the repository's state: its releases in registry order and its advisories.
 * Immutable (changes make a new entry), so a server thread can encode or serve it while a test
 * changes the repository. The encoded {@code /packages/NAME} file is kept once built.
 */
final class PackageEntry {
    /** A security advisory and the versions it affects. */
    record Advisory(SecurityAdvisory advisory, Set<String> versions) {
        Advisory {
            versions = Set.copyOf(versions);
        }
    }

    private final String name;
    private final Instant updatedAt;
    private final NavigableMap<String, ReleaseEntry> releases;
    private final List<Advisory> advisories;
    private final Function<PackageEntry, byte[]> encoder;
    private final Memo<byte[]> file;

    /** An entry without releases yet. */
    static PackageEntry empty(String name, Instant now, Function<PackageEntry, byte[]> encoder) {
        return new PackageEntry(name, now, new TreeMap<>(VersionOrder.INSTANCE), List.of(), encoder);
    }

    /** Takes ownership of {@code releases}, which must be ordered by {@link VersionOrder}. */
    private PackageEntry(String name, Instant updatedAt, TreeMap<String, ReleaseEntry> releases, List<Advisory> advisories,
            Function<PackageEntry, byte[]> encoder) {
        this.name = name;
        this.updatedAt = updatedAt;
        this.releases = Collections.unmodifiableNavigableMap(releases);
        this.advisories = List.copyOf(advisories);
        this.encoder = encoder;
        this.file = new Memo<>(() -> encoder.apply(this));
    }

    String name() {
        return name;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    /** Releases ascending by version precedence. */
    NavigableMap<String, ReleaseEntry> releases() {
        return releases;
    }

    List<Advisory> advisories() {
        return advisories;
    }

    /** The signed, gzipped {@code /packages/NAME} file. */
    byte[] file() {
        return file.get();
    }

    /** A copy with one release added or replaced, updated at the given time. */
    PackageEntry withRelease(ReleaseEntry release, Instant now) {
        TreeMap<String, ReleaseEntry> changed = new TreeMap<>(releases);
        changed.put(release.version(), release);
        return new PackageEntry(name, now, changed, advisories, encoder);
    }

    /** A copy with one release replaced in what the registry does not show (its docs): same time. */
    PackageEntry withReleaseKeepingTime(ReleaseEntry release) {
        return withRelease(release, updatedAt);
    }

    PackageEntry withoutRelease(String version, Instant now) {
        TreeMap<String, ReleaseEntry> changed = new TreeMap<>(releases);
        changed.remove(version);
        return new PackageEntry(name, now, changed, advisories, encoder);
    }

    PackageEntry withAdvisory(Advisory advisory, Instant now) {
        List<Advisory> changed = new ArrayList<>(advisories);
        changed.add(advisory);
        return new PackageEntry(name, now, new TreeMap<>(releases), changed, encoder);
    }
}
