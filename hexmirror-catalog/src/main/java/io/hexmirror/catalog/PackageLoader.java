package io.hexmirror.catalog;

import static java.util.Objects.requireNonNull;

import io.hexmirror.HexMirrorException;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.registry.proto.SecurityAdvisory;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.Storage;
import io.hexmirror.tarball.MetadataConfig;
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
 * entry already read when their checksum is unchanged, so an update reads only new tarballs.
 */
final class PackageLoader {
    private static final long MAX_PACKAGE_FILE_BYTES = 64L * 1024 * 1024;
    private static final HexFormat HEX = HexFormat.of();

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
     */
    Optional<CatalogPackage> load(String name, Optional<CatalogPackage> previous) throws IOException {
        String key = RegistryPaths.packageKey(name);
        Optional<ObjectInfo> info = storage.stat(key);
        if (info.isEmpty()) {
            return Optional.empty();
        }
        Package pkg;
        try (InputStream in = storage.read(key)) {
            byte[] bytes = in.readNBytes((int) Math.min(MAX_PACKAGE_FILE_BYTES, info.get().size()) + 1);
            pkg = reader.readPackage(name, bytes);
        } catch (HexMirrorException e) {
            problems.accept(key + ": left out of the catalog: " + e.getMessage());
            return Optional.empty();
        }
        Map<String, CatalogRelease> before = new HashMap<>();
        previous.ifPresent(p -> p.releases().forEach(r -> before.put(r.version(), r)));

        List<CatalogRelease> releases = new ArrayList<>(pkg.getReleasesCount());
        for (Release release : pkg.getReleasesList()) {
            releases.add(release(name, release, before.get(release.getVersion())));
        }
        List<Advisory> advisories = pkg.getAdvisoriesList().stream().map(PackageLoader::advisory).toList();
        Instant updatedAt = releases.stream().flatMap(r -> r.publishedAt().stream()).max(Instant::compareTo)
                .orElse(info.get().lastModified());
        CatalogPackage withoutReadme = new CatalogPackage(name, pkg.getRepository(), releases, advisories, Optional.empty(), updatedAt);
        Optional<String> readme = withoutReadme.latest()
                .filter(CatalogRelease::tarballMirrored)
                .flatMap(latest -> readme(name, latest, previous));
        return Optional.of(new CatalogPackage(name, pkg.getRepository(), releases, advisories, readme, updatedAt));
    }

    private CatalogRelease release(String name, Release release, CatalogRelease before) throws IOException {
        String version = release.getVersion();
        String outer = release.hasOuterChecksum() ? HEX.formatHex(release.getOuterChecksum().toByteArray()) : "";
        // One stat per release: listing tarballs/ by prefix would scan the whole directory on a file system.
        boolean mirrored = RegistryPaths.isValidVersion(version) && storage.stat(RegistryPaths.tarballKey(name, version)).isPresent();
        Optional<ReleaseMeta> meta = Optional.empty();
        if (mirrored) {
            meta = before != null && before.tarballMirrored() && before.outerChecksum().equals(outer) && before.meta().isPresent()
                    ? before.meta()
                    : readMeta(name, version);
        }
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

    private Optional<ReleaseMeta> readMeta(String name, String version) throws IOException {
        String key = RegistryPaths.tarballKey(name, version);
        try (InputStream in = storage.read(key)) {
            return Optional.of(meta(ReleaseArchive.read(in, key, false).metadata()));
        } catch (HexMirrorException e) {
            problems.accept(key + ": metadata not shown: " + e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<String> readme(String name, CatalogRelease latest, Optional<CatalogPackage> previous) {
        // The README of an unchanged latest release is the one already read.
        if (previous.isPresent()) {
            Optional<CatalogRelease> old = previous.get().latest();
            if (old.isPresent() && old.get().version().equals(latest.version()) && old.get().outerChecksum().equals(latest.outerChecksum())
                    && old.get().tarballMirrored()) {
                return previous.get().readme();
            }
        }
        String key = RegistryPaths.tarballKey(name, latest.version());
        try (InputStream in = storage.read(key)) {
            return ReleaseArchive.read(in, key, true).readme();
        } catch (IOException | HexMirrorException e) {
            problems.accept(key + ": README not shown: " + e.getMessage());
            return Optional.empty();
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
