package io.hexmirror.catalog;

import static java.util.Objects.requireNonNull;

import io.hexmirror.HexMirrorException;
import io.hexmirror.files.ObjectTooLargeException;
import io.hexmirror.files.StoredObjects;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.registry.proto.SecurityAdvisory;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.ObjectNotFoundException;
import io.hexmirror.storage.Storage;
import io.hexmirror.tarball.MetadataConfig;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Builds one package's catalog entry from what the storage holds: the signed {@code packages/NAME}
 * file (verified again here, since the catalog must not show what a client would refuse), the
 * tarballs that are mirrored, and docs that are mirrored. Reuses the metadata of releases an earlier
 * entry already read when their checksum is unchanged, so an update reads only new tarballs, and reads the
 * latest release's tarball once for both its metadata and its README.
 */
final class PackageLoader {
    private static final long MAX_PACKAGE_FILE_BYTES = 64L * 1024 * 1024;
    private static final HexFormat HEX = HexFormat.of();
    /** The tar reader reads 512-byte records: one read from the store brings a small tarball's metadata in whole. */
    private static final int TARBALL_BUFFER = 16 * 1024;

    private final Storage storage;
    private final RegistryReader reader;
    private final Consumer<String> problems;

    PackageLoader(Storage storage, RegistryReader reader, Consumer<String> problems) {
        this.storage = requireNonNull(storage, "storage is null");
        this.reader = requireNonNull(reader, "reader is null");
        this.problems = requireNonNull(problems, "problems is null");
    }

    /**
     * The package file's fingerprint: changes whenever a sync or import rewrites it. (Tarballs that come
     * and go without their package file changing are found from the generation journals.)
     */
    static String fingerprint(ObjectInfo packageFile) {
        return packageFile.size() + ":" + packageFile.lastModified().toEpochMilli();
    }

    /**
     * Loads the package, or empty when the mirror does not hold it (or holds a registry file that does
     * not verify: reported as a problem and left out, as a client would refuse it too).
     *
     * @param packageFile the package file as the caller's listing of {@code packages/} found it: its time is the
     *     package's when no release records one
     */
    Optional<CatalogPackage> load(String name, ObjectInfo packageFile, Optional<CatalogPackage> previous) throws IOException {
        String key = RegistryPaths.packageKey(name);
        Package pkg;
        try {
            // Read within the bound whatever size it has now: the listing may be a moment older than the file.
            Optional<byte[]> bytes = StoredObjects.readIfPresent(storage, key, MAX_PACKAGE_FILE_BYTES);
            if (bytes.isEmpty()) {
                return Optional.empty();
            }
            pkg = reader.readPackage(name, bytes.get());
        } catch (ObjectTooLargeException e) {
            problems.accept(key + ": left out of the catalog: larger than " + MAX_PACKAGE_FILE_BYTES + " bytes");
            return Optional.empty();
        } catch (HexMirrorException e) {
            problems.accept(key + ": left out of the catalog: " + e.getMessage());
            return Optional.empty();
        }
        Map<String, CatalogRelease> before = new HashMap<>();
        previous.ifPresent(p -> p.releases().forEach(r -> before.put(r.version(), r)));

        // First what the registry says, with the metadata the earlier entry has; then the tarballs still to read. A
        // tarball still to read is not looked up first: reading it tells whether the mirror holds it.
        List<CatalogRelease> releases = new ArrayList<>(pkg.getReleasesCount());
        boolean[] toRead = new boolean[pkg.getReleasesCount()];
        for (Release release : pkg.getReleasesList()) {
            CatalogRelease listed = release(name, release, before.get(release.getVersion()));
            toRead[releases.size()] = listed.tarballMirrored() && listed.meta().isEmpty();
            releases.add(listed);
        }
        List<Advisory> advisories = pkg.getAdvisoriesList().stream().map(PackageLoader::advisory).toList();
        Instant updatedAt = releases.stream().flatMap(r -> r.publishedAt().stream()).max(Instant::compareTo)
                .orElse(packageFile.lastModified());
        // Which release is the latest depends on versions and retirements only, not on metadata or on its tarball; the
        // catalog shows it as the latest only when its tarball turns out to be mirrored.
        Optional<CatalogRelease> candidate = new CatalogPackage(name, pkg.getRepository(), releases, advisories, Optional.empty(),
                updatedAt).latest();
        int latestIndex = candidate.map(c -> indexOf(releases, c)).orElse(-1);
        boolean readmeWanted = candidate.isPresent() && !sameLatest(candidate.get(), previous);
        Readme readme = null;
        for (int i = 0; i < releases.size(); i++) {
            if (toRead[i]) {
                CatalogRelease release = releases.get(i);
                // The latest release's tarball is read once, for its README too.
                boolean withReadme = readmeWanted && i == latestIndex;
                Optional<Tarball> read = readTarball(name, release.version(), withReadme);
                releases.set(i, read.isPresent() ? withMeta(release, read.get().meta()) : notMirrored(release));
                if (withReadme && read.isPresent()) {
                    readme = read.get().readme();
                }
            }
        }
        Optional<CatalogRelease> latest = latestIndex < 0 ? Optional.empty()
                : Optional.of(releases.get(latestIndex)).filter(CatalogRelease::tarballMirrored);
        boolean readmeToRead = latest.isPresent() && readmeWanted;
        Optional<String> readmeText = Optional.empty();
        if (readmeToRead) {
            if (readme == null) {
                readme = readReadme(name, latest.get().version());
            }
            readme.problem().ifPresent(problems);
            readmeText = readme.text();
        } else if (latest.isPresent()) {
            readmeText = previous.orElseThrow().readme();
        }
        return Optional.of(new CatalogPackage(name, pkg.getRepository(), releases, advisories, readmeText, updatedAt));
    }

    /** Where {@code release} itself (not an equal one) is in the list. */
    private static int indexOf(List<CatalogRelease> releases, CatalogRelease release) {
        for (int i = 0; i < releases.size(); i++) {
            if (releases.get(i) == release) {
                return i;
            }
        }
        throw new IllegalStateException("the latest release is one of the package's releases");
    }

    /** What one read of a tarball found: its metadata (empty when unreadable, reported) and, when asked, its README. */
    private record Tarball(Optional<ReleaseMeta> meta, Readme readme) {
    }

    /** A README read from a tarball, or the problem to report in its place. */
    private record Readme(Optional<String> text, Optional<String> problem) {
        static Readme of(String key, ReleaseArchive.Contents contents) {
            return contents.readmeFailure().map(e -> notShown(key, e)).orElseGet(() -> new Readme(contents.readme(), Optional.empty()));
        }

        static Readme notShown(String key, Exception e) {
            return new Readme(Optional.empty(), Optional.of(key + ": README not shown: " + e.getMessage()));
        }
    }

    /**
     * Whether the earlier entry's latest release is this one, unchanged and mirrored: its README is the one already
     * read (when this one is mirrored too).
     */
    private static boolean sameLatest(CatalogRelease latest, Optional<CatalogPackage> previous) {
        Optional<CatalogRelease> old = previous.flatMap(CatalogPackage::latest);
        return old.isPresent() && old.get().version().equals(latest.version()) && old.get().outerChecksum().equals(latest.outerChecksum())
                && old.get().tarballMirrored();
    }

    private static CatalogRelease notMirrored(CatalogRelease r) {
        return new CatalogRelease(r.version(), r.publishedAt(), r.retirement(), r.advisoryIndexes(), r.dependencies(), r.outerChecksum(),
                false, r.docsMirrored(), Optional.empty());
    }

    private static CatalogRelease withMeta(CatalogRelease r, Optional<ReleaseMeta> meta) {
        return new CatalogRelease(r.version(), r.publishedAt(), r.retirement(), r.advisoryIndexes(), r.dependencies(), r.outerChecksum(),
                r.tarballMirrored(), r.docsMirrored(), meta);
    }

    /** The release as the registry lists it, with the metadata {@code before} has when its tarball is unchanged. */
    private CatalogRelease release(String name, Release release, CatalogRelease before) throws IOException {
        String version = release.getVersion();
        String outer = release.hasOuterChecksum() ? HEX.formatHex(release.getOuterChecksum().toByteArray()) : "";
        // A tarball whose metadata the earlier entry has is looked up (one stat: listing tarballs/ by prefix would scan the
        // whole directory on a file system); any other is taken as mirrored here and read, which tells whether it is.
        boolean reusable = RegistryPaths.isValidVersion(version) && before != null && before.tarballMirrored()
                && before.outerChecksum().equals(outer) && before.meta().isPresent();
        boolean mirrored = RegistryPaths.isValidVersion(version)
                && (!reusable || storage.stat(RegistryPaths.tarballKey(name, version)).isPresent());
        Optional<ReleaseMeta> meta = mirrored && reusable ? before.meta() : Optional.empty();
        boolean docs = RegistryPaths.isValidVersion(version) && storage.stat(CatalogLayout.docsIndexKey(name, version)).isPresent();
        return new CatalogRelease(
                version,
                release.hasPublishedAt() ? Optional.of(Instant.ofEpochSecond(release.getPublishedAt().getSeconds(),
                        release.getPublishedAt().getNanos())) : Optional.empty(),
                release.hasRetired() ? Optional.of(Retirement.of(release.getRetired().getReason(), release.getRetired().getMessage()))
                        : Optional.empty(),
                release.getAdvisoryIndexesList().stream().map(Integer::valueOf).toList(),
                release.getDependenciesList().stream().map(d -> new Dependency(d.getPackage(), d.getRequirement(), d.getOptional(),
                        d.hasApp() && !d.getApp().isEmpty() ? d.getApp() : d.getPackage(),
                        d.hasRepository() && !d.getRepository().isEmpty() ? Optional.of(d.getRepository()) : Optional.empty()))
                        .toList(),
                outer,
                mirrored,
                docs,
                meta);
    }

    /**
     * Reads the release's metadata and, when {@code withReadme}, its README in the same pass. A README that cannot be
     * read is reported (by the caller, after the metadata of every release) as when it was read on its own.
     *
     * @return empty when the mirror does not hold the tarball
     * @throws IOException when the tarball cannot be read up to its metadata
     */
    private Optional<Tarball> readTarball(String name, String version, boolean withReadme) throws IOException {
        String key = RegistryPaths.tarballKey(name, version);
        InputStream stored;
        try {
            stored = storage.read(key);
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
        try (InputStream in = new BufferedInputStream(stored, TARBALL_BUFFER)) {
            ReleaseArchive.Contents contents = ReleaseArchive.read(in, key, withReadme);
            return Optional.of(new Tarball(Optional.of(meta(contents.metadata())), Readme.of(key, contents)));
        } catch (HexMirrorException e) {
            problems.accept(key + ": metadata not shown: " + e.getMessage());
            return Optional.of(new Tarball(Optional.empty(), Readme.notShown(key, e)));
        }
    }

    /** The README of a release whose metadata the earlier entry has. */
    private Readme readReadme(String name, String version) {
        String key = RegistryPaths.tarballKey(name, version);
        try (InputStream in = new BufferedInputStream(storage.read(key), TARBALL_BUFFER)) {
            ReleaseArchive.Contents contents = ReleaseArchive.read(in, key, true);
            return Readme.of(key, contents);
        } catch (IOException | HexMirrorException e) {
            return Readme.notShown(key, e);
        }
    }

    static ReleaseMeta meta(MetadataConfig config) {
        String description = config.description();
        if (description.length() > ReleaseMeta.MAX_DESCRIPTION_CHARS) {
            description = description.substring(0, ReleaseMeta.MAX_DESCRIPTION_CHARS) + "…";
        }
        return new ReleaseMeta(config.app(), description, config.licenses(), config.links(), config.maintainers(),
                config.buildTools(), config.elixirRequirement());
    }

    private static Advisory advisory(SecurityAdvisory a) {
        return new Advisory(a.getId(), a.getSummary(), a.getHtmlUrl(),
                a.getSeverity().name().replace("SEVERITY_", "").toLowerCase(Locale.ROOT),
                a.hasCvssScore() ? Optional.of(a.getCvssScore()) : Optional.empty(),
                a.getAliasesList());
    }
}
