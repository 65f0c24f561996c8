package io.hexmirror.internal.transfer;

import io.hexmirror.MalformedDataException;
import io.hexmirror.PublicKeyMismatchException;
import io.hexmirror.RollbackException;
import io.hexmirror.VerificationException;
import io.hexmirror.downloads.DownloadSnapshot;
import io.hexmirror.files.ObjectTooLargeException;
import io.hexmirror.files.StoredObjects;
import io.hexmirror.internal.verify.RegistryRollback;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.ReleaseChecksums;
import io.hexmirror.registry.RepositoryKeys;
import io.hexmirror.registry.proto.Names;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.storage.Storage;
import io.hexmirror.tarball.TarballDigest;
import io.hexmirror.tarball.TarballReader;
import io.hexmirror.transfer.BundleEntry;
import io.hexmirror.transfer.BundleFileCheck;
import io.hexmirror.transfer.BundleManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks a staged bundle as clients will check the mirror after the import: every path is part of
 * the mirror's layout ({@link MirrorLayout}); {@code names}, {@code versions} and {@code public_key}
 * are never removed, and {@code public_key} is only ever the key the mirror verifies with; a
 * package file is removed only when the bundle's signed {@code names} drops the package, and a
 * {@code names} older than the mirror's is refused ({@link RegistryRollback}); every registry file's
 * signature and origin; every tarball of the bundle against the package file it will be served
 * with (the bundle's, or the mirror's when the bundle does not bring one); every release a new
 * package file lists has its tarball in the bundle or already in the mirror with those checksums;
 * no tarball is removed while a package file still lists it; installer files pass the checks a
 * sync makes ({@link InstallsImportCheck}), and so does the snapshot of download counts
 * ({@link DownloadSnapshot#parse}). Works one package at a time, so
 * memory stays small for a bundle of the whole of hex.pm.
 */
final class ImportVerifier {
    /** As for a sync: hex.pm's largest registry file is a few MB; this keeps a forged one out of memory. */
    private static final long MAX_REGISTRY_FILE_BYTES = 16L * 1024 * 1024;

    private final Storage target;
    private final RegistryReader reader;
    private final TarballReader tarballs = TarballReader.withDefaultLimits();

    private final BundleFileCheck fileCheck;
    private final Optional<PublicKey> installsKey;

    ImportVerifier(Storage target, RegistryReader reader) {
        this(target, reader, BundleFileCheck.NONE, Optional.empty());
    }

    /**
     * @param fileCheck the check of docs tarballs; {@link BundleFileCheck#NONE} refuses them
     * @param installsKey the key installs CSVs must verify with; empty refuses installer files
     */
    ImportVerifier(Storage target, RegistryReader reader, BundleFileCheck fileCheck, Optional<PublicKey> installsKey) {
        this.target = target;
        this.reader = reader;
        this.fileCheck = fileCheck;
        this.installsKey = installsKey;
    }

    /**
     * @param implicitRemovals for a full bundle, the mirror's files it does not hold, which the
     *     import would remove; empty otherwise
     * @throws VerificationException naming the file and the check it failed
     */
    void verify(StagedBundle bundle, List<BundleEntry> implicitRemovals) throws IOException, VerificationException {
        BundleManifest m = bundle.manifest();
        Map<String, Path> files = bundle.files();
        Set<String> removed = new HashSet<>();
        // Per package: the versions of the tarballs the bundle brings, and of those it removes.
        Map<String, Set<String>> brought = new TreeMap<>();
        Map<String, Set<String>> dropped = new TreeMap<>();
        Set<String> packages = new TreeSet<>();
        Set<String> packageRemovals = new TreeSet<>();
        Set<String> installsBrought = new TreeSet<>();
        Set<String> installsRemoved = new TreeSet<>();
        Optional<Names> names = Optional.empty();
        List<BundleEntry> all = new ArrayList<>(m.entries());
        all.addAll(implicitRemovals);
        for (BundleEntry e : all) {
            String path = e.path();
            MirrorLayout.Kind kind = MirrorLayout.kindOf(path).orElseThrow(() -> new VerificationException("the bundle "
                    + (e.deleted() ? "removes '" : "carries '") + path + "', which is not part of a mirror's layout ("
                    + MirrorLayout.DESCRIPTION + "): an import publishes or removes nothing it cannot verify"));
            if (e.deleted()) {
                if (!kind.removable()) {
                    throw new VerificationException("the bundle removes " + path + ": a mirror always keeps names, versions and"
                            + " public_key, so no bundle may remove them");
                }
                removed.add(path);
            }
            switch (kind) {
                case NAMES -> names = Optional.of(reader.readNames(read(files.get(path), path)));
                case VERSIONS -> reader.readVersions(read(files.get(path), path));
                case PUBLIC_KEY -> checkPublicKey(files.get(path));
                case PACKAGE -> {
                    String name = MirrorLayout.packageName(path);
                    packages.add(name);
                    if (e.deleted()) {
                        packageRemovals.add(name);
                    }
                }
                case TARBALL -> {
                    String[] nameVersion = MirrorLayout.tarball(path).orElseThrow();
                    packages.add(nameVersion[0]);
                    (e.deleted() ? dropped : brought).computeIfAbsent(nameVersion[0], n -> new TreeSet<>()).add(nameVersion[1]);
                }
                case DOCS -> {
                    if (!e.deleted()) {
                        if (fileCheck == BundleFileCheck.NONE) {
                            // Docs tarballs are unsigned: without the docs module's structural check nothing vouches for them.
                            throw new VerificationException("the bundle carries '" + path + "', a docs tarball, and this import"
                                    + " has no check for docs tarballs: an import publishes nothing it cannot verify");
                        }
                        fileCheck.check(path, files.get(path));
                    }
                }
                case INSTALLS -> (e.deleted() ? installsRemoved : installsBrought).add(path);
                case DOWNLOAD_COUNTS -> {
                    if (!e.deleted()) {
                        checkDownloadCounts(files.get(path));
                    }
                }
                default -> throw new IllegalStateException("unhandled kind " + kind);
            }
        }
        if (m.full() && names.isEmpty()) {
            throw new VerificationException("the bundle, a full copy, carries no " + RegistryPaths.NAMES
                    + ": without the signed list of packages it cannot justify replacing the mirror's files");
        }
        if (!installsBrought.isEmpty() && installsKey.isEmpty()) {
            // Installer files are checked against CSVs signed by a key this import was not given.
            throw new VerificationException("the bundle carries '" + installsBrought.iterator().next() + "', an installer"
                    + " file, and this import has no installs key to check installer files with: an import publishes"
                    + " nothing it cannot verify");
        }
        new InstallsImportCheck(target, installsKey).verify(installsBrought, installsRemoved, files, m.full());
        checkPackageRemovals(packageRemovals, names, m.full());
        if (names.isPresent()) {
            checkNotOlder(names.get());
        }
        for (String name : packages) {
            checkPackage(name, m.full(), files, removed, brought.getOrDefault(name, Set.of()), dropped.getOrDefault(name, Set.of()));
        }
    }

    /**
     * A package file is removed only when the signed {@code /names} the bundle brings no longer
     * lists the package, as a sync removes it.
     */
    private static void checkPackageRemovals(Set<String> removals, Optional<Names> names, boolean full)
            throws VerificationException {
        if (removals.isEmpty()) {
            return;
        }
        String first = RegistryPaths.packageKey(removals.iterator().next());
        if (names.isEmpty()) {
            throw new VerificationException("the bundle removes " + first + " but brings no signed " + RegistryPaths.NAMES
                    + " that drops the package: a removal must be justified by the registry");
        }
        Set<String> listed = new HashSet<>();
        names.get().getPackagesList().forEach(p -> listed.add(p.getName()));
        for (String name : removals) {
            if (listed.contains(name)) {
                throw new VerificationException("the bundle " + (full ? "(a full copy) holds no " : "removes ")
                        + RegistryPaths.packageKey(name) + ", but the " + RegistryPaths.NAMES + " it brings lists package " + name
                        + ": the mirror's file stays, and the bundle is refused");
            }
        }
    }

    /** Refuses a {@code /names} older than the mirror's: a rollback to an earlier, validly signed registry. */
    private void checkNotOlder(Names offered) throws IOException, VerificationException {
        Optional<byte[]> held = readTarget(RegistryPaths.NAMES);
        if (held.isEmpty()) {
            return;
        }
        Names heldNames;
        try {
            heldNames = reader.readNames(held.get());
        } catch (VerificationException e) {
            // A damaged mirror: the bundle repairs it, nothing to compare with.
            return;
        }
        List<String> older = RegistryRollback.olderPackages(heldNames, offered);
        if (!older.isEmpty()) {
            throw new RollbackException(RegistryPaths.NAMES + " in the bundle is older than the one in " + target.describe()
                    + ": the last change of " + older.size() + " package(s) goes backwards (" + RegistryRollback.summary(older)
                    + "). Importing it would undo releases or retirements; import a newer bundle instead");
        }
    }

    /** The snapshot of download counts is unsigned: it passes the check a sync makes of what the API sent. */
    private static void checkDownloadCounts(Path file) throws IOException, MalformedDataException {
        if (Files.size(file) > DownloadSnapshot.MAX_BYTES) {
            throw new MalformedDataException(DownloadSnapshot.KEY + " in the bundle is larger than " + DownloadSnapshot.MAX_BYTES
                    + " bytes");
        }
        DownloadSnapshot.parse(Files.readAllBytes(file), "in the bundle", Instant.now());
    }

    /** {@code /public_key} is published only when it is the key the mirror's registry files verify with. */
    private void checkPublicKey(Path file) throws IOException, VerificationException {
        byte[] expected = RepositoryKeys.toPem(reader.publicKey()).getBytes(StandardCharsets.US_ASCII);
        if (Files.size(file) != expected.length || !Arrays.equals(Files.readAllBytes(file), expected)) {
            throw new PublicKeyMismatchException(RegistryPaths.PUBLIC_KEY + " in the bundle is not the key " + target.describe()
                    + " verifies its registry with: publishing it would tell clients to trust another key");
        }
    }

    private void checkPackage(String name, boolean full, Map<String, Path> files, Set<String> removed, Set<String> brought,
            Set<String> dropped) throws IOException, VerificationException {
        String packageKey = RegistryPaths.packageKey(name);
        boolean inBundle = files.containsKey(packageKey);
        Optional<Package> served;
        String servedFrom;
        if (inBundle) {
            served = Optional.of(reader.readPackage(name, read(files.get(packageKey), packageKey)));
            servedFrom = packageKey + " in the bundle";
        } else if (full || removed.contains(packageKey)) {
            served = Optional.empty();
            servedFrom = null;
        } else {
            served = targetPackage(name);
            servedFrom = packageKey + " in " + target.describe();
        }
        Map<String, Release> releases = new HashMap<>();
        served.ifPresent(p -> p.getReleasesList().forEach(r -> releases.put(r.getVersion(), r)));

        for (String version : brought) {
            String key = RegistryPaths.tarballKey(name, version);
            if (served.isEmpty()) {
                throw new VerificationException(key + " in the bundle would be served with no package file: "
                        + (removed.contains(packageKey) ? "the bundle removes " + packageKey
                        : full ? "the bundle, a full copy, has no " + packageKey
                        : "neither the bundle nor " + target.describe() + " has " + packageKey));
            }
            Release release = releases.get(version);
            if (release == null) {
                throw new VerificationException(key + " in the bundle is not a release of " + servedFrom);
            }
            TarballDigest tarball = tarballs.digest(files.get(key), key);
            tarball.verifyAgainst(release, key + " in the bundle");
        }
        for (String version : dropped) {
            if (releases.containsKey(version)) {
                throw new VerificationException("the bundle removes " + RegistryPaths.tarballKey(name, version) + ", but "
                        + servedFrom + " lists that release");
            }
        }
        if (!inBundle) {
            return;
        }
        Optional<Package> before = full ? Optional.empty() : targetPackage(name);
        Map<String, Release> releasesBefore = new HashMap<>();
        before.ifPresent(p -> p.getReleasesList().forEach(r -> releasesBefore.put(r.getVersion(), r)));
        for (Release release : served.get().getReleasesList()) {
            String version = release.getVersion();
            if (brought.contains(version)) {
                continue;
            }
            String key = RegistryPaths.tarballKey(name, version);
            if (full || dropped.contains(version)) {
                throw new VerificationException(servedFrom + " lists release " + version + ", but the bundle "
                        + (full ? "holds no " : "removes ") + key);
            }
            Release old = releasesBefore.get(version);
            boolean present = target.stat(key).isPresent();
            // A tarball the mirror published with the same checksums was verified then.
            if (present && old != null && ReleaseChecksums.same(old, release)) {
                continue;
            }
            if (!present) {
                throw new VerificationException(servedFrom + " lists release " + version + ", but neither the bundle nor "
                        + target.describe() + " has " + key);
            }
            try (InputStream in = target.read(key)) {
                TarballDigest tarball = tarballs.digest(in, key);
                tarball.verifyAgainst(release, key + " in " + target.describe());
            }
        }
    }

    private Optional<Package> targetPackage(String name) throws IOException, VerificationException {
        String key = RegistryPaths.packageKey(name);
        Optional<byte[]> bytes = readTarget(key);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(reader.readPackage(name, bytes.get()));
        } catch (VerificationException e) {
            throw new VerificationException(key + " in " + target.describe() + ", which the bundle relies on, does not verify: "
                    + e.getMessage(), e);
        }
    }

    private Optional<byte[]> readTarget(String key) throws IOException, MalformedDataException {
        byte[] bytes;
        try {
            Optional<byte[]> stored = StoredObjects.readIfPresent(target, key, MAX_REGISTRY_FILE_BYTES);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            bytes = stored.get();
        } catch (ObjectTooLargeException e) {
            throw new MalformedDataException(e.getMessage(), e);
        }
        return Optional.of(bytes);
    }

    private static byte[] read(Path file, String path) throws IOException, MalformedDataException {
        if (Files.size(file) > MAX_REGISTRY_FILE_BYTES) {
            throw new MalformedDataException(path + " in the bundle is larger than " + MAX_REGISTRY_FILE_BYTES + " bytes");
        }
        return Files.readAllBytes(file);
    }
}
