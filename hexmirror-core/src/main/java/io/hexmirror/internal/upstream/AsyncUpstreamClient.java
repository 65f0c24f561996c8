package io.hexmirror.internal.upstream;

import io.hexmirror.upstream.UpstreamHttpVersion;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.compat.ClassicToAsyncAdaptor;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.config.H2Config;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP client behind {@link UpstreamClient} when it may speak HTTP/2: HttpClient's asynchronous client,
 * which agrees on HTTP/2 or HTTP/1.1 with an https upstream in the TLS handshake (ALPN) and multiplexes
 * concurrent requests over one HTTP/2 connection, seen through {@link ClassicToAsyncAdaptor} as a blocking
 * client, so that {@link UpstreamClient} reads bodies from an {@code InputStream} whichever version is spoken.
 *
 * <p>What differs from the blocking HTTP/1.1 client: the adaptor waits at most the read timeout for the
 * response head and for each chunk of the body, and reports silence as a plain
 * {@link java.io.InterruptedIOException} ({@link RetryPolicy#isSilence}); closed idle connections are
 * noticed by the I/O reactor as they close, not by a check when leased.
 */
final class AsyncUpstreamClient {
    /**
     * The HTTP/2 flow-control window of each stream: enough for a fast link's bandwidth-delay product at a
     * few hundred milliseconds, where the protocol's default of 64 KiB would cap each stream at 64 KiB per
     * round trip.
     */
    private static final int STREAM_WINDOW = 4 * 1024 * 1024;

    /** What {@link UpstreamClient.Builder} settles for the client. */
    record Settings(UpstreamHttpVersion version, int concurrency, Duration connectTimeout, Duration readTimeout,
            SSLContext sslContextOrNull, int cappedReceiveBufferOrZero, ProxyRoutePlanner routePlanner,
            BasicCredentialsProvider credentials, RequestConfig requestConfig, String userAgent, Runnable requestCounter) {
    }

    private AsyncUpstreamClient() {
    }

    /** A started client; closing it closes the asynchronous client and its connections. */
    static CloseableHttpClient create(Settings settings) {
        PoolingAsyncClientConnectionManagerBuilder pool = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(settings.concurrency())
                .setMaxConnPerRoute(settings.concurrency())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setSocketTimeout(Timeout.of(settings.readTimeout()))
                        .build())
                .setDefaultTlsConfig(TlsConfig.custom()
                        .setVersionPolicy(settings.version() == UpstreamHttpVersion.HTTP_2
                                ? HttpVersionPolicy.FORCE_HTTP_2 : HttpVersionPolicy.NEGOTIATE)
                        .build())
                // Requests share a leased HTTP/2 connection as streams instead of opening one each.
                .setMessageMultiplexing(true);
        if (settings.sslContextOrNull() != null) {
            pool.setTlsStrategy(new DefaultClientTlsStrategy(settings.sslContextOrNull()));
        }
        boolean capped = settings.cappedReceiveBufferOrZero() > 0;
        IOReactorConfig.Builder reactor = IOReactorConfig.custom().setSoTimeout(Timeout.of(settings.readTimeout()));
        if (capped) {
            reactor.setRcvBufSize(settings.cappedReceiveBufferOrZero());
        }
        CloseableHttpAsyncClient async = HttpAsyncClients.custom()
                .setConnectionManager(pool.build())
                .setIOReactorConfig(reactor.build())
                // Under a rate cap, a stream's window stays at the default so that upstream cannot send far
                // ahead of what the cap lets the sync read.
                .setH2Config(capped ? H2Config.DEFAULT : H2Config.custom().setInitialWindowSize(STREAM_WINDOW).build())
                .setDefaultRequestConfig(settings.requestConfig())
                .setRoutePlanner(settings.routePlanner())
                .setDefaultCredentialsProvider(settings.credentials())
                .setUserAgent(settings.userAgent())
                // As in the blocking client: bodies stored as received, retries done by UpstreamClient.
                .disableContentCompression()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), "hexmirror-request-counter",
                        (request, entityProducer, scope, chain, callback) -> {
                            settings.requestCounter().run();
                            chain.proceed(request, entityProducer, scope, callback);
                        })
                .build();
        async.start();
        return new ClassicToAsyncAdaptor(async, Timeout.of(settings.readTimeout()));
    }
}
