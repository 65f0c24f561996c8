package io.hexmirror.internal.sync;

import io.hexmirror.VerificationException;
import io.hexmirror.files.StoredObjects;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the mirror holds before a sync: its copies of upstream's {@code /names} and {@code /versions}
 * (verified; a copy that no longer verifies is treated as absent, so everything is compared again)
 * and the set of package files it serves.
 */
record MirrorIndexes(Optional<byte[]> namesBytes, Optional<byte[]> versionsBytes, UpstreamIndexes indexes, Set<String> packageFiles) {
    private static final Logger LOG = LoggerFactory.getLogger(MirrorIndexes.class);

    static MirrorIndexes load(Storage storage, RegistryReader reader, RegistryLayout layout) throws IOException {
        Optional<byte[]> names = StoredObjects.readIfPresent(storage, layout.upstreamCopy(RegistryPaths.NAMES), SyncEngine.MAX_REGISTRY_FILE_BYTES);
        Optional<byte[]> versions = StoredObjects.readIfPresent(storage, layout.upstreamCopy(RegistryPaths.VERSIONS), SyncEngine.MAX_REGISTRY_FILE_BYTES);
        UpstreamIndexes indexes = UpstreamIndexes.EMPTY;
        if (names.isPresent() && versions.isPresent()) {
            try {
                indexes = UpstreamIndexes.of(reader.readNames(names.get()), reader.readVersions(versions.get()));
            } catch (VerificationException e) {
                LOG.warn("the mirror's own index does not verify ({}); comparing every package again", e.getMessage());
                names = Optional.empty();
                versions = Optional.empty();
            }
        }
        return new MirrorIndexes(names, versions, indexes, listPackageFiles(storage));
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
}
