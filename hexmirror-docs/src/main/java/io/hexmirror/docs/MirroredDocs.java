package io.hexmirror.docs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.hexmirror.generation.Sha256;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.Storage;
import io.hexmirror.version.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Which docs versions a mirror holds: one listing of {@code docs/} in the storage, taken once. Only
 * tarballs that passed {@link DocsTarballs}' checks are ever stored there, so every one listed is
 * browsable once derived. Immutable; answers without touching the storage again.
 *
 * <p>This is the query other modules (the catalog's "has docs", the server's docs list) use.
 */
public final class MirroredDocs {
    private static final Comparator<String> BY_PRECEDENCE = MirroredDocs::comparePrecedence;

    private final Map<String, List<String>> versionsByPackage;
    private final Optional<String> listing;

    private MirroredDocs(Map<String, List<String>> versionsByPackage, Optional<String> listing) {
        this.versionsByPackage = versionsByPackage;
        this.listing = listing;
    }

    /** Lists {@code docs/} in the storage. */
    public static MirroredDocs load(Storage storage) throws IOException {
        requireNonNull(storage, "storage is null");
        List<DocsRelease> releases = new ArrayList<>();
        MessageDigest fingerprint = Sha256.digest();
        try (Stream<ObjectInfo> listing = storage.list(DocsRelease.TARBALLS_PREFIX)) {
            listing.forEach(info -> {
                DocsRelease.fromTarballKey(info.key()).ifPresent(releases::add);
                fingerprint.update((info.key() + "\t" + info.size() + "\t" + info.lastModified() + "\t"
                        + info.sha256().orElse("-") + "\n").getBytes(UTF_8));
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new MirroredDocs(group(releases), Optional.of(Sha256.hex(fingerprint)));
    }

    /** A snapshot holding exactly these releases. */
    public static MirroredDocs of(Iterable<DocsRelease> releases) {
        return new MirroredDocs(group(releases), Optional.empty());
    }

    private static Map<String, List<String>> group(Iterable<DocsRelease> releases) {
        Map<String, List<String>> map = new TreeMap<>();
        for (DocsRelease r : releases) {
            map.computeIfAbsent(r.name(), n -> new ArrayList<>()).add(r.version());
        }
        map.replaceAll((name, versions) -> versions.stream().distinct().sorted(BY_PRECEDENCE).toList());
        return Collections.unmodifiableMap(map);
    }

    /**
     * A digest of the listing this snapshot was taken from: every object under {@code docs/} with its size, time
     * and SHA-256 where the storage keeps one. Equal digests mean no docs tarball was added, removed or replaced
     * in between (a replaced file has another time: nanoseconds in a file system, and a storage with coarser
     * times keeps the SHA-256). Empty for a snapshot not read from a storage ({@link #of}, {@link #without}).
     */
    public Optional<String> listingFingerprint() {
        return listing;
    }

    /** This snapshot less some releases (for example tarballs that were refused). */
    public MirroredDocs without(Collection<DocsRelease> excluded) {
        if (excluded.isEmpty()) {
            return this;
        }
        Set<DocsRelease> skip = Set.copyOf(excluded);
        return of(releases().stream().filter(r -> !skip.contains(r)).toList());
    }

    /** Names of the packages with at least one docs version, sorted. */
    public Set<String> packages() {
        return versionsByPackage.keySet();
    }

    /** Whether any docs version of the package is mirrored. */
    public boolean hasDocs(String name) {
        return versionsByPackage.containsKey(name);
    }

    /** Whether this docs version is mirrored. */
    public boolean hasDocs(String name, String version) {
        return versions(name).contains(version);
    }

    /** The package's mirrored docs versions, ascending by precedence; empty when none. */
    public List<String> versions(String name) {
        return versionsByPackage.getOrDefault(name, List.of());
    }

    /**
     * The version {@code hexdocs/NAME/} leads to: the highest mirrored version that is not a
     * pre-release, or the highest pre-release when there is nothing else.
     */
    public Optional<String> latest(String name) {
        List<String> versions = versions(name);
        for (int i = versions.size() - 1; i >= 0; i--) {
            Optional<Version> v = Version.tryParse(versions.get(i));
            if (v.isPresent() && !v.get().isPreRelease()) {
                return Optional.of(versions.get(i));
            }
        }
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    /** How many docs versions are mirrored in all. */
    public int size() {
        return versionsByPackage.values().stream().mapToInt(List::size).sum();
    }

    /** Every mirrored docs version. */
    public List<DocsRelease> releases() {
        List<DocsRelease> all = new ArrayList<>();
        versionsByPackage.forEach((name, versions) -> versions.forEach(v -> all.add(new DocsRelease(name, v))));
        return all;
    }

    static int comparePrecedence(String a, String b) {
        return comparePrecedence(a, Version.tryParse(a), b, Version.tryParse(b));
    }

    /** {@link #comparePrecedence(String, String)} of versions already parsed ({@code va}, {@code vb}: their parses). */
    static int comparePrecedence(String a, Optional<Version> va, String b, Optional<Version> vb) {
        if (va.isPresent() && vb.isPresent()) {
            int c = va.get().comparePrecedence(vb.get());
            if (c != 0) {
                return c;
            }
        }
        return a.compareTo(b);
    }
}
