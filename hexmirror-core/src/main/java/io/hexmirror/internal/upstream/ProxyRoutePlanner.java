package io.hexmirror.internal.upstream;

import static java.util.Objects.requireNonNull;

import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/** Routes each request (redirects included) through the proxy that {@link ProxySettings} picks for its target. */
final class ProxyRoutePlanner extends DefaultRoutePlanner {
    private final ProxySettings settings;

    ProxyRoutePlanner(ProxySettings settings) {
        super(DefaultSchemePortResolver.INSTANCE);
        this.settings = requireNonNull(settings, "settings is null");
    }

    @Override
    protected HttpHost determineProxy(HttpHost target, HttpContext context) {
        ProxyAddress proxy = settings.proxyFor(target);
        return proxy == null ? null : proxy.host();
    }
}
