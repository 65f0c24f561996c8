package io.hexmirror.internal.verify;

import static java.util.Objects.requireNonNull;

import io.hexmirror.VerificationException;
import io.hexmirror.concurrent.DaemonThreads;
import io.hexmirror.concurrent.Futures;
import io.hexmirror.files.ObjectTooLargeException;
import io.hexmirror.files.StoredObjects;
import io.hexmirror.generation.Quarantine;
import io.hexmirror.installs.InstallsOptions;
import io.hexmirror.internal.sync.MirroredReleases;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.ReleaseChecksums;
import io.hexmirror.registry.proto.Names;
import io.hexmirror.registry.proto.NamesPackage;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.ObjectNotFoundException;
import io.hexmirror.storage.Storage;
import io.hexmirror.tarball.TarballDigest;
import io.hexmirror.tarball.TarballReader;
import io.hexmirror.verify.VerifyReport;
import io.hexmirror.verify.VerifyReport.Kind;
import io.hexmirror.verify.VerifyReport.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Checks a whole mirror as a client would: every registry file's signature and origin, every
 * tarball listed by a package file against that file's checksums, and the installer files under
 * {@code installs/} as a sync checks them. Packages are checked on every core at once; the report is
 * the same as from one thread. Keeps the list of package names in memory, and the findings of the
 * few packages in flight. Releases the mirror has quarantined (see {@link Quarantine}) are reported
 * apart: the mirror is consistent without them.
 *
 * <p>By default a tarball is read once through SHA-256 and compared with the outer checksum of the
 * signed package file: a match proves the file is byte for byte the one the registry's signer
 * published, which a sync inspected in full before publishing it. {@link #deep} inspects each
 * tarball as a sync does as well, in the same single pass: its tar structure, the inner checksum
 * against its {@code CHECKSUM} member and the registry, and {@code contents.tar.gz} as valid gzip.
 * That finds, in addition, a tarball that the signer published broken, or a mirror written by
 * something that did not inspect them. A release whose registry entry has no outer checksum (older
 * registries) is always inspected in full, since its inner checksum is then all there is to check.
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
    /** Packages queued per worker thread, so that none waits while the findings are taken in order. */
    private static final int PACKAGES_AHEAD_PER_THREAD = 8;

    private final Storage storage;
    private final RegistryReader reader;
    private final boolean trustStoredChecksums;
    private final boolean deep;
    private final PublicKey installsKey;
    private final TarballReader tarballReader = TarballReader.withDefaultLimits();

    /** A verifier that reads every tarball and compares it with its outer checksum. */
    public MirrorVerifier(Storage storage, RegistryReader reader) {
        this(storage, reader, false, false, InstallsOptions.elixirTeamKey());
    }

    private MirrorVerifier(Storage storage, RegistryReader reader, boolean trustStoredChecksums, boolean deep,
            PublicKey installsKey) {
        this.storage = requireNonNull(storage, "storage is null");
        this.reader = requireNonNull(reader, "reader is null");
        this.trustStoredChecksums = trustStoredChecksums;
        this.deep = deep;
        this.installsKey = requireNonNull(installsKey, "installsKey is null");
    }

    /**
     * A verifier like this one that checks the installs CSVs' {@code .signed} files with
     * {@code key} instead of the Elixir team's key.
     */
    public MirrorVerifier checkingInstallsWith(PublicKey key) {
        return new MirrorVerifier(storage, reader, trustStoredChecksums, deep, key);
    }

    /**
     * A verifier like this one that, when {@code trust} is true, accepts a tarball without reading it
     * when {@link Storage#stat} gives a SHA-256 equal to the outer checksum its package file lists.
     * A tarball with no stored SHA-256, with one that differs, or whose release has no outer
     * checksum is read and checked in full, as without this option.
     */
    public MirrorVerifier trustingStoredChecksums(boolean trust) {
        return new MirrorVerifier(storage, reader, trust, deep, installsKey);
    }

    /**
     * A verifier like this one that, when {@code deep} is true, inspects every tarball it reads as a
     * sync does (tar structure, inner checksum, gzip) besides comparing it with its outer checksum.
     */
    public MirrorVerifier deep(boolean deep) {
        return new MirrorVerifier(storage, reader, trustStoredChecksums, deep, installsKey);
    }

    /**
     * Verifies the mirror.
     *
     * @param progress told the key of each file as it is checked
     * @throws IOException when the storage itself fails (not when a file is missing or corrupt: those
     *     are problems in the report)
     */
    public VerifyReport verify(Consumer<String> progress) throws IOException {
        Set<String> packageFiles = new TreeSet<>();
        try (Stream<ObjectInfo> files = storage.list(RegistryPaths.PACKAGES_PREFIX)) {
            files.forEach(info -> packageFiles.add(info.key().substring(RegistryPaths.PACKAGES_PREFIX.length())));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        // A selective mirror lists what it holds; other releases in verbatim package files are left out on purpose.
        Optional<MirroredReleases> selection = MirroredReleases.load(storage);
        // Packages are checked on every core at once; their findings are taken in name order, so the
        // report and the progress are the same as from one thread.
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService workers = DaemonThreads.pool(threads, "hexmirror-verify");
        // One hasher per worker thread, kept for the whole run: no buffer or digest per tarball.
        ThreadLocal<ObjectHasher> hashers = ThreadLocal.withInitial(ObjectHasher::new);
        List<Problem> problems = new ArrayList<>();
        Set<String> listed;
        int tarballs = 0;
        int notMirrored = 0;
        int trusted = 0;
        try {
            // /names and /versions are checked by a worker too, alongside the first packages instead of before them;
            // their findings still come first in the report.
            Future<IndexesCheck> indexes = workers.submit(this::checkIndexes);
            List<Problem> packageProblems = new ArrayList<>();
            Deque<Future<PackageCheck>> inFlight = new ArrayDeque<>();
            Iterator<String> queue = packageFiles.iterator();
            while (queue.hasNext() || !inFlight.isEmpty()) {
                while (queue.hasNext() && inFlight.size() < threads * PACKAGES_AHEAD_PER_THREAD) {
                    String name = queue.next();
                    inFlight.add(workers.submit(() -> checkPackage(name, selection, hashers.get())));
                }
                PackageCheck check = Futures.await(inFlight.remove(), "verify");
                check.checked().forEach(progress);
                packageProblems.addAll(check.problems());
                tarballs += check.tarballs();
                notMirrored += check.notMirrored();
                trusted += check.trusted();
            }
            IndexesCheck checkedIndexes = Futures.await(indexes, "verify");
            problems.addAll(checkedIndexes.problems());
            problems.addAll(packageProblems);
            listed = checkedIndexes.names();
        } finally {
            workers.shutdownNow();
        }
        // Installer files, when the mirror has any: each CSV against its signature, each build against its row.
        new InstallsCheck(storage, installsKey).check(progress, problems);
        listed.removeAll(packageFiles);
        return new VerifyReport(packageFiles.size(), tarballs, listed.size(), notMirrored, problems, trusted,
                Quarantine.load(storage).entries());
    }

    /** What checking {@code /names} and {@code /versions} found: the names {@code /names} lists, and the problems. */
    private record IndexesCheck(Set<String> names, List<Problem> problems) {
    }

    /** Checks {@code /names} and {@code /versions}; runs on a worker thread. */
    private IndexesCheck checkIndexes() throws IOException {
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
        return new IndexesCheck(listed, problems);
    }

    /** What checking one package found: the keys checked, in order, and the problems. */
    private record PackageCheck(List<String> checked, List<Problem> problems, int tarballs, int notMirrored, int trusted) {
    }

    /** Checks one package file and the tarballs it lists; runs on a worker thread. */
    private PackageCheck checkPackage(String name, Optional<MirroredReleases> selection, ObjectHasher hasher) throws IOException {
        List<String> checked = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        String key = RegistryPaths.PACKAGES_PREFIX + name;
        checked.add(key);
        if (!RegistryPaths.isValidName(name)) {
            problems.add(new Problem(key, Kind.CORRUPT, "not a valid package name"));
            return new PackageCheck(checked, problems, 0, 0, 0);
        }
        byte[] bytes = read(key, problems);
        if (bytes == null) {
            return new PackageCheck(checked, problems, 0, 0, 0);
        }
        Package pkg;
        try {
            pkg = reader.readPackage(name, bytes);
        } catch (VerificationException e) {
            problems.add(new Problem(key, Kind.CORRUPT, e.getMessage()));
            return new PackageCheck(checked, problems, 0, 0, 0);
        }
        int tarballs = 0;
        int notMirrored = 0;
        int trusted = 0;
        for (Release release : pkg.getReleasesList()) {
            if (selection.isPresent() && !selection.get().contains(name, release.getVersion())) {
                notMirrored++;
                continue;
            }
            tarballs++;
            if (checkTarball(name, release, hasher, checked::add, problems)) {
                trusted++;
            }
        }
        return new PackageCheck(checked, problems, tarballs, notMirrored, trusted);
    }

    /** Checks one tarball; returns whether it was accepted on its stored SHA-256 without being read. */
    private boolean checkTarball(String name, Release release, ObjectHasher hasher, Consumer<String> progress,
            List<Problem> problems) throws IOException {
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
        try {
            if (deep || !release.hasOuterChecksum()) {
                try (InputStream in = storage.read(key)) {
                    TarballDigest tarball = tarballReader.digest(in, key);
                    tarball.verifyAgainst(release, key);
                }
            } else {
                ReleaseChecksums.verifyOuter(key, hasher.sha256(storage, key, tarballReader.maxTarballBytes()), release);
            }
        } catch (ObjectTooLargeException e) {
            problems.add(new Problem(key, Kind.CORRUPT, key + ": exceeds the limit of " + e.limit() + " bytes"));
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
