package io.hexmirror.internal.sync;

import io.hexmirror.VerificationException;
import io.hexmirror.files.StoredObjects;
import io.hexmirror.generation.Sha256;
import io.hexmirror.internal.upstream.Download;
import io.hexmirror.internal.upstream.DownloadedBody;
import io.hexmirror.internal.upstream.UpstreamClient;
import io.hexmirror.mirror.ContentTypes;
import io.hexmirror.registry.RegistryFilter;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.RegistryWriter;
import io.hexmirror.registry.ReleaseChecksums;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.sync.SyncFailure;
import io.hexmirror.tarball.TarballDigest;
import io.hexmirror.tarball.TarballReader;
import io.hexmirror.upstream.FetchResult;
import io.hexmirror.upstream.UpstreamBodyTooLargeException;
import io.hexmirror.upstream.UpstreamConnectionException;
import io.hexmirror.upstream.UpstreamHttpException;
import io.hexmirror.upstream.UpstreamNotFoundException;
import io.hexmirror.upstream.UpstreamStalledException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syncs one package: its registry file and the tarballs it needs, tarballs first, made durable before
 * the package file in one batch sync shared with the packages finishing at the same time. Failures are
 * recorded in the counters, never thrown, so one bad package does not stop the others.
 *
 * <p>Failures come in two kinds. A transient one (the network, a timeout, a 5xx, a truncated
 * download, the local disk) leaves every file of the package as it was, and the sync holds back the
 * indexes so that the next one retries. A deterministic one (a package file whose signature, origin
 * or encoding is wrong; a tarball that does not match the signed registry's checksums or is not a
 * valid tarball) would fail the same way on every retry: it is quarantined, and the package is
 * either kept as it was (verbatim registry, or when the package file itself failed) or published
 * without the broken releases (re-signed registry).
 */
final class PackageSync {
    private static final Logger LOG = LoggerFactory.getLogger(PackageSync.class);

    /**
     * The memory that the tarballs being downloaded, verified and written may take together: a small share
     * of a 256 MiB heap however high the concurrency. Each thread keeps one tarball at a time in memory.
     */
    static final int TARBALLS_IN_MEMORY_BYTES = 16 * 1024 * 1024;
    /** The most one tarball takes in memory: larger ones (rare on hex.pm) go through a spill file. */
    static final int MAX_IN_MEMORY_TARBALL_BYTES = 1024 * 1024;
    /** The least: with very many threads, a share that still holds a typical tarball. */
    static final int MIN_IN_MEMORY_TARBALL_BYTES = 64 * 1024;

    private final UpstreamClient upstream;
    private final Storage storage;
    private final RegistryReader reader;
    private final RegistryLayout layout;
    private final Optional<RegistryWriter> resigner;
    private final boolean keepUnselected;
    private final Optional<MirroredReleases> previous;
    /** The list of mirrored releases being built, on a selective mirror only: a full mirror keeps none. */
    private final Optional<MirroredReleases> next;
    private final ExecutorService tarballPool;
    private final Path workDir;
    private final SyncCounters counters;
    private final TarballReader tarballReader = TarballReader.withDefaultLimits();
    /** The longest tarball read into memory; longer ones go through a spill file. */
    private final int inMemoryTarballBytes;
    /** Names the spill files, which live in this sync's own work directory. */
    private final AtomicLong spillFiles = new AtomicLong();
    /**
     * The first failure of the mirror's storage or of the local disk (a full disk, a read-only file
     * system): it stops every package, since each would fail alike, and ends the sync.
     */
    private final AtomicReference<IOException> localFailure = new AtomicReference<>();
    /**
     * Set when upstream as a whole has stalled: {@value #STALLS_TO_STOP} requests in a row got no data
     * ({@link UpstreamStalledException}) with no answer in between. Every later request would most likely wait
     * as long, so the sync stops and reports it instead of spending a minute per package. One file that stalls
     * while others arrive is only that file's failure.
     */
    private final AtomicReference<UpstreamStalledException> stall = new AtomicReference<>();
    private final AtomicInteger stallsInARow = new AtomicInteger();
    static final int STALLS_TO_STOP = 3;

    PackageSync(UpstreamClient upstream, Storage storage, RegistryReader reader, RegistryLayout layout,
            Optional<RegistryWriter> resigner, boolean keepUnselected, Optional<MirroredReleases> previous,
            Optional<MirroredReleases> next, ExecutorService tarballPool, int tarballThreads, Path workDir,
            SyncCounters counters) {
        this.upstream = upstream;
        this.storage = storage;
        this.reader = reader;
        this.layout = layout;
        this.resigner = resigner;
        this.keepUnselected = keepUnselected;
        this.previous = previous;
        this.next = next;
        this.tarballPool = tarballPool;
        this.inMemoryTarballBytes = inMemoryTarballBytes(tarballThreads);
        this.workDir = workDir;
        this.counters = counters;
    }

    /** The longest tarball each of {@code threads} tarball threads reads into memory. */
    static int inMemoryTarballBytes(int threads) {
        return Math.max(MIN_IN_MEMORY_TARBALL_BYTES, Math.min(MAX_IN_MEMORY_TARBALL_BYTES, TARBALLS_IN_MEMORY_BYTES / threads));
    }

    /** What became of one package. */
    enum Outcome {
        /** Fully in place. */
        DONE,
        /** A transient failure: every file of the package is as it was; the next sync must retry. */
        FAILED,
        /** A deterministic failure, quarantined: every file of the package is as it was. */
        KEPT_QUARANTINED,
        /** A deterministic failure, quarantined: the package was published without its broken releases. */
        PUBLISHED_QUARANTINED;

        /** Whether the package's files, and its entries in the mirror's list of releases, are as they were. */
        boolean keptAsItWas() {
            return this == FAILED || this == KEPT_QUARANTINED;
        }
    }

    /** Syncs the package and says what became of it. */
    Outcome sync(PackageTask task) throws InterruptedException {
        if (localFailure.get() != null || stall.get() != null) {
            return Outcome.FAILED;
        }
        String name = task.name();
        String key = RegistryPaths.packageKey(name);
        if (task.prefetched().filter(UpstreamPackages.Fetched::refusedUpstream).isPresent()) {
            // The planner found upstream's package file broken and planned with the mirror's last good
            // copy (and quarantined it): nothing here changes.
            return Outcome.KEPT_QUARANTINED;
        }
        byte[] bytes;
        Package fresh;
        try {
            if (task.prefetched().isPresent()) {
                bytes = task.prefetched().get().bytes();
                fresh = task.prefetched().get().pkg();
            } else {
                // Read and verified within the memory all package files being read share: a hostile
                // upstream's large bodies wait for each other. Once verified, the file is genuine.
                Verified verified = upstream.fetch(key, SyncEngine.MAX_REGISTRY_FILE_BYTES, body -> {
                    stallsInARow.set(0);
                    counters.listener().bytesReceived(body.length);
                    return new Verified(body, reader.readPackage(name, body));
                });
                bytes = verified.bytes();
                fresh = verified.pkg();
            }
        } catch (IOException e) {
            noteStall(e);
            counters.fail(new SyncFailure(key, e.getMessage()));
            return Outcome.FAILED;
        } catch (VerificationException e) {
            // Upstream's signed answer is wrong (signature, origin, encoding): the same again next time.
            counters.quarantine(name, Optional.empty(), new SyncFailure(key, e.getMessage()));
            return Outcome.KEPT_QUARANTINED;
        }
        String copyKey = layout.upstreamCopy(key);
        Optional<byte[]> oldCopy;
        try {
            oldCopy = StoredObjects.readIfPresent(storage, copyKey, SyncEngine.MAX_REGISTRY_FILE_BYTES);
        } catch (IOException e) {
            stop(e);
            counters.fail(new SyncFailure(key, "cannot read the mirror's copy: " + e.getMessage()));
            return Outcome.FAILED;
        }
        Map<String, Release> published = task.wanted().isEmpty() ? publishedReleases(name, oldCopy) : Map.of();
        reportLiftedRetirements(key, published, fresh);
        Set<String> mirrored = mirroredVersions(name, fresh, task.wanted());
        for (Release release : fresh.getReleasesList()) {
            if (!RegistryPaths.isValidRelease(name, release.getVersion())) {
                counters.reject(new SyncFailure(key, "upstream lists release '" + SyncEngine.abbreviate(release.getVersion())
                        + "', which is not a valid version or makes a tarball name too long: skipped (a problem upstream,"
                        + " not in this mirror)"));
            }
        }

        List<Future<Tarball>> tarballs = new ArrayList<>();
        for (Release release : fresh.getReleasesList()) {
            if (!mirrored.contains(release.getVersion())) {
                continue;
            }
            Release before = published.get(release.getVersion());
            // A release published with the same checksums has its tarball in place: tarballs are
            // always published before the package file that lists them.
            if ((before == null || !ReleaseChecksums.same(before, release)) && !verifiedBefore(name, release)) {
                // A release the mirror listed with other checksums was replaced upstream: the stored
                // tarball is the old one, so do not bother reading it, and hold the new one back
                // until the package file that lists it can be published too.
                boolean replaced = before != null;
                tarballs.add(tarballPool.submit(() -> ensureTarball(name, release, !replaced, replaced)));
            }
        }
        List<Tarball> held = new ArrayList<>();
        boolean allTarballs = true;
        Set<String> broken = new TreeSet<>();
        try {
            for (Future<Tarball> tarball : tarballs) {
                try {
                    Tarball outcome = tarball.get();
                    if (outcome.brokenVersion() != null) {
                        broken.add(outcome.brokenVersion());
                    } else {
                        allTarballs &= outcome.ok();
                    }
                    if (outcome.held() != null) {
                        held.add(outcome);
                    }
                } catch (ExecutionException e) {
                    // ensureTarball reports ordinary failures itself; anything else is a bug or a crash.
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException("syncing " + key + " failed unexpectedly", e.getCause());
                }
            }
            if (!allTarballs) {
                LOG.warn("{} not published: some of its tarballs failed; every file of the package stays as it was", key);
                return Outcome.FAILED;
            }
            if (!broken.isEmpty() && resigner.isEmpty()) {
                // Upstream's signed file cannot be published without the broken releases: clients
                // keep the last good copy, whole, until the broken ones go through.
                LOG.warn("{} not published: upstream serves {} wrongly (quarantined); the mirror keeps its last good copy",
                        key, broken);
                return Outcome.KEPT_QUARANTINED;
            }
            for (Tarball tarball : held) {
                if (!publishHeld(tarball)) {
                    return Outcome.FAILED;
                }
            }
            if (!broken.isEmpty()) {
                LOG.warn("{}: publishing without {}, which upstream serves wrongly (quarantined)", key, broken);
                mirrored.removeAll(broken);
            }
        } finally {
            for (Tarball tarball : held) {
                deleteQuietly(tarball.held());
            }
        }
        try {
            if (!tarballs.isEmpty()) {
                // The tarballs went in without waiting for the disk; the package file vouches for them (a later
                // sync trusts the tarballs it lists and reads none), so it is written only once they are durable.
                storage.syncDeferredWrites();
            }
            boolean changed = publish(copyKey, bytes, oldCopy);
            if (resigner.isPresent()) {
                byte[] rewritten = resigner.get().write(RegistryFilter.keepReleases(fresh, mirrored));
                changed = publish(key, rewritten, StoredObjects.readIfPresent(storage, key, SyncEngine.MAX_REGISTRY_FILE_BYTES));
            }
            if (changed) {
                counters.packagePublished(task.wasPresent());
            }
            if (next.isPresent()) {
                for (Release release : fresh.getReleasesList()) {
                    if (mirrored.contains(release.getVersion())) {
                        next.get().put(name, release.getVersion(), checksumOf(release));
                    }
                }
            }
            removeUnneededTarballs(name, published.keySet(), task, fresh, mirrored);
            return broken.isEmpty() ? Outcome.DONE : Outcome.PUBLISHED_QUARANTINED;
        } catch (IOException e) {
            stop(e);
            counters.fail(new SyncFailure(key, e.getMessage()));
            return Outcome.FAILED;
        }
    }

    /**
     * Says loudly when upstream's package file lists as not retired a release the mirror has as
     * retired: an author may lift a retirement, but so does an old package file served again to
     * hide a security warning.
     */
    private static void reportLiftedRetirements(String key, Map<String, Release> published, Package fresh) {
        if (published.isEmpty()) {
            return;
        }
        List<String> lifted = new ArrayList<>();
        for (Release release : fresh.getReleasesList()) {
            Release before = published.get(release.getVersion());
            if (before != null && before.hasRetired() && !release.hasRetired()) {
                lifted.add(release.getVersion() + " (was retired: " + before.getRetired().getReason()
                        + (before.getRetired().hasMessage() ? ", \"" + before.getRetired().getMessage() + "\"" : "") + ")");
            }
        }
        if (!lifted.isEmpty()) {
            LOG.warn("{}: upstream no longer retires {}. If its author did not lift the retirement, upstream serves an old"
                    + " package file again (a rollback): check before trusting these releases", key, String.join(", ", lifted));
        }
    }

    /** The versions this mirror holds of the package after this sync. */
    private Set<String> mirroredVersions(String name, Package fresh, Optional<Set<String>> wanted) {
        Set<String> mirrored = new TreeSet<>();
        for (Release release : fresh.getReleasesList()) {
            String version = release.getVersion();
            if (!RegistryPaths.isValidRelease(name, version)) {
                continue;
            }
            if (wanted.isEmpty() || wanted.get().contains(version)
                    || (keepUnselected && previous.isPresent() && previous.get().contains(name, version))) {
                mirrored.add(version);
            }
        }
        return mirrored;
    }

    private boolean publish(String key, byte[] bytes, Optional<byte[]> current) throws IOException {
        if (current.isPresent() && Arrays.equals(current.get(), bytes)) {
            return false;
        }
        storage.write(key, bytes, ContentTypes.writeOptionsFor(key).withSha256(Sha256.hex(bytes)));
        return true;
    }

    /** Whether a selective mirror verified this exact release in an earlier sync. */
    private boolean verifiedBefore(String name, Release release) {
        return previous.flatMap(p -> p.checksum(name, release.getVersion()))
                .filter(checksum -> checksum.equals(checksumOf(release)))
                .isPresent();
    }

    static String checksumOf(Release release) {
        return release.hasOuterChecksum()
                ? HexFormat.of().formatHex(release.getOuterChecksum().toByteArray())
                : "inner-" + HexFormat.of().formatHex(release.getInnerChecksum().toByteArray());
    }

    /** The releases of the mirror's current package file; empty when absent or unverifiable. */
    private Map<String, Release> publishedReleases(String name, Optional<byte[]> oldBytes) {
        Map<String, Release> releases = new HashMap<>();
        if (oldBytes.isPresent()) {
            try {
                reader.readPackage(name, oldBytes.get()).getReleasesList().forEach(r -> releases.put(r.getVersion(), r));
            } catch (VerificationException e) {
                LOG.warn("{} in the mirror does not verify ({}); checking all its tarballs", RegistryPaths.packageKey(name), e.getMessage());
            }
        }
        return releases;
    }

    /**
     * Deletes the tarballs this mirror no longer needs: releases upstream dropped (from the package
     * file this sync replaced, or from the mirror's index, which still lists what a sync stopped
     * half-way had not finished deleting), and on a selective mirror the releases the selection no
     * longer needs.
     */
    private void removeUnneededTarballs(String name, Set<String> published, PackageTask task, Package fresh, Set<String> mirrored)
            throws IOException {
        Set<String> candidates = new TreeSet<>();
        Set<String> indexed = task.indexed() == null ? Set.of() : new TreeSet<>(task.indexed().getVersionsList());
        if (task.wanted().isEmpty()) {
            candidates.addAll(published);
            candidates.addAll(indexed);
        } else if (previous.isPresent()) {
            // Only what an earlier sync mirrored can be here: no need to ask about every release.
            candidates.addAll(previous.get().versionsByPackage().getOrDefault(name, new TreeSet<>()));
        } else {
            // The first selective sync of a mirror that held everything: drop what is not selected.
            candidates.addAll(indexed);
            fresh.getReleasesList().forEach(r -> candidates.add(r.getVersion()));
        }
        candidates.removeAll(mirrored);
        if (keepUnselected) {
            // Keep everything still upstream; only releases upstream dropped go.
            fresh.getReleasesList().forEach(r -> candidates.remove(r.getVersion()));
        }
        for (String version : candidates) {
            if (RegistryPaths.isValidRelease(name, version) && storage.delete(RegistryPaths.tarballKey(name, version))) {
                counters.tarballRemoved();
            }
        }
    }

    /**
     * What became of one tarball: in place, or failed (reported; {@code brokenVersion} names the
     * release when the failure is deterministic), or downloaded and verified but held back in
     * {@code held} (a temporary file) for the caller to publish.
     */
    private record Tarball(boolean ok, String key, Path held, String sha256, long size, String brokenVersion) {
        static final Tarball FAILED = new Tarball(false, null, null, null, 0, null);

        static Tarball inPlace(String key) {
            return new Tarball(true, key, null, null, 0, null);
        }

        static Tarball broken(String version) {
            return new Tarball(false, null, null, null, 0, version);
        }
    }

    /**
     * Makes sure the mirror holds the release's tarball with the registry's checksums, or, with
     * {@code holdBack}, has it downloaded and verified, ready to publish.
     *
     * @param mayBeInPlace whether an interrupted sync may have published it already
     */
    private Tarball ensureTarball(String name, Release release, boolean mayBeInPlace, boolean holdBack) {
        String key = RegistryPaths.tarballKey(name, release.getVersion());
        if (localFailure.get() != null || stall.get() != null) {
            return Tarball.FAILED;
        }
        Path temp = null;
        try {
            Optional<ObjectInfo> existing = mayBeInPlace ? storage.stat(key) : Optional.empty();
            if (existing.isPresent() && storedTarballMatches(existing.get(), release)) {
                LOG.debug("{} already in the mirror", key);
                // A stopped sync may have written it and not synced it: it reads whole from the system's
                // cache, but must be on disk before the package file vouches for it.
                storage.syncWithDeferredWrites(key);
                return Tarball.inPlace(key);
            }
            counters.listener().tarballStarted(key);
            if (holdBack) {
                // Held until the package file can be published, while other tarballs arrive: on disk, not in memory.
                temp = Files.createTempFile(workDir, name + "-", ".tar");
                Download download = upstream.download(key, temp, TarballReader.DEFAULT_MAX_TARBALL_BYTES);
                received(download.size());
                TarballDigest tarball = tarballReader.digest(temp, key);
                tarball.verifyAgainst(release, key);
                Tarball held = new Tarball(true, key, temp, sha256Of(tarball), tarball.size(), null);
                temp = null;
                return held;
            }
            // Most tarballs are small: read into memory, verified there and written to the store from there,
            // they cost no staging file. A larger one goes to the spill file, which the finally block removes.
            // No package name holds a dot: this never names a held tarball's file.
            temp = workDir.resolve("spill." + spillFiles.incrementAndGet() + ".tar");
            DownloadedBody body = upstream.download(key, TarballReader.DEFAULT_MAX_TARBALL_BYTES, inMemoryTarballBytes, temp);
            if (body.inMemory()) {
                temp = null;
            }
            received(body.size());
            TarballDigest tarball = body.inMemory()
                    ? tarballReader.digest(new ByteArrayInputStream(body.bytes()), key)
                    : tarballReader.digest(body.file(), key);
            tarball.verifyAgainst(release, key);
            // Only now, verified, do the bytes reach the store.
            if (body.inMemory()) {
                publishTarball(key, body.bytes(), sha256Of(tarball));
            } else {
                publishTarball(key, body.file(), sha256Of(tarball), tarball.size());
            }
            return Tarball.inPlace(key);
        } catch (IOException e) {
            if (!isUpstreams(e)) {
                stop(e);
            }
            noteStall(e);
            counters.fail(new SyncFailure(key, e.getMessage()));
            return Tarball.FAILED;
        } catch (VerificationException e) {
            // The whole body arrived (a short one is an IOException) and does not match the signed
            // registry, or is no valid tarball: upstream would serve the same bytes again.
            counters.quarantine(name, Optional.of(release.getVersion()), new SyncFailure(key, e.getMessage()));
            return Tarball.broken(release.getVersion());
        } finally {
            deleteQuietly(temp);
        }
    }

    /** Whether the failure is upstream's (its answer, or the way to it), not the mirror's or the local disk's. */
    private static boolean isUpstreams(IOException e) {
        return e instanceof UpstreamConnectionException || e instanceof UpstreamHttpException
                || e instanceof UpstreamNotFoundException || e instanceof UpstreamBodyTooLargeException;
    }

    private void stop(IOException e) {
        if (localFailure.compareAndSet(null, e)) {
            LOG.error("stopping the sync: {}", e.getMessage());
        }
    }

    private void noteStall(Exception e) {
        if (e instanceof UpstreamStalledException stalled && stallsInARow.incrementAndGet() >= STALLS_TO_STOP
                && stall.compareAndSet(null, stalled)) {
            LOG.error("stopping the sync: {} requests in a row got no answer; the last: {}", STALLS_TO_STOP, stalled.getMessage());
        }
    }

    /** The stalled upstream request that stopped this sync, if any. */
    Optional<UpstreamStalledException> stall() {
        return Optional.ofNullable(stall.get());
    }

    /** The failure of the mirror's storage or of the local disk that stopped this sync, if any. */
    Optional<IOException> localFailure() {
        return Optional.ofNullable(localFailure.get());
    }

    private boolean publishHeld(Tarball tarball) {
        try {
            publishTarball(tarball.key(), tarball.held(), tarball.sha256(), tarball.size());
            return true;
        } catch (IOException e) {
            stop(e);
            counters.fail(new SyncFailure(tarball.key(), e.getMessage()));
            return false;
        }
    }

    private void received(long bytes) {
        stallsInARow.set(0);
        counters.listener().bytesReceived(bytes);
    }

    private static String sha256Of(TarballDigest tarball) {
        return HexFormat.of().formatHex(tarball.outerChecksum());
    }

    /**
     * Tarballs are durable with the package's batch sync, before the package file that lists them is
     * written. The SHA-256 is the verified outer checksum of exactly these bytes: the store, and the
     * generation's journal, take it from the options instead of hashing them again.
     */
    private static WriteOptions tarballWriteOptions(String key, String sha256) {
        return ContentTypes.writeOptionsFor(key).withSha256(sha256).withDeferredSync();
    }

    private void publishTarball(String key, Path file, String sha256, long size) throws IOException {
        try (ObjectWrite write = storage.write(key, tarballWriteOptions(key, sha256))) {
            Files.copy(file, write.stream());
            write.commit();
        }
        published(key, size);
    }

    private void publishTarball(String key, byte[] bytes, String sha256) throws IOException {
        storage.write(key, bytes, tarballWriteOptions(key, sha256));
        published(key, bytes.length);
    }

    private void published(String key, long size) {
        counters.tarballDownloaded();
        counters.listener().tarballPublished(key, size);
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", file, e.getMessage());
        }
    }

    /**
     * Whether a tarball already stored (by an interrupted sync, say) is the one the registry names:
     * by the SHA-256 the store keeps when it has one, else by reading it.
     */
    private boolean storedTarballMatches(ObjectInfo info, Release release) {
        if (info.sha256().isPresent() && release.hasOuterChecksum()) {
            return info.sha256().get().equalsIgnoreCase(HexFormat.of().formatHex(release.getOuterChecksum().toByteArray()));
        }
        try (InputStream in = storage.read(info.key())) {
            TarballDigest tarball = tarballReader.digest(in, info.key());
            tarball.verifyAgainst(release, info.key());
            return true;
        } catch (IOException | VerificationException e) {
            LOG.info("{} in the mirror is not the registry's ({}); downloading it again", info.key(), e.getMessage());
            return false;
        }
    }

    /** A package file and what it says, once its signature is checked. */
    private record Verified(byte[] bytes, Package pkg) {
    }
}
