package io.hexmirror.internal.sync;

import io.hexmirror.VerificationException;
import io.hexmirror.files.StoredObjects;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.proto.Names;
import io.hexmirror.registry.proto.Versions;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the mirror holds before a sync: its copies of upstream's {@code /names} and {@code /versions}
 * (verified; a copy that no longer verifies is treated as absent, so everything is compared again)
 * and the set of package files it serves. The copies are kept parsed too: when upstream's index is
 * byte for byte the mirror's copy (a 304, or the same body), the sync reads it from here instead of
 * verifying and parsing the same bytes again (a few MB of {@code /versions} at hex.pm's size).
 */
record MirrorIndexes(Optional<byte[]> namesBytes, Optional<byte[]> versionsBytes, Optional<Names> names,
        Optional<Versions> versions, UpstreamIndexes indexes, Set<String> packageFiles) {
    private static final Logger LOG = LoggerFactory.getLogger(MirrorIndexes.class);

    static MirrorIndexes load(Storage storage, RegistryReader reader, RegistryLayout layout) throws IOException {
        Optional<byte[]> names = StoredObjects.readIfPresent(storage, layout.upstreamCopy(RegistryPaths.NAMES), SyncEngine.MAX_REGISTRY_FILE_BYTES);
        Optional<byte[]> versions = StoredObjects.readIfPresent(storage, layout.upstreamCopy(RegistryPaths.VERSIONS), SyncEngine.MAX_REGISTRY_FILE_BYTES);
        UpstreamIndexes indexes = UpstreamIndexes.EMPTY;
        Optional<Names> parsedNames = Optional.empty();
        Optional<Versions> parsedVersions = Optional.empty();
        if (names.isPresent() && versions.isPresent()) {
            try {
                parsedNames = Optional.of(reader.readNames(names.get()));
                parsedVersions = Optional.of(reader.readVersions(versions.get()));
                indexes = UpstreamIndexes.of(parsedNames.get(), parsedVersions.get());
            } catch (VerificationException e) {
                LOG.warn("the mirror's own index does not verify ({}); comparing every package again", e.getMessage());
                names = Optional.empty();
                versions = Optional.empty();
                parsedNames = Optional.empty();
                parsedVersions = Optional.empty();
            }
        }
        return new MirrorIndexes(names, versions, parsedNames, parsedVersions, indexes, listPackageFiles(storage));
    }

    private static Set<String> listPackageFiles(Storage storage) throws IOException {
        Set<String> names = new HashSet<>();
        try (Stream<ObjectInfo> listed = storage.list(RegistryPaths.PACKAGES_PREFIX)) {
            listed.map(info -> info.key().substring(RegistryPaths.PACKAGES_PREFIX.length()))
                    .filter(RegistryPaths::isValidName)
                    .forEach(names::add);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return names;
    }

    /**
     * Upstream's {@code /names}: the mirror's parse when {@code bytes} are those of the mirror's copy (verified
     * when loaded, with the same reader), else verified and parsed now.
     */
    Names namesFrom(byte[] bytes, RegistryReader reader) throws VerificationException {
        return sameAsCopy(bytes, namesBytes) && names.isPresent() ? names.get() : reader.readNames(bytes);
    }

    /** Upstream's {@code /versions}, as {@link #namesFrom}. */
    Versions versionsFrom(byte[] bytes, RegistryReader reader) throws VerificationException {
        return sameAsCopy(bytes, versionsBytes) && versions.isPresent() ? versions.get() : reader.readVersions(bytes);
    }

    private static boolean sameAsCopy(byte[] bytes, Optional<byte[]> copy) {
        return copy.isPresent() && (copy.get() == bytes || Arrays.equals(copy.get(), bytes));
    }
}
