package io.hexmirror.internal.upstream;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.core5.http.HttpHost;

/**
 * An HTTP(S) proxy parsed from a URL such as {@code http://user:pass@proxy.corp:3128}. {@link #toString()}
 * never shows the credentials. Immutable.
 */
final class ProxyAddress {
    private final HttpHost host;
    private final UsernamePasswordCredentials credentials;

    private ProxyAddress(HttpHost host, UsernamePasswordCredentials credentials) {
        this.host = host;
        this.credentials = credentials;
    }

    /**
     * Parses a proxy URL as found in {@code HTTPS_PROXY} and friends: the scheme defaults to {@code http} (many
     * environments write {@code proxy:3128}), the port to the scheme's; a path is ignored.
     *
     * @param source what the value came from, for error messages (the value itself may hold a password, so
     *     messages never quote it)
     * @throws IllegalArgumentException if the value is not a usable http or https proxy URL
     */
    static ProxyAddress parse(String value, String source) {
        String text = value.trim();
        if (!text.contains("://")) {
            text = "http://" + text;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(source + " is not a valid proxy URL (percent-encode special characters in the user name or password)");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(source + ": unsupported proxy scheme '" + scheme + "' (only http and https proxies are supported)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(source + " has no proxy host name");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : (scheme.equals("https") ? 443 : 80);
        HttpHost host = new HttpHost(scheme, uri.getHost(), port);
        return new ProxyAddress(host, credentials(uri.getRawUserInfo()));
    }

    static ProxyAddress of(URI uri) {
        if (uri.getScheme() == null || uri.isOpaque()) {
            throw new IllegalArgumentException("proxy URL must have the form http://host:port or https://host:port");
        }
        return parse(uri.toString(), "proxy URL");
    }

    private static UsernamePasswordCredentials credentials(String rawUserInfo) {
        if (rawUserInfo == null || rawUserInfo.isEmpty()) {
            return null;
        }
        int colon = rawUserInfo.indexOf(':');
        String user = colon < 0 ? rawUserInfo : rawUserInfo.substring(0, colon);
        String password = colon < 0 ? "" : rawUserInfo.substring(colon + 1);
        return new UsernamePasswordCredentials(decode(user), decode(password).toCharArray());
    }

    /** URI user info is percent-encoded; unlike form encoding, '+' is a literal plus. */
    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    HttpHost host() {
        return host;
    }

    /** The credentials from the URL, or {@code null}. */
    UsernamePasswordCredentials credentials() {
        return credentials;
    }

    /** {@code scheme://host:port}: safe to print. */
    @Override
    public String toString() {
        return host.toURI();
    }
}
