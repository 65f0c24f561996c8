package io.hexmirror.docs;

import static java.util.Objects.requireNonNull;

import io.hexmirror.concurrent.DaemonThreads;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.storage.Storage;
import io.hexmirror.upstream.FetchResult;
import io.hexmirror.upstream.Upstream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads, while the registry sync still runs, the docs tarballs that the docs sync after it will most likely
 * ask for: for each package the registry sync has published, the docs of its latest release ({@link DocsPolicy#LATEST}),
 * read from the package file the mirror now serves. The docs sync then gets them through {@link #upstreamFor}
 * instead of asking upstream once the registry is done, so that fetching the docs overlaps the registry's download.
 *
 * <p>Only the download moves: the bytes go to a private directory, never to the mirror. The docs sync decides, as
 * before, which docs the mirror wants (from the registry as published at its end), checks each tarball and stores
 * it in its own generation; a prefetched tarball it does not ask for is deleted unused. A prefetch that failed, was
 * not started or was beyond {@code maxBytes} on disk leaves the docs sync to ask upstream itself. Bodies answer
 * only a first fetch (no entity tag): a refresh asks upstream as before.
 */
public final class DocsPrefetch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DocsPrefetch.class);
    private static final String DOCS_PREFIX = "docs/";

    private final Upstream upstream;
    private final Storage storage;
    private final DocsLimits limits;
    private final Path directory;
    private final long maxBytes;
    private final ExecutorService pool;
    private final Map<String, Future<Optional<Prefetched>>> prefetches = new ConcurrentHashMap<>();
    private final AtomicLong bytesOnDisk = new AtomicLong();
    private final AtomicLong files = new AtomicLong();
    /** What earlier docs syncs learnt: a release remembered without docs is not asked for here. */
    private final DocsState state;
    private volatile boolean stopped;

    /** One tarball downloaded ahead: where its body is, and what upstream said of it. */
    private record Prefetched(String key, Path body, int status, String etag, long size) {
    }

    /**
     * @param upstream where the tarballs come from, a client of its own (closed with this prefetch)
     * @param storage the mirror, read for the package files the registry sync publishes
     * @param directory a private directory for the bodies, created if absent and removed by {@link #close()}
     * @param maxBytes the most the bodies waiting for the docs sync may take on disk; beyond it nothing more is
     *     prefetched
     * @param threads downloads at a time
     */
    public DocsPrefetch(Upstream upstream, Storage storage, DocsLimits limits, Path directory, long maxBytes, int threads)
            throws IOException {
        this.upstream = requireNonNull(upstream, "upstream is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.directory = Files.createDirectories(directory);
        this.maxBytes = maxBytes;
        this.state = DocsState.load(storage);
        this.pool = DaemonThreads.pool(threads, "hexmirror-docs-prefetch");
    }

    /**
     * Says that the registry sync is done with package {@code name} (published, or left as it was): the docs of the
     * latest release its package file now lists are downloaded in the background, unless already mirrored.
     */
    public void packageDone(String name) {
        if (stopped || !RegistryPaths.isValidName(name) || bytesOnDisk.get() >= maxBytes) {
            return;
        }
        try {
            prefetches.computeIfAbsent(name, n -> pool.submit(() -> prefetch(n)));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Stopped meanwhile.
        }
    }

    private Optional<Prefetched> prefetch(String name) throws IOException {
        if (stopped) {
            return Optional.empty();
        }
        Optional<String> latest = DocsSync.latest(MirrorRegistry.releasesOf(storage, name));
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        DocsRelease release = new DocsRelease(name, latest.get());
        // Docs remembered missing are the docs sync's to ask again (or not): while a release is recent, it does.
        if (state.get(release).filter(DocsState.Entry::missing).isPresent() || storage.stat(release.tarballKey()).isPresent()
                || bytesOnDisk.get() >= maxBytes) {
            return Optional.empty();
        }
        FetchResult result;
        try {
            result = upstream.fetch(release.tarballKey(), null, limits.maxCompressedBytes());
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            // Not found, too large, a network failure: the docs sync asks again and reports it as it always did.
            LOG.debug("docs of {} {} not prefetched: {}", name, latest.get(), e.getMessage());
            return Optional.empty();
        }
        Path body = directory.resolve("docs." + files.incrementAndGet());
        Files.write(body, result.body());
        bytesOnDisk.addAndGet(result.body().length);
        return Optional.of(new Prefetched(release.tarballKey(), body, result.status(), result.etag(), result.body().length));
    }

    /** Waits for every prefetch asked for so far to end (a caller, or a test, then knows what was downloaded). */
    public void awaitDownloads() throws InterruptedException {
        for (Future<Optional<Prefetched>> f : prefetches.values()) {
            try {
                f.get();
            } catch (ExecutionException | CancellationException e) {
                // Nothing prefetched: the docs sync asks upstream.
            }
        }
    }

    /**
     * Stops prefetching: nothing more starts, and what had not started never will; downloads under way finish and
     * are still served. Call when the docs sync begins, so that it does not wait for a queue of prefetches.
     */
    public void stop() {
        stopped = true;
        prefetches.values().forEach(f -> f.cancel(false));
        pool.shutdown();
    }

    /**
     * {@code upstream} answering a first fetch of a prefetched tarball with the prefetched body (waiting for a
     * download under way), and everything else as before. Requests and bytes served from here count as the
     * docs sync's own, so its summary reads as if it had fetched them.
     */
    public Upstream upstreamFor(Upstream delegate) {
        requireNonNull(delegate, "delegate is null");
        return new Upstream() {
            private final AtomicLong requests = new AtomicLong();
            private final AtomicLong bytes = new AtomicLong();

            @Override
            public FetchResult fetch(String path, String etag, long max) throws IOException {
                if (etag == null) {
                    Optional<Prefetched> prefetched = take(path);
                    if (prefetched.isPresent() && prefetched.get().size() <= max) {
                        Prefetched p = prefetched.get();
                        byte[] body = Files.readAllBytes(p.body());
                        Files.deleteIfExists(p.body());
                        bytesOnDisk.addAndGet(-body.length);
                        requests.incrementAndGet();
                        bytes.addAndGet(body.length);
                        return new FetchResult(p.status(), body, p.etag());
                    }
                }
                return delegate.fetch(path, etag, max);
            }

            @Override
            public OptionalLong size(String path) throws IOException {
                return delegate.size(path);
            }

            @Override
            public long requestCount() {
                return delegate.requestCount() + requests.get();
            }

            @Override
            public long bytesReceived() {
                return delegate.bytesReceived() + bytes.get();
            }

            @Override
            public void close() throws IOException {
                delegate.close();
            }
        };
    }

    /**
     * The prefetched body of docs tarball {@code path}, taken (each answers one fetch), after waiting for its download
     * when under way; empty when none.
     */
    private Optional<Prefetched> take(String path) throws InterruptedIOException {
        // docs/NAME-VERSION.tar.gz: a package name has no '-' (letters, digits and underscores).
        int dash = path.indexOf('-');
        if (!path.startsWith(DOCS_PREFIX) || dash < 0) {
            return Optional.empty();
        }
        String name = path.substring(DOCS_PREFIX.length(), dash);
        Future<Optional<Prefetched>> future = prefetches.get(name);
        if (future == null) {
            return Optional.empty();
        }
        try {
            // The prefetch guessed the package's latest release; the docs sync may ask for another (named versions,
            // a selection): that one it fetches itself.
            Optional<Prefetched> prefetched = future.get().filter(p -> p.key().equals(path));
            if (prefetched.isPresent() && prefetches.remove(name, future)) {
                return prefetched;
            }
            return Optional.empty();
        } catch (CancellationException | ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for a docs prefetch");
        }
    }

    /** Ends the downloads and removes the bodies no docs sync took. */
    @Override
    public void close() throws IOException {
        stop();
        pool.shutdownNow();
        try (Stream<Path> left = Files.list(directory)) {
            left.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            Files.deleteIfExists(directory);
            upstream.close();
        }
    }
}
