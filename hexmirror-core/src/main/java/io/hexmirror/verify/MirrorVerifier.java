package io.hexmirror.verify;

import io.hexmirror.files.ObjectTooLargeException;
import io.hexmirror.files.StoredObjects;
import static java.util.Objects.requireNonNull;

import io.hexmirror.VerificationException;
import io.hexmirror.installs.InstallsOptions;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.proto.Names;
import io.hexmirror.registry.proto.NamesPackage;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.ObjectNotFoundException;
import io.hexmirror.storage.Storage;
import io.hexmirror.sync.MirroredReleases;
import io.hexmirror.tarball.TarballDigest;
import io.hexmirror.tarball.TarballReader;
import io.hexmirror.verify.VerifyReport.Kind;
import io.hexmirror.verify.VerifyReport.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Checks a whole mirror as a client would: every registry file's signature and origin, every
 * tarball listed by a package file against that file's checksums (outer and inner), and the
 * installer files under {@code installs/} as a sync checks them. Reads everything
 * once, streaming; keeps only the list of package names in memory.
 *
 * <p>{@link #trustingStoredChecksums} spares the download of tarballs on a store that keeps each
 * object's SHA-256 ({@link io.hexmirror.storage.StorageCapability#STORED_SHA256}, such as S3): a
 * tarball whose stored SHA-256 equals the registry's outer checksum is accepted without being read.
 * That trusts the store to keep content and metadata together (true of objects written through
 * it); a tarball changed behind the store's back with its old metadata left in place goes unnoticed.
 * Registry files are always read, since their signatures are what the checksums rest on.
 *
 * <p><b>Not API.</b> Implementation behind {@link io.hexmirror.HexMirror}, public only so that hexmirror's own
 * modules and tests can reach it; it may change or disappear in any release. Use the facade.
 */
public final class MirrorVerifier {
    private static final long MAX_REGISTRY_FILE_BYTES = 256L * 1024 * 1024;

    private final Storage storage;
    private final RegistryReader reader;
    private final boolean trustStoredChecksums;
    private final PublicKey installsKey;
    private final TarballReader tarballReader = TarballReader.withDefaultLimits();

    /** A verifier that reads every tarball. */
    public MirrorVerifier(Storage storage, RegistryReader reader) {
        this(storage, reader, false, InstallsOptions.elixirTeamKey());
    }

    private MirrorVerifier(Storage storage, RegistryReader reader, boolean trustStoredChecksums, PublicKey installsKey) {
        this.storage = requireNonNull(storage, "storage is null");
        this.reader = requireNonNull(reader, "reader is null");
        this.trustStoredChecksums = trustStoredChecksums;
        this.installsKey = requireNonNull(installsKey, "installsKey is null");
    }

    /**
     * A verifier like this one that checks the installs CSVs' {@code .signed} files with
     * {@code key} instead of the Elixir team's key.
     */
    public MirrorVerifier checkingInstallsWith(PublicKey key) {
        return new MirrorVerifier(storage, reader, trustStoredChecksums, key);
    }

    /**
     * A verifier like this one that, when {@code trust} is true, accepts a tarball without reading it
     * when {@link Storage#stat} gives a SHA-256 equal to the outer checksum its package file lists.
     * A tarball with no stored SHA-256, with one that differs, or whose release has no outer
     * checksum is read and checked in full, as without this option.
     */
    public MirrorVerifier trustingStoredChecksums(boolean trust) {
        return new MirrorVerifier(storage, reader, trust, installsKey);
    }

    /**
     * Verifies the mirror.
     *
     * @param progress told the key of each file as it is checked
     * @throws IOException when the storage itself fails (not when a file is missing or corrupt: those
     *     are problems in the report)
     */
    public VerifyReport verify(Consumer<String> progress) throws IOException {
        List<Problem> problems = new ArrayList<>();
        Set<String> listed = new TreeSet<>();
        byte[] names = read(RegistryPaths.NAMES, problems);
        if (names != null) {
            try {
                Names decoded = reader.readNames(names);
                decoded.getPackagesList().stream().map(NamesPackage::getName).forEach(listed::add);
            } catch (VerificationException e) {
                problems.add(new Problem(RegistryPaths.NAMES, Kind.CORRUPT, e.getMessage()));
            }
        }
        byte[] versions = read(RegistryPaths.VERSIONS, problems);
        if (versions != null) {
            try {
                reader.readVersions(versions);
            } catch (VerificationException e) {
                problems.add(new Problem(RegistryPaths.VERSIONS, Kind.CORRUPT, e.getMessage()));
            }
        }

        Set<String> packageFiles = new TreeSet<>();
        try (Stream<ObjectInfo> files = storage.list(RegistryPaths.PACKAGES_PREFIX)) {
            files.forEach(info -> packageFiles.add(info.key().substring(RegistryPaths.PACKAGES_PREFIX.length())));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        // A selective mirror lists what it holds; other releases in verbatim package files are left out on purpose.
        Optional<MirroredReleases> selection = MirroredReleases.load(storage);
        int tarballs = 0;
        int notMirrored = 0;
        int trusted = 0;
        for (String name : packageFiles) {
            String key = RegistryPaths.PACKAGES_PREFIX + name;
            progress.accept(key);
            if (!RegistryPaths.isValidName(name)) {
                problems.add(new Problem(key, Kind.CORRUPT, "not a valid package name"));
                continue;
            }
            byte[] bytes = read(key, problems);
            if (bytes == null) {
                continue;
            }
            Package pkg;
            try {
                pkg = reader.readPackage(name, bytes);
            } catch (VerificationException e) {
                problems.add(new Problem(key, Kind.CORRUPT, e.getMessage()));
                continue;
            }
            for (Release release : pkg.getReleasesList()) {
                if (selection.isPresent() && !selection.get().contains(name, release.getVersion())) {
                    notMirrored++;
                    continue;
                }
                tarballs++;
                if (checkTarball(name, release, progress, problems)) {
                    trusted++;
                }
            }
        }
        // Installer files, when the mirror has any: each CSV against its signature, each build against its row.
        new InstallsCheck(storage, installsKey).check(progress, problems);
        listed.removeAll(packageFiles);
        return new VerifyReport(packageFiles.size(), tarballs, listed.size(), notMirrored, problems, trusted);
    }

    /** Checks one tarball; returns whether it was accepted on its stored SHA-256 without being read. */
    private boolean checkTarball(String name, Release release, Consumer<String> progress, List<Problem> problems)
            throws IOException {
        String key = RegistryPaths.tarballKey(name, release.getVersion());
        progress.accept(key);
        if (trustStoredChecksums && release.hasOuterChecksum()) {
            Optional<ObjectInfo> info = storage.stat(key);
            if (info.isEmpty()) {
                problems.add(new Problem(key, Kind.MISSING, "listed in packages/" + name + " but not in the mirror"));
                return false;
            }
            String outer = HexFormat.of().formatHex(release.getOuterChecksum().toByteArray());
            if (info.get().sha256().filter(outer::equals).isPresent()) {
                return true;
            }
        }
        try (InputStream in = storage.read(key)) {
            TarballDigest tarball = tarballReader.digest(in, key);
            tarball.verifyAgainst(release, key);
        } catch (ObjectNotFoundException e) {
            problems.add(new Problem(key, Kind.MISSING, "listed in packages/" + name + " but not in the mirror"));
        } catch (VerificationException e) {
            problems.add(new Problem(key, Kind.CORRUPT, e.getMessage()));
        }
        return false;
    }

    private byte[] read(String key, List<Problem> problems) throws IOException {
        try {
            Optional<byte[]> bytes = StoredObjects.readIfPresent(storage, key, MAX_REGISTRY_FILE_BYTES);
            if (bytes.isEmpty()) {
                problems.add(new Problem(key, Kind.MISSING, "not in the mirror"));
            }
            return bytes.orElse(null);
        } catch (ObjectTooLargeException e) {
            problems.add(new Problem(key, Kind.CORRUPT, "larger than " + MAX_REGISTRY_FILE_BYTES + " bytes"));
            return null;
        }
    }
}
