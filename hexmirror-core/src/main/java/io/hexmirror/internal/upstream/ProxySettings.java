package io.hexmirror.internal.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hc.core5.http.HttpHost;

/**
 * Which proxy, if any, a request goes through: none, one explicit proxy for everything, or per scheme from the
 * environment with {@code NO_PROXY} exceptions. Immutable.
 */
final class ProxySettings {
    static final ProxySettings DIRECT = new ProxySettings(null, null, NoProxy.NONE);

    private final ProxyAddress forHttp;
    private final ProxyAddress forHttps;
    private final NoProxy noProxy;

    private ProxySettings(ProxyAddress forHttp, ProxyAddress forHttps, NoProxy noProxy) {
        this.forHttp = forHttp;
        this.forHttps = forHttps;
        this.noProxy = noProxy;
    }

    /** Every request through {@code proxy}, whatever the target. */
    static ProxySettings explicit(ProxyAddress proxy) {
        return new ProxySettings(proxy, proxy, NoProxy.NONE);
    }

    /**
     * Reads {@code https_proxy}/{@code HTTPS_PROXY} for https targets, {@code http_proxy}/{@code HTTP_PROXY} for
     * http targets, {@code no_proxy}/{@code NO_PROXY} for exceptions; the lower-case name wins when both are set
     * (as in curl and wget). Empty values count as unset.
     *
     * @throws IllegalArgumentException if a proxy variable holds no usable proxy URL; the message names the
     *     variable, never its value
     */
    static ProxySettings fromEnvironment(Map<String, String> env) {
        return new ProxySettings(
                proxyVariable(env, "http_proxy"),
                proxyVariable(env, "https_proxy"),
                NoProxy.parse(variable(env, "no_proxy")));
    }

    private static ProxyAddress proxyVariable(Map<String, String> env, String lowerName) {
        String name = nameSet(env, lowerName);
        return name == null ? null : ProxyAddress.parse(env.get(name), "environment variable " + name);
    }

    private static String variable(Map<String, String> env, String lowerName) {
        String name = nameSet(env, lowerName);
        return name == null ? null : env.get(name);
    }

    private static String nameSet(Map<String, String> env, String lowerName) {
        for (String name : List.of(lowerName, lowerName.toUpperCase(Locale.ROOT))) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return name;
            }
        }
        return null;
    }

    /** The proxy for a request to {@code target}, or {@code null} to connect directly. */
    ProxyAddress proxyFor(HttpHost target) {
        boolean https = "https".equalsIgnoreCase(target.getSchemeName());
        ProxyAddress proxy = https ? forHttps : forHttp;
        if (proxy == null) {
            return null;
        }
        int port = target.getPort() >= 0 ? target.getPort() : (https ? 443 : 80);
        return noProxy.bypasses(target.getHostName(), port) ? null : proxy;
    }

    /** The distinct proxies configured, to register their credentials. */
    List<ProxyAddress> proxies() {
        List<ProxyAddress> proxies = new ArrayList<>(2);
        if (forHttp != null) {
            proxies.add(forHttp);
        }
        if (forHttps != null && forHttps != forHttp) {
            proxies.add(forHttps);
        }
        return proxies;
    }

    @Override
    public String toString() {
        if (forHttp == null && forHttps == null) {
            return "direct";
        }
        if (forHttp == forHttps) {
            return "proxy " + forHttp;
        }
        return "http proxy " + (forHttp == null ? "none" : forHttp) + ", https proxy " + (forHttps == null ? "none" : forHttps);
    }
}
