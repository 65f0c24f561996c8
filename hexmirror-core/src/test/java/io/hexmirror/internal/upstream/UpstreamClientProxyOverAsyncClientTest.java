package io.hexmirror.internal.upstream;

import io.hexmirror.upstream.UpstreamHttpVersion;

/**
 * {@link UpstreamClientProxyTest} with {@code --http-version auto}, which runs HttpClient's asynchronous client:
 * proxy routes, tunnels and proxy authentication must behave the same.
 */
class UpstreamClientProxyOverAsyncClientTest extends UpstreamClientProxyTest {
    @Override
    UpstreamHttpVersion httpVersion() {
        return UpstreamHttpVersion.AUTO;
    }
}
