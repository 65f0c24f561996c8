package io.hexmirror.testkit.upstream;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Serves a {@link FakeHexRepository} over real HTTP/1.1 on {@code 127.0.0.1} at a random port, as a
 * Hex repository's CDN does; or over HTTPS ({@link #startHttps}), with a self-signed certificate made at
 * start and, if asked, HTTP/2 for clients that choose it in the TLS handshake (ALPN):
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
 * {@link #faults()} injects failures; {@link #requestLog()} records what was asked and
 * {@link #protocolCounts()} over which HTTP version.
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
    private final Map<String, LongAdder> protocols = new ConcurrentHashMap<>();
    private final LongAdder connections = new LongAdder();
    private final Server server;
    private final URI baseUri;
    /** The certificate's key store, which clients may also use as their trust store; null over plain HTTP. */
    private final SelfSignedCertificate certificate;

    private FakeUpstreamServer(FakeHexRepository repository, SelfSignedCertificate certificate, boolean http2) throws Exception {
        this.certificate = certificate;
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
        ServerConnector connector = certificate == null
                ? new ServerConnector(server, 1, 1, new HttpConnectionFactory(http))
                : new ServerConnector(server, 1, 1, tlsConnectionFactories(certificate, http, http2));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.addBean(new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                // One connection per socket reads it directly (TLS or HTTP/1.1); those over TLS read decrypted bytes.
                if (connection.getEndPoint() instanceof SocketChannelEndPoint) {
                    connections.increment();
                }
            }
        });
        server.addConnector(connector);
        server.setHandler(new Handler.Wrapper(new RepositoryHandler(repository, faults, log::add)) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                protocols.computeIfAbsent(request.getConnectionMetaData().getHttpVersion().asString(), p -> new LongAdder())
                        .increment();
                return super.handle(request, response, callback);
            }
        });
        // No graceful stop: it would wait for clients' idle keep-alive connections.
        server.setStopTimeout(0);
        server.start();
        baseUri = URI.create((certificate == null ? "http" : "https") + "://127.0.0.1:" + connector.getLocalPort());
    }

    /** TLS, then HTTP/2 or HTTP/1.1 as the client chooses with ALPN; or TLS then HTTP/1.1 only. */
    private static ConnectionFactory[] tlsConnectionFactories(SelfSignedCertificate certificate, HttpConfiguration http,
            boolean http2) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(certificate.keyStore().toString());
        tls.setKeyStoreType("PKCS12");
        tls.setKeyStorePassword(certificate.password());
        HttpConfiguration https = new HttpConfiguration(http);
        // Clients reach the server as 127.0.0.1, which is no SNI host name.
        https.addCustomizer(new SecureRequestCustomizer(false));
        HttpConnectionFactory http11 = new HttpConnectionFactory(https);
        if (!http2) {
            return new ConnectionFactory[] {new SslConnectionFactory(tls, http11.getProtocol()), http11};
        }
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
        alpn.setDefaultProtocol(http11.getProtocol());
        return new ConnectionFactory[] {new SslConnectionFactory(tls, alpn.getProtocol()), alpn,
                new HTTP2ServerConnectionFactory(https), http11};
    }

    /**
     * Starts serving the repository.
     *
     * @throws IllegalStateException when the server cannot start (no free port, for instance)
     */
    public static FakeUpstreamServer start(FakeHexRepository repository) {
        try {
            return new FakeUpstreamServer(repository, null, false);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the fake upstream server: " + e.getMessage(), e);
        }
    }

    /**
     * Starts serving the repository over HTTPS at {@code https://127.0.0.1:PORT}, with a self-signed
     * certificate for {@code 127.0.0.1} and {@code localhost} made now (see {@link #sslContext()} and
     * {@link #trustStore()}).
     *
     * @param offerHttp2 whether HTTP/2 is offered in the TLS handshake besides HTTP/1.1; without it,
     *     every client gets HTTP/1.1
     * @throws IllegalStateException when the certificate cannot be made or the server cannot start
     */
    public static FakeUpstreamServer startHttps(FakeHexRepository repository, boolean offerHttp2) {
        try {
            return new FakeUpstreamServer(repository, SelfSignedCertificate.create(), offerHttp2);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the fake upstream server over HTTPS: " + e.getMessage(), e);
        }
    }

    /**
     * A TLS context that trusts this server's certificate (and nothing else).
     *
     * @throws IllegalStateException over plain HTTP
     */
    public SSLContext sslContext() {
        return https().sslContext();
    }

    /**
     * The PKCS12 file of the server's certificate, usable as a trust store (password {@link #trustStorePassword()}),
     * for instance with {@code -Djavax.net.ssl.trustStore} in a client JVM.
     *
     * @throws IllegalStateException over plain HTTP
     */
    public Path trustStore() {
        return https().keyStore();
    }

    public String trustStorePassword() {
        return https().password();
    }

    private SelfSignedCertificate https() {
        if (certificate == null) {
            throw new IllegalStateException("the server runs over plain HTTP: " + baseUri);
        }
        return certificate;
    }

    /**
     * How many requests came over each HTTP version, by its name ({@code HTTP/1.1}, {@code HTTP/2.0}).
     * Counted before the request is handled.
     */
    public Map<String, Long> protocolCounts() {
        Map<String, Long> counts = new TreeMap<>();
        protocols.forEach((protocol, count) -> counts.put(protocol, count.sum()));
        return counts;
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

    /** How many TCP connections clients have opened since the start. */
    public long connectionCount() {
        return connections.sum();
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
            if (certificate != null) {
                certificate.delete();
            }
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
