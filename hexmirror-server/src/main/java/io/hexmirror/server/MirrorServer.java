package io.hexmirror.server;

import io.hexmirror.docs.DocsSearchIndex;
import static java.util.Objects.requireNonNull;

import io.hexmirror.HexMirror;
import io.hexmirror.storage.Storage;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP server (Jetty) that serves a mirror's repository layout from any {@link Storage},
 * byte-for-byte, and optionally re-syncs it in the background.
 *
 * <h2>What it serves</h2>
 * {@code /names}, {@code /versions}, {@code /public_key}, {@code /packages/NAME},
 * {@code /tarballs/NAME-VERSION.tar}, {@code /docs/...} and {@code /installs/...}, under an optional
 * path prefix, plus a home page at the prefix root telling users how to point Mix and rebar3 here,
 * and, when the mirror has a package catalog, its pages, a server-side search and a read-only Hex
 * HTTP API under {@code /api} (see {@code HexApi}) for {@code mix hex.info}, {@code mix hex.package
 * search}, {@code mix hex.docs fetch} and {@code rebar3 pkgs}.
 * Everything else is a 404 with a one-line reason; there are no directory listings, and the
 * mirror's own {@code .hexmirror/} data is never served.
 *
 * <h2>HTTP behaviour</h2>
 * <ul>
 *   <li>Read-only: methods other than GET and HEAD get 405 with {@code Allow: GET, HEAD} (under
 *       {@code /api} with an error body in the client's format).</li>
 *   <li>Every file has a strong {@code ETag}, the SHA-256 of its content (stable across restarts,
 *       re-syncs and storage backends; hashed once and cached when the store does not keep it), and
 *       {@code Last-Modified}. Files up to 1 MiB are kept in a memory cache (see
 *       {@link Builder#memoryCache}); every request still checks the file's size and modification
 *       time in the storage, so a sync's changes show at once.
 *       {@code If-None-Match} and {@code If-Modified-Since} give 304; an empty
 *       {@code If-None-Match}, as rebar3 sends, counts as absent.</li>
 *   <li>A file replaced while it is requested (a package file a sync updates) goes out whole in one
 *       version, with that version's length and ETag: the server checks after opening it that it
 *       is still the version it stat-ed, and starts over otherwise (503 with {@code Retry-After}
 *       if it keeps changing).</li>
 *   <li>A single byte {@code Range} gives 206 (honouring {@code If-Range}); one past the end gives
 *       416; several ranges get the whole file.</li>
 *   <li>{@code Cache-Control} as on hex.pm: registry files an hour, tarballs a week. Never a
 *       {@code Content-Encoding}: the registry files' gzip is part of the file.</li>
 *   <li>Repeated slashes are collapsed, so a mirror URL given with a trailing slash works.</li>
 *   <li>No path escapes the storage: paths are decoded once and must be valid storage keys;
 *       {@code ..}, encoded separators, backslashes and control characters get 400.</li>
 *   <li>Request headers (and so the request line) are limited to 8 KiB; request bodies are never
 *       read.</li>
 *   <li>An access log line per request in the NCSA combined format; to SLF4J on a background
 *       thread, so that a logging backend that serialises writes does not hold requests up.</li>
 * </ul>
 *
 * <h2>Background sync</h2>
 * With a {@link Builder#syncJob sync job}, the server runs it once at start and then each interval
 * after the previous run ends, on a single thread. Clients never see a half-applied sync because
 * the server reads straight from the storage the job writes to, and the job publishes each object
 * atomically and in a safe order (see {@link SyncJob}); there is no second copy to switch over.
 * A failed run leaves the storage as it was, is logged, and is shown on the home page until a
 * later run succeeds.
 *
 * <h2>Plain web servers</h2>
 * A mirror directory can equally be served by nginx with no hexmirror process: the site
 * configuration that does it the way Hex clients need ships as the resource
 * {@code io/hexmirror/server/nginx-site.conf} (with {@code @LISTEN@} and {@code @ROOT@} to fill in).
 *
 * <h2>Lifecycle</h2>
 * {@link #start()} once, then {@link #stop(Duration)} (from a shutdown hook for SIGTERM) and
 * {@link #join()}. Instances are thread-safe. The server does not close the storage.
 */
public final class MirrorServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MirrorServer.class);
    /** The SLF4J logger that receives access log lines unless {@link Builder#accessLog} says otherwise. */
    public static final String ACCESS_LOGGER = "io.hexmirror.server.access";
    /** How long {@link #stop()} lets requests in flight finish. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    private static final int MAX_REQUEST_HEADER_BYTES = 8 * 1024;
    /**
     * The share of the heap that remembered ETags may take: a quarter, which with a heap of 256 MiB
     * holds some 290,000 files' (a whole hex.pm mirror has 170,000 package files and tarballs, and
     * about 220,000 docs files). A file whose ETag is forgotten is read and hashed again when next
     * asked for.
     */
    private static final int VALIDATORS_HEAP_DIVISOR = 4;
    /** The largest object kept in the memory cache: every registry file and most tarballs. */
    private static final int MAX_CACHED_OBJECT_BYTES = 1024 * 1024;
    /** The default size of the memory cache. */
    public static final long DEFAULT_MEMORY_CACHE_BYTES = 64L * 1024 * 1024;
    private static final long THREAD_STOP_MILLIS = 500;
    private static final Pattern PREFIX = Pattern.compile("/([A-Za-z0-9._~-]+/)*");

    private final Server server;
    private final ServerConnector connector;
    private final GracefulHandler graceful;
    private final ObjectCache cache;
    private final QueuedThreadPool threads;
    private final String prefix;
    private final InetAddress bind;
    private final Optional<SyncRunner> sync;
    private boolean started;

    private MirrorServer(Builder builder) {
        this.prefix = builder.prefix;
        this.bind = builder.bind;
        this.sync = builder.syncJob == null ? Optional.empty()
                : Optional.of(new SyncRunner(builder.syncJob, builder.syncInterval, Clock.systemUTC()));

        this.threads = new QueuedThreadPool(builder.maxThreads, 8);
        threads.setName("hexmirror-http");
        // A file of up to one chunk is read into a single buffer (FileChannelBody). Jetty's default pool keeps
        // buffers of up to 64 KiB only, and allocates, zeroes and leaves to the collector a larger one for every
        // request: with tarballs averaging 60 KB, many are larger. This pool keeps buffers of a whole chunk.
        this.server = new Server(threads, null, new ArrayByteBufferPool(0, 0, FileChannelBody.CHUNK_BYTES));

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
        // Hex 2 keeps a mirror URL's trailing slash and asks for //packages/x: allow empty
        // segments (RequestTarget collapses them); every other ambiguity stays a 400.
        http.setUriCompliance(UriCompliance.DEFAULT.with("hexmirror", UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT));
        if (builder.forwardedHeaders) {
            http.addCustomizer(new ForwardedRequestCustomizer());
        }
        this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(builder.bind.getHostAddress());
        connector.setPort(builder.port);
        connector.setIdleTimeout(builder.idleTimeout.toMillis());
        server.addConnector(connector);

        this.cache = new ObjectCache(builder.storage, Runtime.getRuntime().maxMemory() / VALIDATORS_HEAP_DIVISOR,
                builder.memoryCacheBytes, MAX_CACHED_OBJECT_BYTES);
        MirrorHandler handler = new MirrorHandler(builder.storage, prefix, cache, () -> sync.map(SyncRunner::status),
                builder.docsSearch);
        Handler root = builder.docsSearch == null ? handler : new DocsSearchHandler(builder.docsSearch, prefix, handler);
        // GracefulHandler counts requests in flight, so that stop() can let them finish.
        this.graceful = new GracefulHandler(root);
        server.setHandler(graceful);
        ErrorHandler errors = new ErrorHandler();
        errors.setShowStacks(false);
        // An error page never tells a client what went wrong inside: messages may name paths on the server.
        errors.setShowMessageInTitle(false);
        errors.setShowCauses(false);
        server.setErrorHandler(errors);
        if (builder.accessLogToSlf4j) {
            Logger access = LoggerFactory.getLogger(ACCESS_LOGGER);
            if (access.isInfoEnabled()) {
                server.setRequestLog(new CustomRequestLog(new AsyncLogWriter(access::info), CustomRequestLog.EXTENDED_NCSA_FORMAT));
            }
        } else if (builder.accessLogLines != null) {
            Consumer<String> lines = builder.accessLogLines;
            server.setRequestLog(new CustomRequestLog(lines::accept, CustomRequestLog.EXTENDED_NCSA_FORMAT));
        }
    }

    /** Starts configuring a server for the storage. */
    public static Builder builder(Storage storage) {
        return new Builder(storage);
    }

    /**
     * Binds the port, starts serving and starts the background sync, if any.
     *
     * @throws IOException when the address cannot be bound (the message names it)
     * @throws IllegalStateException when already started
     */
    public synchronized void start() throws IOException {
        if (started) {
            throw new IllegalStateException("server already started; a stopped server cannot be restarted");
        }
        started = true;
        try {
            server.start();
        } catch (IOException e) {
            stopQuietly();
            throw new IOException("cannot listen on " + bind.getHostAddress() + ":" + connector.getPort() + ": " + e.getMessage(), e);
        } catch (Exception e) {
            stopQuietly();
            throw new IOException("cannot start the server: " + e.getMessage(), e);
        }
        sync.ifPresent(SyncRunner::start);
        // Debug only: the application says where it serves (the CLI prints it once).
        LOG.debug("Serving the mirror at {}", uri());
    }

    /**
     * The URL of the mirror on this server, ending in '/' (the path prefix included). A wildcard
     * bind address is shown as the loopback address.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public URI uri() {
        int port = connector.getLocalPort();
        if (port <= 0) {
            throw new IllegalStateException("server not started");
        }
        InetAddress address = bind.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : bind;
        String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return URI.create("http://" + host + ":" + port + prefix);
    }

    /** What the server remembers of the objects it served, for tests. */
    ObjectCache objectCache() {
        return cache;
    }

    /** The pool the server takes its buffers from, for tests. */
    ByteBufferPool byteBufferPool() {
        return server.getByteBufferPool();
    }

    /** The background sync's status, or empty when the server runs none. */
    public Optional<SyncStatus> syncStatus() {
        return sync.map(SyncRunner::status);
    }

    /**
     * Runs the sync job now (after any run in progress) and completes with the status after it.
     *
     * @throws IllegalStateException when the server has no sync job or is not started
     */
    public CompletableFuture<SyncStatus> syncNow() {
        if (!server.isStarted()) {
            throw new IllegalStateException("server not started");
        }
        return sync.orElseThrow(() -> new IllegalStateException("this server has no sync job")).runNow();
    }

    /** {@link #stop(Duration)} with the {@link #DEFAULT_GRACE default grace period}. */
    public void stop() {
        stop(DEFAULT_GRACE);
    }

    /**
     * Stops gracefully: refuses new connections, lets requests in flight finish for up to
     * {@code grace}, then closes what remains; interrupts a sync in progress (a sync stopped
     * halfway leaves the mirror consistent, as a failed one does). Idempotent. To stop gracefully on
     * SIGTERM, call it from a JVM shutdown hook ({@link Runtime#addShutdownHook}).
     */
    public synchronized void stop(Duration grace) {
        requireNonNull(grace, "grace is null");
        if (server.isRunning()) {
            // Jetty's own graceful stop also waits for idle keep-alive connections to go away,
            // which clients may hold for the whole grace period. So: stop accepting, wait only for
            // requests in flight (new requests on open connections get 503), then close the rest.
            connector.shutdown();
            try {
                graceful.shutdown().get(Math.max(1, grace.toMillis()), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                LOG.warn("{} requests still in flight after {}; closing their connections", graceful.getCurrentRequestCount(), grace);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                LOG.warn("Waiting for requests in flight failed: {}", e.getCause().getMessage(), e.getCause());
            }
            server.setStopTimeout(0);
            // Threads still busy now are stuck in a storage read: interrupt them soon rather than
            // after Jetty's default five seconds.
            threads.setStopTimeout(THREAD_STOP_MILLIS);
            try {
                server.stop();
            } catch (Exception e) {
                LOG.warn("Stopping the HTTP server failed: {}", e.getMessage(), e);
            }
            LOG.info("Server stopped");
        }
        sync.ifPresent(runner -> {
            try {
                runner.stop(grace);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Waits until the server has stopped. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.debug("Cleaning up after a failed start", e);
        }
    }

    /** Configures a {@link MirrorServer}. Not thread-safe; {@link #build()} may be called once or more. */
    public static final class Builder {
        private final Storage storage;
        private InetAddress bind = InetAddress.getLoopbackAddress();
        private int port = 8080;
        private String prefix = "/";
        private SyncJob syncJob;
        private Duration syncInterval;
        private boolean accessLogToSlf4j = true;
        private Consumer<String> accessLogLines;
        private boolean forwardedHeaders;
        private int maxThreads = 200;
        private Duration idleTimeout = Duration.ofSeconds(30);
        private long memoryCacheBytes = DEFAULT_MEMORY_CACHE_BYTES;
        private DocsSearchIndex docsSearch;

        private Builder(Storage storage) {
            this.storage = requireNonNull(storage, "storage is null");
        }

        /** The address to listen on; the loopback address by default. */
        public Builder bind(InetAddress address) {
            this.bind = requireNonNull(address, "address is null");
            return this;
        }

        /** The TCP port; 8080 by default; 0 picks a free port (see {@link MirrorServer#uri()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The path the mirror lives under, such as {@code /hex/} when a reverse proxy forwards
         * {@code https://host/hex/...} here unchanged; '/' by default. Leading and trailing slashes
         * are optional. Segments may use letters, digits and {@code . _ ~ -} only.
         */
        public Builder pathPrefix(String pathPrefix) {
            requireNonNull(pathPrefix, "pathPrefix is null");
            String normalised = ("/" + pathPrefix + "/").replaceAll("/{2,}", "/");
            if (!PREFIX.matcher(normalised).matches() || normalised.contains("/./") || normalised.contains("/../")) {
                throw new IllegalArgumentException("path prefix '" + pathPrefix
                        + "' must be '/'-separated segments of letters, digits, '.', '_', '~' and '-' (not '.' or '..')");
            }
            this.prefix = normalised;
            return this;
        }

        /** Runs {@code job} in the background: at start, then {@code interval} after each run ends. */
        public Builder syncJob(SyncJob job, Duration interval) {
            requireNonNull(job, "job is null");
            requireNonNull(interval, "interval is null");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("sync interval must be positive: " + interval);
            }
            this.syncJob = job;
            this.syncInterval = interval;
            return this;
        }

        /**
         * Syncs {@code mirror} from its upstream in the background: at start, then {@code interval} after each
         * sync ends. Each sync takes the mirror's lock, so it never runs alongside another writer (a sync that
         * finds the lock held fails and is retried at the next interval). {@code mirror} should live in the
         * storage this server serves.
         */
        public Builder syncFrom(HexMirror mirror, Duration interval) {
            return syncJob(new MirrorSyncJob(mirror), interval);
        }

        /**
         * Where access log lines (NCSA combined format) go; by default to the SLF4J logger
         * {@value MirrorServer#ACCESS_LOGGER} at INFO. Null turns the access log off.
         */
        public Builder accessLog(Consumer<String> lines) {
            this.accessLogToSlf4j = false;
            this.accessLogLines = lines;
            return this;
        }

        /**
         * Whether to believe {@code Forwarded} and {@code X-Forwarded-*} headers for the client
         * address, scheme and host (for the access log and the home page's URL). Turn on only
         * behind a reverse proxy that sets them; off by default, since any client can send them.
         */
        public Builder trustForwardedHeaders(boolean trust) {
            this.forwardedHeaders = trust;
            return this;
        }

        /** The most requests served at once; 200 by default. */
        public Builder maxThreads(int maxThreads) {
            if (maxThreads < 8) {
                throw new IllegalArgumentException("maxThreads must be at least 8: " + maxThreads);
            }
            this.maxThreads = maxThreads;
            return this;
        }

        /** How long an idle connection stays open; 30 seconds by default. */
        public Builder idleTimeout(Duration idleTimeout) {
            requireNonNull(idleTimeout, "idleTimeout is null");
            if (idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("idle timeout must be positive: " + idleTimeout);
            }
            this.idleTimeout = idleTimeout;
            return this;
        }

        /**
         * How many bytes of file contents to keep in memory (off the Java heap; the files used
         * least stay out); {@value MirrorServer#DEFAULT_MEMORY_CACHE_BYTES} by default; 0 reads
         * every response from the storage. Only files up to 1 MiB are kept.
         */
        /**
         * Offers search across the mirrored docs at {@code PREFIX/docs-search} (a page) and
         * {@code PREFIX/docs-search.json}, answered from this index. The caller keeps the index up to
         * date and closes it after the server stops.
         */
        public Builder docsSearch(DocsSearchIndex index) {
            this.docsSearch = requireNonNull(index, "index is null");
            return this;
        }

        public Builder memoryCache(long maxBytes) {
            if (maxBytes < 0) {
                throw new IllegalArgumentException("memory cache size must not be negative: " + maxBytes);
            }
            this.memoryCacheBytes = maxBytes;
            return this;
        }

        public MirrorServer build() {
            return new MirrorServer(this);
        }
    }
}
