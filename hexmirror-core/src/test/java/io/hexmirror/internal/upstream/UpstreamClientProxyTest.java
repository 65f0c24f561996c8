package io.hexmirror.internal.upstream;

import static io.hexmirror.internal.upstream.TestServer.send;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.upstream.FetchResult;
import io.hexmirror.upstream.UpstreamConnectionException;
import io.hexmirror.upstream.UpstreamHttpException;
import io.hexmirror.upstream.UpstreamHttpVersion;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proxies, explicit and from the environment, against a real proxy-shaped server: it answers absolute-form
 * requests itself and records them, so a request that reached it proves the route. Targets under
 * {@code .invalid} cannot resolve: a request that reached them directly would fail.
 */
class UpstreamClientProxyTest {
    private static final long MAX = 1 << 20;
    private static final URI UNRESOLVABLE = URI.create("http://upstream.invalid/hex/");

    private TestServer upstream;
    private TestServer proxy;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        upstream = TestServer.start();
        upstream.route("/names", (req, resp, cb, n) -> send(resp, cb, 200, "direct".getBytes(UTF_8)));
        proxy = TestServer.start();
        proxy.fallback((req, resp, cb, n) -> send(resp, cb, 200, ("proxied " + req.getHttpURI()).getBytes(UTF_8)));
        closeables.add(upstream);
        closeables.add(proxy);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    /** The HTTP version the clients under test are built for: each picks a different HttpClient underneath. */
    UpstreamHttpVersion httpVersion() {
        return UpstreamHttpVersion.HTTP_1_1;
    }

    private UpstreamClient client(UpstreamClient.Builder builder) {
        UpstreamClient client = builder
                .httpVersion(httpVersion())
                .retries(1)
                .retryBackoff(Duration.ofMillis(5))
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(5))
                .build();
        closeables.add(0, client);
        return client;
    }

    private static String body(FetchResult result) {
        return new String(result.body(), UTF_8);
    }

    @Test
    void explicitProxyReceivesAbsoluteFormRequests() throws Exception {
        UpstreamClient client = client(UpstreamClient.builder(UNRESOLVABLE).proxy(proxy.uri()));

        FetchResult result = client.fetch("names", null, MAX);

        assertThat(body(result)).isEqualTo("proxied http://upstream.invalid/hex/names");
        assertThat(proxy.received()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.target()).isEqualTo("http://upstream.invalid/hex/names");
            assertThat(r.header("Host")).isEqualTo("upstream.invalid");
            assertThat(r.header("User-Agent")).startsWith("hexmirror/");
        });
        assertThat(client.requestCount()).isEqualTo(1);
    }

    @Test
    void explicitProxyOverridesTheEnvironment() throws Exception {
        Map<String, String> env = Map.of("HTTP_PROXY", "http://127.0.0.1:" + closedPort(), "NO_PROXY", "upstream.invalid");

        UpstreamClient before = client(UpstreamClient.builder(UNRESOLVABLE).proxy(proxy.uri()).proxyFromEnvironment(env));
        UpstreamClient after = client(UpstreamClient.builder(UNRESOLVABLE).proxyFromEnvironment(env).proxy(proxy.uri()));

        assertThat(body(before.fetch("names", null, MAX))).startsWith("proxied ");
        assertThat(body(after.fetch("names", null, MAX))).startsWith("proxied ");
        assertThat(proxy.received()).hasSize(2);
    }

    @Test
    void environmentProxyServesHttpTargets() throws Exception {
        // A value without a scheme is an http proxy, as curl reads it.
        Map<String, String> env = Map.of("http_proxy", "127.0.0.1:" + proxy.port(), "HTTPS_PROXY", "http://127.0.0.1:" + closedPort());
        UpstreamClient client = client(UpstreamClient.builder(UNRESOLVABLE).proxyFromEnvironment(env));

        assertThat(body(client.fetch("names", null, MAX))).isEqualTo("proxied http://upstream.invalid/hex/names");
        assertThat(proxy.received()).singleElement()
                .satisfies(r -> assertThat(r.target()).isEqualTo("http://upstream.invalid/hex/names"));
    }

    @Test
    void noProxyHostsAreReachedDirectly() throws Exception {
        String proxyUrl = "http://127.0.0.1:" + proxy.port();
        for (String noProxy : List.of("127.0.0.1", "example.org, 127.0.0.1", "127.0.0.1:" + upstream.port(), "*", "10.0.0.0/8,127.0.0.0/8")) {
            UpstreamClient client = client(UpstreamClient.builder(upstream.uri())
                    .proxyFromEnvironment(Map.of("HTTP_PROXY", proxyUrl, "no_proxy", noProxy)));
            assertThat(body(client.fetch("names", null, MAX))).as(noProxy).isEqualTo("direct");
        }
        assertThat(proxy.received()).isEmpty();
        assertThat(upstream.received()).hasSize(5);
    }

    @Test
    void noProxyEntriesThatDoNotMatchLeaveTheProxyInUse() throws Exception {
        String proxyUrl = "http://127.0.0.1:" + proxy.port();
        for (String noProxy : List.of("127.0.0.2", "127.0.0.1:" + closedPort(), "example.org", "10.0.0.0/8")) {
            UpstreamClient client = client(UpstreamClient.builder(upstream.uri())
                    .proxyFromEnvironment(Map.of("HTTP_PROXY", proxyUrl, "NO_PROXY", noProxy)));
            assertThat(body(client.fetch("names", null, MAX))).as(noProxy).startsWith("proxied ");
        }
        assertThat(proxy.received()).hasSize(4);
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void httpsTargetsTunnelThroughTheHttpsProxy() throws Exception {
        proxy.fallback((req, resp, cb, n) -> send(resp, cb, 403, new byte[0]));
        Map<String, String> env = Map.of("HTTPS_PROXY", "http://127.0.0.1:" + proxy.port(), "HTTP_PROXY", "http://127.0.0.1:" + closedPort());
        UpstreamClient client = client(UpstreamClient.builder(URI.create("https://upstream.invalid")).proxyFromEnvironment(env));

        // HttpClient hands back the proxy's refusal of the tunnel as the response.
        assertThatThrownBy(() -> client.fetch("names", null, MAX))
                .isInstanceOf(UpstreamHttpException.class)
                .hasMessageContaining("https://upstream.invalid/names via proxy http://127.0.0.1:" + proxy.port())
                .hasMessageContaining("HTTP 403");
        assertThat(proxy.received()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("CONNECT");
            assertThat(r.target()).contains("upstream.invalid:443");
        });
    }

    @Test
    void proxyCredentialsAnswerTheChallengeAndAreReusedAndNeverShown() throws Exception {
        List<String> seen = new ArrayList<>();
        proxy.fallback((req, resp, cb, n) -> {
            String authorization = req.getHeaders().get(HttpHeader.PROXY_AUTHORIZATION);
            if (authorization == null) {
                send(resp, cb, 407, new byte[0], "Proxy-Authenticate", "Basic realm=\"test\"");
                return;
            }
            synchronized (seen) {
                seen.add(new String(Base64.getDecoder().decode(authorization.substring("Basic ".length())), UTF_8));
            }
            send(resp, cb, 200, "authorised".getBytes(UTF_8));
        });
        // Reserved characters in the user info are percent-encoded; '+' is a literal plus.
        URI proxyUri = URI.create("http://us%40er:s3cr%40t+pw%3Ax@127.0.0.1:" + proxy.port());
        UpstreamClient client = client(UpstreamClient.builder(UNRESOLVABLE).proxy(proxyUri));

        assertThat(body(client.fetch("names", null, MAX))).isEqualTo("authorised");
        assertThat(body(client.fetch("versions", null, MAX))).isEqualTo("authorised");

        assertThat(seen).containsExactly("us@er:s3cr@t+pw:x", "us@er:s3cr@t+pw:x");
        // One challenge, then the cached scheme answers up front.
        assertThat(proxy.received()).hasSize(3);
        assertThat(client.toString()).contains("127.0.0.1:" + proxy.port()).doesNotContain("s3cr");
    }

    @Test
    void failuresThroughAProxyNameItWithoutItsCredentials() throws Exception {
        int port = closedPort();
        UpstreamClient client = client(UpstreamClient.builder(UNRESOLVABLE).proxy(URI.create("http://user:s3cret@127.0.0.1:" + port)));

        assertThatThrownBy(() -> client.fetch("names", null, MAX))
                .isInstanceOf(UpstreamConnectionException.class)
                .hasMessageContaining("http://upstream.invalid/hex/names via proxy http://127.0.0.1:" + port)
                .hasMessageContaining("Connection refused")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void badProxySettingsAreRejectedNamingTheSourceNotTheSecret() {
        assertThatThrownBy(() -> UpstreamClient.builder(UNRESOLVABLE).proxyFromEnvironment(Map.of("HTTPS_PROXY", "socks5://user:s3cret@proxy:1080")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HTTPS_PROXY")
                .hasMessageContaining("socks5")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> UpstreamClient.builder(UNRESOLVABLE).proxyFromEnvironment(Map.of("http_proxy", "http://user:s3cret@/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http_proxy")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> UpstreamClient.builder(UNRESOLVABLE).proxy(URI.create("proxy.corp:3128")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
