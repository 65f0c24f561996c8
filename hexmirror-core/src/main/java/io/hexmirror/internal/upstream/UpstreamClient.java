package io.hexmirror.internal.upstream;

import static java.util.Objects.requireNonNull;

import io.hexmirror.HexMirrorVersion;
import io.hexmirror.concurrent.DaemonThreads;
import io.hexmirror.upstream.FetchResult;
import io.hexmirror.upstream.Upstream;
import io.hexmirror.upstream.UpstreamBodyTooLargeException;
import io.hexmirror.upstream.UpstreamConnectionException;
import io.hexmirror.upstream.UpstreamDeadlineException;
import io.hexmirror.upstream.UpstreamHttpException;
import io.hexmirror.upstream.UpstreamHttpVersion;
import io.hexmirror.upstream.UpstreamNotFoundException;
import io.hexmirror.upstream.UpstreamStalledException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.auth.AuthCache;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpHead;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.auth.BasicAuthCache;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads files from an upstream Hex repository (such as {@code https://repo.hex.pm}) over HTTP(S), with Apache
 * HttpClient 5.
 *
 * <p>Paths are relative to the base URL, which may carry a path prefix ({@code http://host/hex/}); a trailing
 * slash on the base URL and a leading slash on the path make no difference. Bodies are kept exactly as received:
 * no {@code Accept-Encoding} is sent and no {@code Content-Encoding} is undone, because registry files are gzip
 * files themselves and their bytes are what signatures and checksums cover. Redirects are followed. The
 * configured {@code User-Agent} goes with every request.
 *
 * <p>Transient failures are retried with exponential backoff and jitter: connection refused or reset, timeouts,
 * bodies cut short (Content-Length not reached, chunked encoding broken off), 5xx, 408 and 429 (honouring
 * {@code Retry-After}, capped); silence (the read timeout) is retried once only, then reported as
 * {@link UpstreamStalledException}. Other 4xx are answers and are never retried. Failures are reported as
 * {@link IOException} subtypes whose messages name the URL: {@link UpstreamNotFoundException} (404/410),
 * {@link UpstreamHttpException} (other statuses), {@link UpstreamBodyTooLargeException} (the caller's limit),
 * {@link UpstreamConnectionException} (transport failures); proxy credentials never appear in them.
 *
 * <p>Thread-safe: calls from many threads share a connection pool of {@link Builder#concurrency} connections
 * (over HTTP/2, streams on one connection); callers beyond that wait for a free one. {@link #close()} it once
 * all calls have returned.
 *
 * <p><b>Not API.</b> Implementation behind {@link io.hexmirror.HexMirror}, public only so that hexmirror's own
 * modules and tests can reach it; it may change or disappear in any release. Use the facade.
 */
public final class UpstreamClient implements Upstream {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamClient.class);
    /** Error responses up to this size are read so that their connection can be reused; longer ones are cut. */
    private static final long DRAIN_LIMIT = 8 * 1024;
    private static final int BUFFER_SIZE = 64 * 1024;
    /** A byte array cannot hold more. */
    private static final long MAX_IN_MEMORY = Integer.MAX_VALUE - 8;
    /** Long enough for the largest tarball on hex.pm over a slow shared link; short enough that a sync always ends. */
    public static final Duration DEFAULT_REQUEST_DEADLINE = Duration.ofMinutes(30);
    /**
     * How long a connection may stay silent before an attempt fails. Silence is retried once, so a stalled
     * upstream is reported after about twice this (plus the first backoff): well within a minute.
     */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(20);
    /** Attempts of one request that may end in silence before upstream is reported as stalled. */
    private static final int STALLED_ATTEMPTS = 2;
    /**
     * The socket receive buffer under a rate cap: small, so that the kernel does not take in a large burst
     * at full speed before the cap applies to what is read from it.
     */
    private static final int CAPPED_RECEIVE_BUFFER = 64 * 1024;
    /**
     * The memory that bodies read with {@link #fetch(String, long, BodyCheck)} may take together while
     * they are read and checked: a few of the largest registry files a sync accepts at a time, and
     * thousands of genuine package files (a few KiB each).
     */
    static final int BODY_BUDGET_BYTES = 64 * 1024 * 1024;

    private final URI baseUrl;
    private final String basePath;
    private final ProxySettings proxies;
    private final RetryPolicy retryPolicy;
    private final Sleeper sleeper;
    private final Duration readTimeout;
    private final Duration requestDeadline;
    /** The cap on the total download rate of all connections, or null for none. */
    private final SharedRateLimit rateLimit;
    /** Cancels the requests that pass their deadline; one daemon thread per client. */
    private final ScheduledThreadPoolExecutor deadlines;
    private final String userAgent;
    private final UpstreamHttpVersion httpVersion;
    /**
     * Over HTTP/2 the pool's limit counts connections, and one connection carries any number of streams:
     * this holds the requests in flight to {@link Builder#concurrency}, as the pool does over HTTP/1.1.
     * Null with the blocking HTTP/1.1 client.
     */
    private final Semaphore streams;
    private final CloseableHttpClient http;
    /** Shared by all requests so that a proxy's Basic challenge is answered once, not once per request. */
    private final AuthCache authCache = new BasicAuthCache();
    private final LongAdder requests = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final BodyBudget bodyBudget = new BodyBudget(BODY_BUDGET_BYTES);

    private UpstreamClient(Builder builder) {
        this.baseUrl = builder.baseUrl;
        String path = baseUrl.getPath() == null ? "" : baseUrl.getPath();
        this.basePath = path.replaceAll("/+$", "");
        this.proxies = builder.explicitProxy != null ? ProxySettings.explicit(builder.explicitProxy) : builder.environmentProxies;
        this.retryPolicy = new RetryPolicy(builder.retries, builder.retryBackoff, builder.maxRetryDelay);
        this.sleeper = builder.sleeper;
        this.readTimeout = builder.readTimeout;
        this.requestDeadline = builder.requestDeadline;
        this.rateLimit = builder.maxRate > 0 ? new SharedRateLimit(builder.maxRate) : null;
        this.deadlines = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("hexmirror-upstream-deadlines"));
        this.deadlines.setRemoveOnCancelPolicy(true);
        this.userAgent = builder.userAgent;

        this.httpVersion = builder.httpVersion;
        this.streams = httpVersion == UpstreamHttpVersion.HTTP_1_1 ? null : new Semaphore(builder.concurrency);
        this.http = httpVersion == UpstreamHttpVersion.HTTP_1_1
                ? classicClient(builder)
                : AsyncUpstreamClient.create(builder.asyncSettings(new ProxyRoutePlanner(proxies), credentials(proxies),
                        requestConfig(builder), rateLimit != null, requests::increment));
    }

    private CloseableHttpClient classicClient(Builder builder) {
        PoolingHttpClientConnectionManagerBuilder poolBuilder = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(builder.concurrency)
                .setMaxConnPerRoute(builder.concurrency)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(builder.connectTimeout))
                        .setSocketTimeout(Timeout.of(builder.readTimeout))
                        // Every leased connection is checked for bytes nobody asked for, which would be read as
                        // the next answer (a body longer than its Content-Length); one the server closed while
                        // idle is found after a pause (see IdleInputCheckingConnection).
                        .setValidateAfterInactivity(TimeValue.ZERO_MILLISECONDS)
                        .build())
                .setConnectionFactory(IdleInputCheckingConnection.FACTORY)
                .setDefaultSocketConfig(rateLimit == null ? SocketConfig.DEFAULT : SocketConfig.custom()
                        .setRcvBufSize(builder.cappedReceiveBuffer())
                        .build());
        if (builder.sslContext != null) {
            poolBuilder.setTlsSocketStrategy(new DefaultClientTlsStrategy(builder.sslContext));
        }
        return HttpClients.custom()
                .setConnectionManager(poolBuilder.build())
                .setDefaultRequestConfig(requestConfig(builder))
                .setRoutePlanner(new ProxyRoutePlanner(proxies))
                .setDefaultCredentialsProvider(credentials(proxies))
                .setUserAgent(userAgent)
                // Registry files are gzip files: they must be stored as received, never inflated, and
                // Accept-Encoding must not invite a server to compress tarballs on the fly.
                .disableContentCompression()
                // Retries happen here, around reading the body too, which HttpClient's own retries do not cover.
                .disableAutomaticRetries()
                .disableCookieManagement()
                // Counted just before the request goes out on an established connection: attempts that never
                // connected are not requests sent.
                .addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), "hexmirror-request-counter",
                        (request, scope, chain) -> {
                            requests.increment();
                            return chain.proceed(request, scope);
                        })
                .build();
    }

    private static RequestConfig requestConfig(Builder builder) {
        return RequestConfig.custom()
                .setResponseTimeout(Timeout.of(builder.readTimeout))
                .setRedirectsEnabled(true)
                .setMaxRedirects(10)
                .build();
    }

    private static BasicCredentialsProvider credentials(ProxySettings proxies) {
        BasicCredentialsProvider credentials = new BasicCredentialsProvider();
        for (ProxyAddress proxy : proxies.proxies()) {
            if (proxy.credentials() != null) {
                credentials.setCredentials(new AuthScope(proxy.host()), proxy.credentials());
            }
        }
        return credentials;
    }

    /**
     * Starts configuring a client for the repository at {@code baseUrl}.
     *
     * @param baseUrl an {@code http} or {@code https} URL, optionally with a path prefix; no credentials, query or
     *     fragment
     * @throws IllegalArgumentException if the URL is not of that form
     */
    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    /**
     * Whether {@code e} is one of the failures a client reports about upstream (an HTTP error, a missing file, a
     * connection that failed or stalled, a body too large), all of which live in {@code io.hexmirror.upstream}, as
     * opposed to a failure of the mirror's own storage or disk.
     */
    public static boolean isUpstreamFailure(IOException e) {
        return e.getClass().getPackageName().equals(Upstream.class.getPackageName());
    }

    /** The repository's base URL, as given to {@link #builder(URI)}. */
    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * Reads a file (a registry file such as {@code names} or {@code packages/decimal}) into memory.
     *
     * @param path the file's path below the base URL
     * @param etag an entity tag from an earlier {@link FetchResult#etag()}, sent as {@code If-None-Match}; or
     *     {@code null} for an unconditional request
     * @param maxBytes the largest body accepted
     * @return the body with its status and entity tag; {@link FetchResult#notModified()} when upstream answered
     *     304 to the entity tag
     * @throws UpstreamNotFoundException on 404 or 410
     * @throws UpstreamHttpException on any other status that is not 2xx, after retries for 5xx/408/429
     * @throws UpstreamBodyTooLargeException if the body is longer than {@code maxBytes}
     * @throws UpstreamConnectionException on transport failures, after retries for transient ones
     * @throws IllegalArgumentException if the path is empty or has empty, '.' or '..' segments, or
     *     {@code maxBytes} is negative or too large for an array
     */
    public FetchResult fetch(String path, String etag, long maxBytes) throws IOException {
        return fetch(resolve(path, null), etag, maxBytes);
    }

    /**
     * {@link #fetch(String, String, long)} of a page of an HTTP API: the path with a query such as
     * {@code sort=name&page=2}, unconditionally.
     */
    public FetchResult fetchPage(String path, String query, long maxBytes) throws IOException {
        return fetch(resolve(path, requireNonNull(query, "query is null")), null, maxBytes);
    }

    private FetchResult fetch(URI uri, String etag, long maxBytes) throws IOException {
        checkInMemoryLimit(maxBytes);
        return withRetries(uri, () -> {
            HttpGet get = new HttpGet(uri);
            return underDeadline(uri, get, () -> fetchOnce(get, uri, etag, maxBytes, null).result());
        });
    }

    /** What is done with a body read into memory, while it counts against the shared budget. */
    @FunctionalInterface
    public interface BodyCheck<T, E extends Exception> {
        T check(byte[] body) throws E;
    }

    /**
     * Reads a file into memory, as {@link #fetch(String, String, long)} does unconditionally, and hands it
     * to {@code check}, within a memory budget that all such calls on this client share however many
     * threads make them: a body takes its share once its length is known, before it is read, and gives
     * it back when {@code check} returns. Calls from many threads that read large bodies (a hostile
     * upstream) wait for each other instead of exhausting the heap. For files that many threads read at
     * once, such as package files; {@code check} should verify the body and return what is kept of it.
     *
     * @throws IOException as {@link #fetch(String, String, long)} throws it
     * @throws E as {@code check} throws it
     */
    public <T, E extends Exception> T fetch(String path, long maxBytes, BodyCheck<T, E> check) throws IOException, E {
        URI uri = resolve(path);
        checkInMemoryLimit(maxBytes);
        requireNonNull(check, "check is null");
        Body body = withRetries(uri, () -> {
            HttpGet get = new HttpGet(uri);
            return underDeadline(uri, get, () -> fetchOnce(get, uri, null, maxBytes, bodyBudget));
        });
        try (BodyBudget.Reservation reservation = body.reservation()) {
            return check.check(body.result().body());
        }
    }

    private static void checkInMemoryLimit(long maxBytes) {
        if (maxBytes < 0 || maxBytes > MAX_IN_MEMORY) {
            throw new IllegalArgumentException("maxBytes must be between 0 and " + MAX_IN_MEMORY + ": " + maxBytes);
        }
    }

    /**
     * Streams a file (a tarball) into {@code target}, creating it or truncating it at each attempt, so that after
     * success it holds exactly the body. If this throws, the target may hold part of a body (or be left as it was,
     * if no attempt got a successful response): the caller owns it and should write to a temporary file.
     *
     * @param path the file's path below the base URL
     * @param target the file to write; its directory must exist
     * @param maxBytes the largest body accepted
     * @return the number of bytes written and the response's entity tag
     * @throws UpstreamNotFoundException on 404 or 410
     * @throws UpstreamHttpException on any other status that is not 2xx, after retries for 5xx/408/429
     * @throws UpstreamBodyTooLargeException if the body is longer than {@code maxBytes}
     * @throws UpstreamConnectionException on transport failures, after retries for transient ones
     * @throws IOException as thrown by the file system when writing the target (never retried)
     * @throws IllegalArgumentException if the path is empty or has empty, '.' or '..' segments, or
     *     {@code maxBytes} is negative
     */
    public Download download(String path, Path target, long maxBytes) throws IOException {
        URI uri = resolve(path);
        requireNonNull(target, "target is null");
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
        return withRetries(uri, () -> {
            HttpGet get = new HttpGet(uri);
            return underDeadline(uri, get, () -> downloadOnce(get, uri, maxBytes, (entity, declared, etag) -> {
                try (OutputStream out = new TargetStream(target)) {
                    return new Download(copyBody(uri, entity, out, maxBytes), etag);
                }
            }));
        });
    }

    /**
     * Reads a file (a tarball) into memory when it is no longer than {@code inMemoryBound}, else streams it
     * into {@code spill}, as {@link #download(String, Path, long)} does; each attempt starts afresh (a new
     * buffer, the spill file truncated). Memory is bounded by the calls running at once times the bound.
     * Whether the body is in memory or in the spill file, the result says; the caller owns the spill file
     * whenever this returns or throws, and should name a file in a private directory.
     *
     * @param inMemoryBound the longest body kept in memory
     * @throws IOException as {@link #download(String, Path, long)} throws it
     * @throws IllegalArgumentException also if {@code inMemoryBound} is negative or too large for an array
     */
    public DownloadedBody download(String path, long maxBytes, int inMemoryBound, Path spill) throws IOException {
        URI uri = resolve(path);
        requireNonNull(spill, "spill is null");
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
        checkInMemoryLimit(inMemoryBound);
        AtomicBoolean spilled = new AtomicBoolean();
        DownloadedBody body = withRetries(uri, () -> {
            HttpGet get = new HttpGet(uri);
            return underDeadline(uri, get, () -> downloadOnce(get, uri, maxBytes, (entity, declared, etag) -> {
                SpillingBody attempt = new SpillingBody(inMemoryBound, declared, spill, TargetStream::new);
                try {
                    long size = copyBody(uri, entity, attempt, maxBytes);
                    attempt.close();
                    return attempt.body(size, etag);
                } finally {
                    if (attempt.spilled()) {
                        spilled.set(true);
                    }
                    attempt.close();
                }
            }));
        });
        if (body.inMemory() && spilled.get()) {
            // An attempt that failed had spilled; the one that succeeded did not: nobody needs the file. Left
            // behind, it is only litter in the caller's directory, not a reason to fail the download.
            try {
                Files.deleteIfExists(spill);
            } catch (IOException e) {
                LOG.debug("could not delete {}: {}", spill, e.getMessage());
            }
        }
        return body;
    }

    /**
     * Asks for a file's size with a {@code HEAD} request, without downloading it (for plans made before
     * any download).
     *
     * @return the {@code Content-Length}, or empty when upstream does not send one
     * @throws UpstreamNotFoundException on 404 or 410
     * @throws UpstreamHttpException on any other status that is not 2xx, after retries for 5xx/408/429
     * @throws UpstreamConnectionException on transport failures, after retries for transient ones
     */
    public OptionalLong size(String path) throws IOException {
        URI uri = resolve(path);
        return withRetries(uri, () -> {
            HttpHead head = new HttpHead(uri);
            return underDeadline(uri, head, () -> sizeOnce(head, uri));
        });
    }

    /**
     * The number of HTTP requests sent so far: every attempt that reached the server (or proxy), redirects and
     * authentication round trips included; attempts that could not connect are not counted.
     */
    public long requestCount() {
        return requests.sum();
    }

    /** The number of response body bytes received so far, including those of failed attempts. */
    public long bytesReceived() {
        return bytesReceived.sum();
    }

    /** Closes the pooled connections. Calls still running fail. */
    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        http.close();
    }

    @Override
    public String toString() {
        return "UpstreamClient[" + baseUrl + ", " + proxies + ", HTTP " + httpVersion + "]";
    }

    /** The URL of {@code path} below the base URL. */
    URI resolve(String path) {
        return resolve(path, null);
    }

    private URI resolve(String path, String query) {
        requireNonNull(path, "path is null");
        String relative = path.startsWith("/") ? path.substring(1) : path;
        for (String segment : relative.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("invalid upstream path '" + path + "': empty, '.' or '..' segment");
            }
        }
        try {
            return new URI(baseUrl.getScheme().toLowerCase(Locale.ROOT), null, baseUrl.getHost(), baseUrl.getPort(),
                    basePath + "/" + relative, query, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid upstream path '" + path + "': " + e.getReason(), e);
        }
    }

    @FunctionalInterface
    private interface Attempt<T> {
        T run() throws IOException;
    }

    private <T> T withRetries(URI uri, Attempt<T> attempt) throws IOException {
        int silentAttempts = 0;
        for (int attempts = 1; ; attempts++) {
            try {
                return attempt.run();
            } catch (UpstreamNotFoundException | UpstreamBodyTooLargeException | UpstreamDeadlineException e) {
                throw e;
            } catch (TargetWriteException e) {
                throw e.getCause(); // the caller's file, not upstream: reported as the file system put it
            } catch (UpstreamHttpException e) {
                if (!RetryPolicy.isRetryableStatus(e.status())) {
                    throw e;
                }
                if (attempts > retryPolicy.maxRetries()) {
                    throw new UpstreamHttpException(uri, e.status(), e.getMessage() + gaveUp(attempts));
                }
                pause(uri, attempts, e.retryAfter(), "HTTP " + e.status());
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                if (RetryPolicy.isSilence(e) && ++silentAttempts >= STALLED_ATTEMPTS) {
                    throw stalled(uri, attempts, e);
                }
                if (!RetryPolicy.isRetryable(e) || attempts > retryPolicy.maxRetries()) {
                    throw new UpstreamConnectionException(uri, "GET " + uri + via(uri) + ": " + describe(e)
                            + (attempts > 1 ? gaveUp(attempts) : ""), attempts, e);
                }
                pause(uri, attempts, null, describe(e));
            }
        }
    }

    /**
     * Runs one attempt with the overall deadline: when it passes, the request is cancelled, which
     * ends a read blocked on a slow body at once, and the failure says why.
     */
    private <T> T underDeadline(URI uri, HttpUriRequestBase request, Attempt<T> attempt) throws IOException {
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> timer = deadlines.schedule(() -> {
            expired.set(true);
            request.cancel();
        }, requestDeadline.toMillis(), TimeUnit.MILLISECONDS);
        boolean streamTaken = false;
        try {
            if (streams != null) {
                takeStream(uri);
                streamTaken = true;
            }
            return attempt.run();
        } catch (IOException | RuntimeException e) {
            if (expired.get()) {
                throw new UpstreamDeadlineException(uri, request.getMethod() + " " + uri + via(uri)
                        + ": no complete answer within the request deadline of " + requestDeadline.toSeconds()
                        + " s (upstream answers too slowly or sends without end); the request was abandoned", 1,
                        e instanceof IOException io ? io : new IOException(e));
            }
            throw e;
        } finally {
            timer.cancel(false);
            if (streamTaken) {
                streams.release();
            }
        }
    }

    private void takeStream(URI uri) throws InterruptedIOException {
        try {
            streams.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while waiting to send GET " + uri);
            interrupted.initCause(e);
            throw interrupted;
        }
    }

    /**
     * The report of an upstream that keeps a connection open and sends nothing: it happens on every request as
     * a rule, not now and then, so further retries would only delay the report by minutes.
     */
    private UpstreamStalledException stalled(URI uri, int attempts, IOException cause) {
        long seconds = Math.max(1, readTimeout.toSeconds());
        String limit = readTimeout.toMillis() % 1000 == 0 ? seconds + " s" : readTimeout.toMillis() + " ms";
        return new UpstreamStalledException(baseUrl, uri, "upstream " + baseUrl + " stalled: GET " + uri + via(uri)
                + " got no data within the read timeout of " + limit + ", twice (" + attempts + " attempts). The"
                + " connection was open but no data came: upstream is overloaded, or something on the way (a firewall,"
                + " a proxy) holds the connection. Check the upstream URL and the network, or raise the timeout for a"
                + " very slow link.", attempts, cause);
    }

    private static String gaveUp(int attempts) {
        return " (gave up after " + attempts + " attempts)";
    }

    private String via(URI uri) {
        ProxyAddress proxy = proxies.proxyFor(HttpHost.create(uri));
        return proxy == null ? "" : " via proxy " + proxy;
    }

    private String describe(IOException e) {
        if (RetryPolicy.isSilence(e)) {
            return "no data within the read timeout of " + readTimeout.toMillis() + " ms";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private void pause(URI uri, int attempt, Duration retryAfter, String reason) throws InterruptedIOException {
        Duration delay = retryPolicy.delay(attempt, retryAfter);
        LOG.warn("GET {} failed ({}); retry {} of {} in {} ms", uri, reason, attempt, retryPolicy.maxRetries(), delay.toMillis());
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while waiting to retry GET " + uri);
            interrupted.initCause(e);
            throw interrupted;
        }
    }

    private HttpClientContext newContext() {
        HttpClientContext context = HttpClientContext.create();
        context.setAuthCache(authCache);
        return context;
    }

    /** A body read into memory, with its share of a budget (or null when read outside one). */
    private record Body(FetchResult result, BodyBudget.Reservation reservation) {
    }

    private Body fetchOnce(HttpGet get, URI uri, String etag, long maxBytes, BodyBudget budget) throws IOException {
        if (etag != null) {
            get.setHeader(HttpHeaders.IF_NONE_MATCH, etag);
        }
        BodyBudget.Reservation reservation = null;
        try (ClassicHttpResponse response = http.executeOpen(null, get, newContext())) {
            try {
                if (etag != null && response.getCode() == HttpStatus.SC_NOT_MODIFIED) {
                    String current = header(response, HttpHeaders.ETAG);
                    return new Body(new FetchResult(HttpStatus.SC_NOT_MODIFIED, new byte[0], current != null ? current : etag), null);
                }
                checkStatus(uri, response);
                HttpEntity entity = response.getEntity();
                long declared = checkDeclaredLength(uri, entity, maxBytes);
                if (budget != null) {
                    // The buffer and its copy; without a length, the buffer may also grow to twice the body.
                    reservation = budget.reserve(declared >= 0 ? 2 * declared : 3 * maxBytes);
                }
                ByteArrayOutputStream body = new ByteArrayOutputStream(declared >= 0 ? (int) declared : 8192);
                copyBody(uri, entity, body, maxBytes);
                return new Body(new FetchResult(response.getCode(), body.toByteArray(), header(response, HttpHeaders.ETAG)),
                        reservation);
            } catch (IOException | RuntimeException | Error e) {
                // Closing the response would read the rest of the body to reuse the connection: drop it
                // instead, whatever went wrong (an Error too: OutOfMemoryError must not leave it half read).
                get.cancel();
                if (reservation != null) {
                    reservation.close();
                }
                throw e;
            }
        }
    }

    private OptionalLong sizeOnce(HttpHead head, URI uri) throws IOException {
        try (ClassicHttpResponse response = http.executeOpen(null, head, newContext())) {
            checkStatus(uri, response);
            String length = header(response, HttpHeaders.CONTENT_LENGTH);
            try {
                return length == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(length.trim()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
    }

    /** What a download makes of a body whose status and declared length passed: a file, a buffer. */
    @FunctionalInterface
    private interface BodyReceiver<T> {
        T receive(HttpEntity entity, long declaredLength, String etag) throws IOException;
    }

    private <T> T downloadOnce(HttpGet get, URI uri, long maxBytes, BodyReceiver<T> receiver) throws IOException {
        try (ClassicHttpResponse response = http.executeOpen(null, get, newContext())) {
            try {
                checkStatus(uri, response);
                HttpEntity entity = response.getEntity();
                long declared = checkDeclaredLength(uri, entity, maxBytes);
                return receiver.receive(entity, declared, header(response, HttpHeaders.ETAG));
            } catch (IOException | RuntimeException | Error e) {
                get.cancel();
                throw e;
            }
        }
    }

    private void checkStatus(URI uri, ClassicHttpResponse response) throws IOException {
        int status = response.getCode();
        if (status >= 200 && status < 300 && status != HttpStatus.SC_PARTIAL_CONTENT) {
            return;
        }
        HttpEntity entity = response.getEntity();
        if (entity != null && entity.getContentLength() >= 0 && entity.getContentLength() <= DRAIN_LIMIT) {
            EntityUtils.consumeQuietly(entity);
        }
        if (status == HttpStatus.SC_NOT_FOUND || status == HttpStatus.SC_GONE) {
            throw new UpstreamNotFoundException(uri, status);
        }
        String reason = response.getReasonPhrase();
        String message = "GET " + uri + via(uri) + ": HTTP " + status + (reason == null || reason.isBlank() ? "" : " " + reason);
        Duration retryAfter = RetryPolicy.isRetryableStatus(status)
                ? RetryPolicy.parseRetryAfter(header(response, HttpHeaders.RETRY_AFTER), Instant.now())
                : null;
        throw new UpstreamHttpException(uri, status, message, retryAfter);
    }

    /** Rejects a body whose announced length is over the limit before reading any of it. */
    private static long checkDeclaredLength(URI uri, HttpEntity entity, long maxBytes) throws UpstreamBodyTooLargeException {
        long declared = entity == null ? 0 : entity.getContentLength();
        if (declared > maxBytes) {
            throw new UpstreamBodyTooLargeException(uri, maxBytes, "Content-Length " + declared);
        }
        return declared;
    }

    /**
     * Copies the body, counting bytes and stopping as soon as the limit is passed. A body shorter than its
     * Content-Length fails in HttpClient's stream with a ConnectionClosedException, which is retried.
     */
    private long copyBody(URI uri, HttpEntity entity, OutputStream out, long maxBytes) throws IOException {
        if (entity == null) {
            return 0;
        }
        // Not closed here: closing would read the rest of an abandoned body. Reading to the end releases the
        // connection; on failure the caller cancels the request.
        InputStream in = entity.getContent();
        byte[] buffer = new byte[BUFFER_SIZE];
        long total = 0;
        for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
            bytesReceived.add(n);
            if (rateLimit != null) {
                rateLimit.take(n);
            }
            total += n;
            if (total > maxBytes) {
                throw new UpstreamBodyTooLargeException(uri, maxBytes, "the body");
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    private static String header(ClassicHttpResponse response, String name) {
        Header header = response.getFirstHeader(name);
        return header == null ? null : header.getValue();
    }

    /** Marks a failure of the local target file, so that it is neither retried nor blamed on upstream. */
    private static final class TargetWriteException extends IOException {
        TargetWriteException(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /**
     * The target file, truncated on open, with its I/O failures marked as {@link TargetWriteException}
     * and naming the file: the JDK's message for a failed write is only the reason ("No space left on
     * device"), and a full disk must be reported with the file it could not write.
     */
    private static final class TargetStream extends OutputStream {
        private final Path target;
        private final OutputStream out;

        TargetStream(Path target) throws TargetWriteException {
            this.target = target;
            try {
                this.out = Files.newOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new TargetWriteException(e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            try {
                out.write(bytes, offset, length);
            } catch (IOException e) {
                throw new TargetWriteException(naming(e));
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (IOException e) {
                throw new TargetWriteException(naming(e));
            }
        }

        private IOException naming(IOException e) {
            return e instanceof java.nio.file.FileSystemException ? e : new IOException("cannot write " + target + ": "
                    + e.getMessage(), e);
        }
    }

    /** Configures an {@link UpstreamClient}. Not thread-safe; each {@link #build()} makes an independent client. */
    public static final class Builder {
        private final URI baseUrl;
        private int concurrency = 8;
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private long maxRate;
        private Duration requestDeadline = DEFAULT_REQUEST_DEADLINE;
        private int retries = 4;
        private Duration retryBackoff = Duration.ofMillis(500);
        private Duration maxRetryDelay = Duration.ofSeconds(30);
        private ProxyAddress explicitProxy;
        private ProxySettings environmentProxies = ProxySettings.DIRECT;
        private String userAgent = "hexmirror/" + HexMirrorVersion.get();
        private Sleeper sleeper = Sleeper.THREAD;
        private UpstreamHttpVersion httpVersion = UpstreamHttpVersion.HTTP_1_1;
        private SSLContext sslContext;

        private Builder(URI baseUrl) {
            requireNonNull(baseUrl, "baseUrl is null");
            String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("upstream URL must be http or https: " + safe(baseUrl));
            }
            if (baseUrl.getHost() == null) {
                throw new IllegalArgumentException("upstream URL has no host: " + safe(baseUrl));
            }
            if (baseUrl.getRawUserInfo() != null) {
                throw new IllegalArgumentException("upstream URL must not contain credentials: " + safe(baseUrl));
            }
            if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
                throw new IllegalArgumentException("upstream URL must not have a query or fragment: " + safe(baseUrl));
            }
            this.baseUrl = baseUrl;
        }

        /** The URL without user info, for messages. */
        private static String safe(URI uri) {
            if (uri.getRawUserInfo() == null) {
                return uri.toString();
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + "/...";
        }

        /** Connection pool size, per host and in total; more concurrent calls wait for a connection. Default 8. */
        public Builder concurrency(int maxConnections) {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1: " + maxConnections);
            }
            this.concurrency = maxConnections;
            return this;
        }

        /** How long establishing a connection (TCP, and the proxy tunnel) may take. Default 30 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * How long to wait for a response, and for each chunk of data after it, before retrying. A request that
         * stays silent this long twice fails with {@link UpstreamStalledException}, however many
         * {@link #retries} are allowed. Default {@link #DEFAULT_READ_TIMEOUT} (20 s).
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "readTimeout");
            return this;
        }

        /**
         * Caps the total rate at which response bodies are read, over all connections together, in bytes per
         * second; 0 (the default) for no cap. Reading slower makes TCP slow upstream down, so the link stays
         * usable for others.
         */
        public Builder maxRate(long bytesPerSecond) {
            if (bytesPerSecond < 0) {
                throw new IllegalArgumentException("maxRate must not be negative: " + bytesPerSecond);
            }
            this.maxRate = bytesPerSecond;
            return this;
        }

        /**
         * The most one request may take from sending it to the last byte of its body, however
         * steadily bytes arrive (default {@link #DEFAULT_REQUEST_DEADLINE}). The read timeout only
         * catches a silent upstream; this catches one that drips or never ends. Raise it for very
         * large files over a slow link.
         */
        public Builder requestDeadline(Duration deadline) {
            this.requestDeadline = positive(deadline, "requestDeadline");
            return this;
        }

        /** How many times a transient failure is retried after the first attempt; 0 disables retries. Default 4. */
        public Builder retries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("retries must not be negative: " + maxRetries);
            }
            this.retries = maxRetries;
            return this;
        }

        /**
         * The pause before the first retry; it doubles with each further retry, is randomised between half and
         * all of that, and is capped by {@link #maxRetryDelay}. Default 500 ms.
         */
        public Builder retryBackoff(Duration initial) {
            requireNonNull(initial, "initial is null");
            if (initial.isNegative() || initial.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("retryBackoff must be between 0 and 1 day: " + initial);
            }
            this.retryBackoff = initial;
            return this;
        }

        /** The longest pause between attempts, also for a {@code Retry-After} that asks for more. Default 30 s. */
        public Builder maxRetryDelay(Duration max) {
            requireNonNull(max, "max is null");
            if (max.isNegative()) {
                throw new IllegalArgumentException("maxRetryDelay must not be negative: " + max);
            }
            this.maxRetryDelay = max;
            return this;
        }

        /**
         * Sends every request through this HTTP(S) proxy, ignoring the environment; {@code null} removes it. The
         * URL may carry credentials ({@code http://user:pass@proxy:3128}, percent-encoded), used when the proxy
         * asks for Basic authentication and never printed.
         *
         * @throws IllegalArgumentException if the URL is not an http or https URL with a host
         */
        public Builder proxy(URI proxyOrNull) {
            this.explicitProxy = proxyOrNull == null ? null : ProxyAddress.of(proxyOrNull);
            return this;
        }

        /**
         * Takes proxies from environment variables, as curl does: {@code https_proxy}/{@code HTTPS_PROXY} for https
         * URLs, {@code http_proxy}/{@code HTTP_PROXY} for http URLs (lower case wins when both are set; a value
         * without a scheme means http), and {@code no_proxy}/{@code NO_PROXY} for hosts to reach directly:
         * comma-separated host names (matching subdomains too, with or without a leading dot), {@code host:port},
         * IP addresses, CIDR blocks, or {@code *} for all. An explicit {@link #proxy(URI)} takes precedence.
         * Pass {@code System.getenv()} for the process environment.
         *
         * @throws IllegalArgumentException if a proxy variable holds no usable URL; the message names the
         *     variable, never its value
         */
        public Builder proxyFromEnvironment(Map<String, String> env) {
            this.environmentProxies = ProxySettings.fromEnvironment(requireNonNull(env, "env is null"));
            return this;
        }

        /** The User-Agent header of every request. Default {@code hexmirror/VERSION}. */
        public Builder userAgent(String userAgent) {
            requireNonNull(userAgent, "userAgent is null");
            if (userAgent.isBlank()) {
                throw new IllegalArgumentException("userAgent is blank");
            }
            this.userAgent = userAgent;
            return this;
        }

        /**
         * Which HTTP version to speak to upstream (default {@link UpstreamHttpVersion#HTTP_1_1}); see
         * {@link UpstreamHttpVersion} for what each one does over TLS and plain HTTP.
         */
        public Builder httpVersion(UpstreamHttpVersion version) {
            this.httpVersion = requireNonNull(version, "version is null");
            return this;
        }

        /**
         * The TLS context for https upstreams and proxies, in place of the JVM's default (which trusts the
         * system's certificate authorities and honours {@code javax.net.ssl.trustStore}). For tests with a
         * self-signed certificate.
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = requireNonNull(context, "context is null");
            return this;
        }

        /** The socket receive buffer under a rate cap: see {@link #CAPPED_RECEIVE_BUFFER}. */
        int cappedReceiveBuffer() {
            return (int) Math.min(CAPPED_RECEIVE_BUFFER, Math.max(4096, maxRate / concurrency));
        }

        AsyncUpstreamClient.Settings asyncSettings(ProxyRoutePlanner routePlanner, BasicCredentialsProvider credentials,
                RequestConfig requestConfig, boolean rateCapped, Runnable requestCounter) {
            return new AsyncUpstreamClient.Settings(httpVersion, concurrency, connectTimeout, readTimeout, sslContext,
                    rateCapped ? cappedReceiveBuffer() : 0, routePlanner, credentials, requestConfig, userAgent, requestCounter);
        }

        /** Replaces the wait between retries (tests record delays instead of sleeping). */
        Builder sleeper(Sleeper sleeper) {
            this.sleeper = requireNonNull(sleeper, "sleeper is null");
            return this;
        }

        public UpstreamClient build() {
            return new UpstreamClient(this);
        }

        private static Duration positive(Duration duration, String name) {
            requireNonNull(duration, name + " is null");
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + duration);
            }
            return duration;
        }
    }
}
