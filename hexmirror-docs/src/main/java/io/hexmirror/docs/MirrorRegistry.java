package io.hexmirror.docs;

import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.registry.proto.Signed;
import io.hexmirror.registry.proto.Versions;
import io.hexmirror.registry.proto.VersionsPackage;
import io.hexmirror.storage.ObjectNotFoundException;
import io.hexmirror.storage.Storage;
import io.hexmirror.sync.SelectedReleases;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The releases the mirror serves, read from its own {@code /versions} (and {@code /packages/NAME}
 * for publication times). These files were verified when the sync published them, so they are read
 * here without checking signatures again: nothing read here is published.
 */
final class MirrorRegistry {
    private static final long MAX_FILE_BYTES = 256L << 20;

    /** One mirrored release. */
    record MirroredRelease(String name, String version, boolean retired) {
    }

    private MirrorRegistry() {
    }

    /** The mirrored releases, per package ascending as {@code /versions} lists them; empty for an empty mirror. */
    static List<MirroredRelease> releases(Storage storage) throws IOException {
        Optional<byte[]> file = read(storage, RegistryPaths.VERSIONS);
        if (file.isEmpty()) {
            return List.of();
        }
        Versions versions = Versions.parseFrom(Signed.parseFrom(file.get()).getPayload());
        Optional<SelectedReleases> selection = SelectedReleases.load(storage);
        List<MirroredRelease> out = new ArrayList<>();
        for (VersionsPackage p : versions.getPackagesList()) {
            if (!RegistryPaths.isValidName(p.getName())) {
                continue;
            }
            Set<Integer> retired = new HashSet<>(p.getRetiredList());
            for (int i = 0; i < p.getVersionsCount(); i++) {
                String v = p.getVersions(i);
                if (!RegistryPaths.isValidVersion(v)) {
                    continue;
                }
                if (selection.isPresent() && !selection.get().contains(p.getName(), v)) {
                    continue;
                }
                out.add(new MirroredRelease(p.getName(), v, retired.contains(i)));
            }
        }
        return out;
    }

    /** When a release was published, from the mirror's {@code /packages/NAME}; empty when unknown. */
    static Optional<Instant> publishedAt(Storage storage, String name, String version) throws IOException {
        Optional<byte[]> file = read(storage, RegistryPaths.packageKey(name));
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Package pkg = Package.parseFrom(Signed.parseFrom(file.get()).getPayload());
        for (Release r : pkg.getReleasesList()) {
            if (r.getVersion().equals(version) && r.hasPublishedAt()) {
                return Optional.of(Instant.ofEpochSecond(r.getPublishedAt().getSeconds(), r.getPublishedAt().getNanos()));
            }
        }
        return Optional.empty();
    }

    private static Optional<byte[]> read(Storage storage, String key) throws IOException {
        try (InputStream in = new GZIPInputStream(storage.read(key))) {
            byte[] bytes = in.readNBytes((int) Math.min(MAX_FILE_BYTES, Integer.MAX_VALUE - 8));
            return Optional.of(bytes);
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }
}
