package io.hexmirror.internal.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;

class ProxySettingsTest {
    private static final HttpHost HTTPS_TARGET = new HttpHost("https", "repo.hex.pm", -1);
    private static final HttpHost HTTP_TARGET = new HttpHost("http", "mirror.local", 8080);

    @Test
    void proxyUrlsDefaultTheSchemeAndPortAndDecodeCredentials() {
        ProxyAddress bare = ProxyAddress.parse("proxy.corp", "test");
        assertThat(bare.host()).isEqualTo(new HttpHost("http", "proxy.corp", 80));
        assertThat(bare.credentials()).isNull();

        assertThat(ProxyAddress.parse("https://proxy.corp/", "test").host()).isEqualTo(new HttpHost("https", "proxy.corp", 443));

        ProxyAddress withCredentials = ProxyAddress.parse("http://d%C3%A9v:p%40ss+w%3Ard@proxy.corp:3128", "test");
        assertThat(withCredentials.host()).isEqualTo(new HttpHost("http", "proxy.corp", 3128));
        assertThat(withCredentials.credentials().getUserName()).isEqualTo("dév");
        assertThat(new String(withCredentials.credentials().getUserPassword())).isEqualTo("p@ss+w:rd");
        assertThat(withCredentials).hasToString("http://proxy.corp:3128");

        assertThat(ProxyAddress.parse("http://alone@proxy.corp:3128", "test").credentials().getUserPassword()).isEmpty();
    }

    @Test
    void unusableProxyUrlsAreRejectedNamingTheSource() {
        assertThatThrownBy(() -> ProxyAddress.parse("socks5://proxy:1080", "HTTPS_PROXY"))
                .hasMessage("HTTPS_PROXY: unsupported proxy scheme 'socks5' (only http and https proxies are supported)");
        assertThatThrownBy(() -> ProxyAddress.parse("http://us er:pw@proxy", "HTTP_PROXY"))
                .hasMessageStartingWith("HTTP_PROXY is not a valid proxy URL")
                .hasMessageNotContaining("pw");
        assertThatThrownBy(() -> ProxyAddress.of(URI.create("proxy.corp:3128")))
                .hasMessageContaining("http://host:port");
    }

    @Test
    void environmentPicksTheProxyByTargetScheme() {
        ProxySettings settings = ProxySettings.fromEnvironment(Map.of(
                "HTTPS_PROXY", "http://secure-proxy:3128",
                "HTTP_PROXY", "http://plain-proxy:3128"));
        assertThat(settings.proxyFor(HTTPS_TARGET).host().getHostName()).isEqualTo("secure-proxy");
        assertThat(settings.proxyFor(HTTP_TARGET).host().getHostName()).isEqualTo("plain-proxy");
        assertThat(settings.proxies()).hasSize(2);
    }

    @Test
    void lowerCaseVariablesWinAndEmptyOnesCountAsUnset() {
        ProxySettings settings = ProxySettings.fromEnvironment(Map.of(
                "https_proxy", "http://lower:1",
                "HTTPS_PROXY", "http://upper:1",
                "http_proxy", "",
                "HTTP_PROXY", "http://upper-http:1"));
        assertThat(settings.proxyFor(HTTPS_TARGET).host().getHostName()).isEqualTo("lower");
        assertThat(settings.proxyFor(HTTP_TARGET).host().getHostName()).isEqualTo("upper-http");
    }

    @Test
    void aSchemeWithoutItsVariableGoesDirect() {
        ProxySettings settings = ProxySettings.fromEnvironment(Map.of("HTTP_PROXY", "http://plain-proxy:3128"));
        assertThat(settings.proxyFor(HTTPS_TARGET)).isNull();
        assertThat(ProxySettings.fromEnvironment(Map.of()).proxyFor(HTTP_TARGET)).isNull();
    }

    @Test
    void noProxyUsesTheDefaultPortOfTheTargetScheme() {
        ProxySettings settings = ProxySettings.fromEnvironment(Map.of(
                "HTTPS_PROXY", "http://proxy:3128",
                "NO_PROXY", "repo.hex.pm:443"));
        assertThat(settings.proxyFor(HTTPS_TARGET)).isNull();
        assertThat(settings.proxyFor(new HttpHost("https", "repo.hex.pm", 8443))).isNotNull();
    }

    @Test
    void anExplicitProxyServesEveryTargetAndIgnoresNoProxy() {
        ProxySettings settings = ProxySettings.explicit(ProxyAddress.parse("http://proxy:3128", "test"));
        assertThat(settings.proxyFor(HTTPS_TARGET)).isNotNull();
        assertThat(settings.proxyFor(HTTP_TARGET)).isNotNull();
        assertThat(settings.proxies()).hasSize(1);
        assertThat(settings).hasToString("proxy http://proxy:3128");
    }
}
