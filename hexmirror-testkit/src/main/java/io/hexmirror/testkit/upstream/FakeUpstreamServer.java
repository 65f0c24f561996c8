package io.hexmirror.testkit.upstream;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.URIUtil;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Serves a {@link FakeHexRepository} over real HTTP/1.1 on {@code 127.0.0.1} at a random port, as a
 * Hex repository's CDN does:
 * <ul>
 *   <li>GET and HEAD of {@code /names}, {@code /versions}, {@code /packages/NAME},
 *       {@code /tarballs/NAME-VERSION.tar}, {@code /docs/NAME-VERSION.tar.gz} and
 *       {@code /public_key}, with the repository's current bytes; 404 for anything else, 405 for
 *       other methods;
 *   <li>GET of {@code /api/packages?sort=S&page=N}: a page of hex.pm's API listing of packages with their
 *       download counts ({@link FakeHexRepository#downloads}), 100 a page, as JSON (see {@link ApiPages});
 *   <li>a strong {@code ETag} (the quoted SHA-256 of the body) on every file, and 304 when
 *       {@code If-None-Match} matches it (an empty {@code If-None-Match}, as rebar3 sends, counts as
 *       absent);
 *   <li>{@code Content-Length} always, {@code Content-Encoding} never (the registry files are gzip
 *       files, not gzip-encoded responses);
 *   <li>leading slashes are collapsed, so {@code //packages/x} (sent by Hex when the mirror URL ends
 *       with a slash) is {@code /packages/x}.
 * </ul>
 * The repository can change while the server runs; each request sees its current state.
 * {@link #faults()} injects failures; {@link #requestLog()} records what was asked.
 *
 * <pre>{@code
 * try (FakeUpstreamServer server = FakeUpstreamServer.start(repo)) {
 *     server.faults().status("tarballs/*", 503).times(2);
 *     URI base = server.baseUri();   // http://127.0.0.1:PORT
 *     ...
 * }
 * }</pre>
 *
 * Thread-safe.
 */
public final class FakeUpstreamServer implements AutoCloseable {
    private final FakeHexRepository repository;
    private final Faults faults = new Faults();
    // Appends in constant time: a copy-on-write list would copy itself on every request, which is
    // quadratic over a benchmark's hundred thousand requests. Read through copies taken under its lock.
    private final List<RequestLogEntry> log = Collections.synchronizedList(new ArrayList<>());
    private final Server server;
    private final URI baseUri;

    private FakeUpstreamServer(FakeHexRepository repository) throws Exception {
        this.repository = requireNonNull(repository, "repository is null");
        QueuedThreadPool threads = new QueuedThreadPool(64, 2);
        threads.setName("fake-upstream");
        threads.setDaemon(true);
        // Stopping interrupts handlers sleeping in a slow or stall fault instead of waiting them out.
        threads.setStopTimeout(200);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // Hex sends //packages/x when the mirror URL ends with a slash: accept the empty segment.
        http.setUriCompliance(UriCompliance.LEGACY);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new RepositoryHandler(repository, faults, log::add));
        // No graceful stop: it would wait for clients' idle keep-alive connections.
        server.setStopTimeout(0);
        server.start();
        baseUri = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /**
     * Starts serving the repository.
     *
     * @throws IllegalStateException when the server cannot start (no free port, for instance)
     */
    public static FakeUpstreamServer start(FakeHexRepository repository) {
        try {
            return new FakeUpstreamServer(repository);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the fake upstream server: " + e.getMessage(), e);
        }
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash: the value for {@code HEX_CDN}. */
    public URI baseUri() {
        return baseUri;
    }

    /** The URI of a path relative to the repository root, such as {@code packages/plug}. */
    public URI uri(String path) {
        return URI.create(baseUri + "/" + normalize(path));
    }

    public int port() {
        return baseUri.getPort();
    }

    public FakeHexRepository repository() {
        return repository;
    }

    /** The faults to inject; rules added there apply to the next requests. */
    public Faults faults() {
        return faults;
    }

    /**
     * The requests received since the start or the last {@link #resetLog()}, oldest first. An
     * entry is recorded before the response is sent, so a client that has a response sees it here.
     * Requests that Jetty itself rejects as malformed (400) never reach the log.
     */
    public List<RequestLogEntry> requestLog() {
        return List.copyOf(log);
    }

    /** The logged requests for one path (compared after normalisation, so {@code //names} counts as {@code names}). */
    public List<RequestLogEntry> requestsFor(String path) {
        String resource = resourceOf(path);
        return requestLog().stream().filter(e -> e.resource().equals(resource)).toList();
    }

    public int requestCount() {
        return log.size();
    }

    public void resetLog() {
        log.clear();
    }

    /** Stops the server and closes its connections. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the fake upstream server: " + e.getMessage(), e);
        }
    }

    /**
     * The resource a request path names: percent-escapes decoded ({@code %2B} is a {@code +} of
     * build metadata; a {@code +} stays a {@code +}), leading slashes removed.
     */
    static String resourceOf(String rawPath) {
        String decoded;
        try {
            decoded = URIUtil.decodePath(rawPath);
        } catch (IllegalArgumentException e) {
            decoded = rawPath; // a malformed escape names nothing; the lookup answers 404
        }
        return normalize(decoded);
    }

    /** A path relative to the repository root: leading slashes removed. */
    static String normalize(String path) {
        int start = 0;
        while (start < path.length() && path.charAt(start) == '/') {
            start++;
        }
        return path.substring(start);
    }
}
