package io.hexmirror.sync;

import static java.util.Objects.requireNonNull;

import io.hexmirror.VerificationException;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.RepositoryKeys;
import io.hexmirror.registry.proto.Names;
import io.hexmirror.registry.proto.Versions;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.upstream.FetchResult;
import io.hexmirror.upstream.UpstreamClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a mirror up to date with an upstream Hex repository.
 *
 * <p>The order of work keeps the mirror usable at every instant: fetch and verify {@code /names} and
 * {@code /versions}; find the packages that differ from the mirror's own copies; for each, fetch and
 * verify {@code /packages/NAME}, download and verify the tarballs it needs, publish them, then publish
 * the package file; last publish {@code /versions} and {@code /names}, then delete what upstream
 * removed. Every write is atomic, so a sync killed at any moment leaves files that clients can use,
 * and the next sync resumes: tarballs already published are checked locally, not downloaded again.
 *
 * <p>Registry files are stored byte for byte as upstream sent them. Nothing is published before its
 * signature, origin and checksums verify. A failure is recorded and the rest goes on; if anything
 * failed, {@code /names} and {@code /versions} keep their previous content so the next sync finds
 * the same differences and retries.
 *
 * <p>A single engine runs one sync at a time; callers make sure only one sync writes to a mirror
 * (see {@code MirrorLock}).
 */
public final class SyncEngine {
    private static final Logger LOG = LoggerFactory.getLogger(SyncEngine.class);
    /** Upstream ETags of the indexes last published, so an unchanged index costs a 304 and no body. */
    static final String ETAGS_KEY = ".hexmirror/upstream-etags";
    /** hex.pm's /versions is a few MB; this only guards against a hostile upstream. */
    static final long MAX_REGISTRY_FILE_BYTES = 256L * 1024 * 1024;

    private final UpstreamClient upstream;
    private final Storage storage;
    private final RegistryReader reader;
    private final SyncOptions options;
    private final SyncListener listener;

    public SyncEngine(UpstreamClient upstream, Storage storage, RegistryReader reader, SyncOptions options, SyncListener listener) {
        this.upstream = requireNonNull(upstream, "upstream is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.reader = requireNonNull(reader, "reader is null");
        this.options = requireNonNull(options, "options is null");
        this.listener = requireNonNull(listener, "listener is null");
    }

    /**
     * Runs one sync.
     *
     * @return the summary; {@link SyncSummary#succeeded()} is false when anything was left out
     * @throws VerificationException when {@code /names} or {@code /versions} from upstream fail
     *     verification: nothing is changed in the mirror
     * @throws IOException when upstream or the storage cannot be used at all
     */
    public SyncSummary run() throws IOException, VerificationException {
        // What the sync changes becomes a new generation of the mirror, even if it fails part-way.
        return io.hexmirror.generation.GenerationRecorder.record(storage,
                recording -> new SyncEngine(upstream, recording, reader, options, listener).runRecorded());
    }

    private SyncSummary runRecorded() throws IOException, VerificationException {
        long started = System.nanoTime();
        long requestsBefore = upstream.requestCount();
        long bytesBefore = upstream.bytesReceived();
        SyncCounters counters = new SyncCounters(listener);

        listener.stage("reading the mirror's current state");
        UpstreamEtags etags = UpstreamEtags.load(storage, ETAGS_KEY);
        MirrorIndexes mirror = MirrorIndexes.load(storage, reader);

        listener.stage("fetching /names and /versions");
        IndexFile names = fetchIndex(RegistryPaths.NAMES, mirror.namesBytes(), etags);
        IndexFile versions = fetchIndex(RegistryPaths.VERSIONS, mirror.versionsBytes(), etags);
        Names upstreamNames = reader.readNames(names.bytes());
        Versions upstreamVersions = reader.readVersions(versions.bytes());
        UpstreamIndexes upstreamIndexes = UpstreamIndexes.of(upstreamNames, upstreamVersions);

        Set<String> present = mirror.packageFiles();
        List<String> toSync = new ArrayList<>();
        for (String name : upstreamIndexes.names().keySet()) {
            if (options.selects(name) && (!present.contains(name) || upstreamIndexes.differsFrom(mirror.indexes(), name))) {
                toSync.add(name);
            }
        }
        Collections.sort(toSync);
        for (String wanted : options.packages()) {
            if (!upstreamIndexes.names().containsKey(wanted)) {
                // Not retryable: the indexes are still published.
                counters.reject(new SyncFailure(RegistryPaths.packageKey(wanted), "no such package upstream"));
            }
        }
        // A package whose file is gone but which the mirror's index still lists was being removed when
        // an earlier sync stopped: remove it again to delete what is left of it.
        Set<String> removed = new TreeSet<>(present);
        removed.addAll(mirror.indexes().names().keySet());
        removed.removeAll(upstreamIndexes.names().keySet());

        listener.stage("syncing " + toSync.size() + " packages");
        listener.packagesPlanned(toSync.size());
        Path workDir = Files.createTempDirectory("hexmirror-sync-");
        try {
            syncPackages(toSync, present, mirror.indexes(), workDir, counters);
        } finally {
            deleteRecursively(workDir);
        }

        for (String name : removed) {
            removePackage(name, counters);
        }
        writePublicKey();
        // The indexes go last: until they are published, the next sync sees the same differences
        // and finishes whatever this one could not.
        boolean publishIndexes = !counters.retryNeeded();
        if (publishIndexes) {
            listener.stage("publishing /versions and /names");
            publishIndex(RegistryPaths.VERSIONS, versions, etags);
            publishIndex(RegistryPaths.NAMES, names, etags);
            etags.save(storage, ETAGS_KEY);
        } else {
            LOG.warn("{} failure(s): /names and /versions keep their previous content; the next sync retries",
                    counters.failures().size());
        }

        return new SyncSummary(
                counters.added(), counters.updated(), counters.removed(),
                counters.tarballsDownloaded(), counters.tarballsRemoved(),
                upstream.bytesReceived() - bytesBefore, upstream.requestCount() - requestsBefore,
                Duration.ofNanos(System.nanoTime() - started), publishIndexes, counters.failures());
    }

    private void syncPackages(List<String> names, Set<String> present, UpstreamIndexes mirrorIndexes, Path workDir,
            SyncCounters counters) throws IOException {
        int concurrency = options.concurrency();
        // Package tasks wait for their tarball tasks, so each kind gets its own pool: no deadlock.
        ExecutorService packagePool = Executors.newFixedThreadPool(concurrency, daemonThreads("hexmirror-package"));
        ExecutorService tarballPool = Executors.newFixedThreadPool(concurrency, daemonThreads("hexmirror-tarball"));
        try {
            PackageSync packageSync = new PackageSync(upstream, storage, reader, tarballPool, workDir, counters);
            List<Future<?>> futures = new ArrayList<>(names.size());
            for (String name : names) {
                futures.add(packagePool.submit(() -> {
                    packageSync.sync(name, present.contains(name), mirrorIndexes.versions().get(name));
                    listener.packageFinished(name);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                awaitUnchecked(future);
            }
        } finally {
            // On an error, stop the remaining work before returning: nothing may write after run() ends.
            packagePool.shutdownNow();
            tarballPool.shutdownNow();
            awaitTermination(packagePool);
            awaitTermination(tarballPool);
        }
    }

    private IndexFile fetchIndex(String path, Optional<byte[]> mirrorCopy, UpstreamEtags etags) throws IOException {
        // Ask conditionally only when the mirror holds the copy that the ETag describes.
        String etag = mirrorCopy.isPresent() ? etags.get(path) : null;
        FetchResult result = upstream.fetch(path, etag, MAX_REGISTRY_FILE_BYTES);
        listener.bytesReceived(result.notModified() ? 0 : result.body().length);
        if (result.notModified()) {
            return new IndexFile(mirrorCopy.orElseThrow(), etag, false);
        }
        boolean changed = mirrorCopy.isEmpty() || !java.util.Arrays.equals(mirrorCopy.get(), result.body());
        return new IndexFile(result.body(), result.etag(), changed);
    }

    private void publishIndex(String key, IndexFile file, UpstreamEtags etags) throws IOException {
        if (file.changed()) {
            storage.write(key, file.bytes(), WriteOptions.defaults().withSha256(Hashes.sha256Hex(file.bytes())));
        }
        etags.put(key, file.etag());
    }

    /** Stores the key that verifies this mirror's registry, so users can fetch it from the mirror. */
    private void writePublicKey() throws IOException {
        byte[] pem = RepositoryKeys.toPem(reader.publicKey()).getBytes(StandardCharsets.US_ASCII);
        Optional<byte[]> current = StoredFiles.readIfPresent(storage, RegistryPaths.PUBLIC_KEY, 64 * 1024);
        if (current.isEmpty() || !java.util.Arrays.equals(current.get(), pem)) {
            storage.write(RegistryPaths.PUBLIC_KEY, pem, WriteOptions.defaults().withSha256(Hashes.sha256Hex(pem)));
        }
    }

    private void removePackage(String name, SyncCounters counters) throws IOException {
        String key = RegistryPaths.packageKey(name);
        Set<String> tarballs = new TreeSet<>();
        try {
            StoredFiles.readIfPresent(storage, key, MAX_REGISTRY_FILE_BYTES).ifPresent(bytes -> {
                try {
                    reader.readPackage(name, bytes).getReleasesList()
                            .forEach(r -> tarballs.add(RegistryPaths.tarballKey(name, r.getVersion())));
                } catch (VerificationException e) {
                    LOG.warn("{} in the mirror does not verify ({}); removing its tarballs by name", key, e.getMessage());
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        try (Stream<ObjectInfo> listed = storage.list(RegistryPaths.TARBALLS_PREFIX + name + "-")) {
            listed.forEach(info -> tarballs.add(info.key()));
        }
        // The package file goes first: a client never sees a package whose tarballs are gone.
        boolean hadFile = storage.delete(key);
        for (String tarball : tarballs) {
            if (storage.delete(tarball)) {
                counters.tarballRemoved();
            }
        }
        if (hadFile) {
            counters.packageRemoved();
            LOG.info("removed {} (gone upstream)", name);
        }
    }

    private static void awaitUnchecked(Future<?> future) throws IOException {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("sync interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        }
    }

    private static void awaitTermination(ExecutorService pool) {
        try {
            if (!pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) {
                LOG.warn("sync workers did not stop within a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        java.util.concurrent.atomic.AtomicInteger counter = new java.util.concurrent.atomic.AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not clean {}: {}", dir, e.getMessage());
        }
    }

    /** An index file as fetched: its bytes, its ETag and whether it differs from the mirror's copy. */
    private record IndexFile(byte[] bytes, String etag, boolean changed) {
    }
}
