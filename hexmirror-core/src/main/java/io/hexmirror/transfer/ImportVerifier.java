package io.hexmirror.transfer;

import io.hexmirror.files.ObjectTooLargeException;
import io.hexmirror.files.StoredObjects;
import io.hexmirror.MalformedDataException;
import io.hexmirror.VerificationException;
import io.hexmirror.installs.InstallsIndex;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.ReleaseChecksums;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.storage.Storage;
import io.hexmirror.tarball.TarballDigest;
import io.hexmirror.tarball.TarballReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks a staged bundle as clients will check the mirror after the import: every registry file's
 * signature and origin; every tarball of the bundle against the package file it will be served
 * with (the bundle's, or the mirror's when the bundle does not bring one); every release a new
 * package file lists has its tarball in the bundle or already in the mirror with those checksums;
 * no tarball is removed while a package file still lists it; installer files pass the checks a
 * sync makes ({@link InstallsImportCheck}). Works one package at a time, so
 * memory stays small for a bundle of the whole of hex.pm.
 */
final class ImportVerifier {
    private static final long MAX_REGISTRY_FILE_BYTES = 256L * 1024 * 1024;

    private final Storage target;
    private final RegistryReader reader;
    private final PublicKey installsKey;
    private final TarballReader tarballs = TarballReader.withDefaultLimits();

    ImportVerifier(Storage target, RegistryReader reader, PublicKey installsKey) {
        this.target = target;
        this.reader = reader;
        this.installsKey = installsKey;
    }

    /**
     * @throws VerificationException naming the file and the check it failed
     */
    void verify(StagedBundle bundle) throws IOException, VerificationException {
        BundleManifest m = bundle.manifest();
        Map<String, Path> files = bundle.files();
        Set<String> removed = new HashSet<>();
        // Per package: the versions of the tarballs the bundle brings, and of those it removes.
        Map<String, Set<String>> brought = new TreeMap<>();
        Map<String, Set<String>> dropped = new TreeMap<>();
        Set<String> packages = new TreeSet<>();
        Set<String> installs = new TreeSet<>();
        for (BundleEntry e : m.entries()) {
            String path = e.path();
            if (e.deleted()) {
                removed.add(path);
            }
            if (path.equals(RegistryPaths.NAMES) && !e.deleted()) {
                reader.readNames(read(files.get(path), path));
            } else if (path.equals(RegistryPaths.VERSIONS) && !e.deleted()) {
                reader.readVersions(read(files.get(path), path));
            } else if (path.startsWith(RegistryPaths.PACKAGES_PREFIX)) {
                packages.add(packageName(path));
            } else if (path.startsWith(RegistryPaths.TARBALLS_PREFIX)) {
                String[] nameVersion = tarball(path);
                packages.add(nameVersion[0]);
                (e.deleted() ? dropped : brought).computeIfAbsent(nameVersion[0], n -> new TreeSet<>()).add(nameVersion[1]);
            } else if (path.startsWith(InstallsIndex.PREFIX) && !e.deleted()) {
                installs.add(path);
            }
        }
        new InstallsImportCheck(target, installsKey).verify(installs, files, m.full());
        for (String name : packages) {
            checkPackage(name, m.full(), files, removed, brought.getOrDefault(name, Set.of()), dropped.getOrDefault(name, Set.of()));
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
        try {
            return Optional.of(reader.readPackage(name, bytes));
        } catch (VerificationException e) {
            throw new VerificationException(key + " in " + target.describe() + ", which the bundle relies on, does not verify: "
                    + e.getMessage(), e);
        }
    }

    private static byte[] read(Path file, String path) throws IOException, MalformedDataException {
        if (Files.size(file) > MAX_REGISTRY_FILE_BYTES) {
            throw new MalformedDataException(path + " in the bundle is larger than " + MAX_REGISTRY_FILE_BYTES + " bytes");
        }
        return Files.readAllBytes(file);
    }

    private static String packageName(String path) throws MalformedDataException {
        String name = path.substring(RegistryPaths.PACKAGES_PREFIX.length());
        if (!RegistryPaths.isValidName(name)) {
            throw new MalformedDataException("bundle entry " + path + ": '" + name + "' is not a valid package name");
        }
        return name;
    }

    /** {@code tarballs/NAME-VERSION.tar} as {NAME, VERSION}; names hold no '-', so the first one splits. */
    static String[] tarball(String path) throws MalformedDataException {
        String file = path.substring(RegistryPaths.TARBALLS_PREFIX.length());
        int dash = file.indexOf('-');
        if (dash > 0 && file.endsWith(".tar")) {
            String name = file.substring(0, dash);
            String version = file.substring(dash + 1, file.length() - ".tar".length());
            if (RegistryPaths.isValidName(name) && RegistryPaths.isValidVersion(version)) {
                return new String[] {name, version};
            }
        }
        throw new MalformedDataException("bundle entry " + path + " is not a tarball path tarballs/NAME-VERSION.tar");
    }
}
