package io.hexmirror.internal.transfer;

import io.hexmirror.downloads.DownloadSnapshot;
import io.hexmirror.installs.InstallsIndex;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.transfer.BundleFileCheck;
import java.util.Optional;

/**
 * The files a bundle may carry or remove: the mirror's layout, and nothing else. This is the one
 * place that says which paths an import knows how to verify; a path it does not classify is
 * refused by {@link ImportVerifier}, and the exporter leaves it out. An extension of the layout
 * adds its kind here and its check to the verifier.
 */
final class MirrorLayout {
    /** What a path of the layout holds, which decides how an import verifies it. */
    enum Kind {
        /** {@code names}: signed registry file; never removed. */
        NAMES,
        /** {@code versions}: signed registry file; never removed. */
        VERSIONS,
        /** {@code public_key}: must be the key the mirror's registry files verify with; never removed. */
        PUBLIC_KEY,
        /** {@code packages/NAME}: signed registry file; removed only when the bundle's signed names drops it. */
        PACKAGE,
        /** {@code tarballs/NAME-VERSION.tar}: checked against the package file it is served with. */
        TARBALL,
        /** {@code docs/NAME-VERSION.tar.gz}: unsigned; checked by the importer's {@link BundleFileCheck}. */
        DOCS,
        /**
         * {@code installs/...}: an installs CSV, its {@code .signed} file, or a build one folder down;
         * checked by {@link InstallsImportCheck} (CSVs against their signatures by the installs key,
         * builds against their CSV rows).
         */
        INSTALLS,
        /**
         * {@code stats/downloads.json}: the snapshot of download counts; unsigned, checked by
         * {@link DownloadSnapshot#parse} as a sync checks it.
         */
        DOWNLOAD_COUNTS;

        /** Whether a bundle may remove a file of this kind at all. */
        boolean removable() {
            return this == PACKAGE || this == TARBALL || this == DOCS || this == INSTALLS || this == DOWNLOAD_COUNTS;
        }
    }

    /** For messages: the paths a bundle may hold. */
    static final String DESCRIPTION = "names, versions, public_key, packages/NAME, tarballs/NAME-VERSION.tar, docs/NAME-VERSION.tar.gz, "
            + "installs/ (the installs CSVs, their .signed files, installs/ELIXIR/hex-VERSION.ez, installs/ELIXIR/rebar3-VERSION), "
            + DownloadSnapshot.KEY;

    private static final String DOCS_PREFIX = "docs/";
    private static final String DOCS_SUFFIX = ".tar.gz";

    private MirrorLayout() {
    }

    /** The kind of file at {@code path}, or empty when the path is not part of the mirror's layout. */
    static Optional<Kind> kindOf(String path) {
        if (path.equals(RegistryPaths.NAMES)) {
            return Optional.of(Kind.NAMES);
        }
        if (path.equals(RegistryPaths.VERSIONS)) {
            return Optional.of(Kind.VERSIONS);
        }
        if (path.equals(RegistryPaths.PUBLIC_KEY)) {
            return Optional.of(Kind.PUBLIC_KEY);
        }
        if (path.startsWith(RegistryPaths.PACKAGES_PREFIX)
                && RegistryPaths.isValidName(path.substring(RegistryPaths.PACKAGES_PREFIX.length()))) {
            return Optional.of(Kind.PACKAGE);
        }
        if (path.startsWith(RegistryPaths.TARBALLS_PREFIX) && tarball(path).isPresent()) {
            return Optional.of(Kind.TARBALL);
        }
        if (path.startsWith(DOCS_PREFIX) && path.endsWith(DOCS_SUFFIX)) {
            String file = path.substring(DOCS_PREFIX.length(), path.length() - DOCS_SUFFIX.length());
            int dash = file.indexOf('-');
            if (dash > 0 && RegistryPaths.isValidName(file.substring(0, dash))
                    && RegistryPaths.isValidVersion(file.substring(dash + 1))) {
                return Optional.of(Kind.DOCS);
            }
        }
        if (InstallsIndex.isInstallsPath(path)) {
            return Optional.of(Kind.INSTALLS);
        }
        if (path.equals(DownloadSnapshot.KEY)) {
            return Optional.of(Kind.DOWNLOAD_COUNTS);
        }
        return Optional.empty();
    }

    /** The package name of {@code packages/NAME}. */
    static String packageName(String path) {
        return path.substring(RegistryPaths.PACKAGES_PREFIX.length());
    }

    /**
     * {@code tarballs/NAME-VERSION.tar} as {NAME, VERSION}; names hold no '-', so the first one
     * splits. Empty for any other path.
     */
    static Optional<String[]> tarball(String path) {
        if (!path.startsWith(RegistryPaths.TARBALLS_PREFIX)) {
            return Optional.empty();
        }
        String file = path.substring(RegistryPaths.TARBALLS_PREFIX.length());
        int dash = file.indexOf('-');
        if (dash > 0 && file.endsWith(".tar")) {
            String name = file.substring(0, dash);
            String version = file.substring(dash + 1, file.length() - ".tar".length());
            if (RegistryPaths.isValidName(name) && RegistryPaths.isValidVersion(version)) {
                return Optional.of(new String[] {name, version});
            }
        }
        return Optional.empty();
    }
}
