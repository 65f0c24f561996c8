package io.hexmirror.internal.transfer;

import io.hexmirror.installs.InstallsIndex;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.transfer.BundleEntry;
import java.util.Comparator;

/**
 * The order in which an import publishes a bundle's entries, the order a sync uses: tarballs
 * first, then other files (the public key, docs, installer builds), then package files and installer
 * CSVs, then {@code /versions} and
 * {@code /names}; removals last, package files before their tarballs. A client therefore never
 * sees a package file whose tarballs are not there yet, nor loses a tarball a package file still lists.
 */
final class PublishOrder {
    static final Comparator<BundleEntry> ENTRIES = Comparator.comparingInt((BundleEntry e) -> rank(e.path(), e.deleted()))
            .thenComparing(BundleEntry::path);

    private PublishOrder() {
    }

    static int rank(String path, boolean removal) {
        if (removal) {
            return path.startsWith(RegistryPaths.PACKAGES_PREFIX) ? 5 : path.startsWith(RegistryPaths.TARBALLS_PREFIX) ? 6 : 7;
        }
        if (path.startsWith(RegistryPaths.TARBALLS_PREFIX)) {
            return 0;
        }
        if (path.startsWith(RegistryPaths.PACKAGES_PREFIX) || InstallsIndex.ofKey(path).isPresent()) {
            // Installer CSVs are indexes too: after the builds they list.
            return 2;
        }
        if (path.equals(RegistryPaths.VERSIONS)) {
            return 3;
        }
        if (path.equals(RegistryPaths.NAMES)) {
            return 4;
        }
        return 1;
    }
}
