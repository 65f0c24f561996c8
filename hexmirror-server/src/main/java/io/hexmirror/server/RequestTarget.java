package io.hexmirror.server;

import io.hexmirror.storage.StorageKeys;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a request path asks for: the home page, a stored object, or nothing this server will serve.
 *
 * <p>The path is taken raw (still percent-encoded) so that nothing upstream has normalised a
 * {@code ..} away; repeated slashes are collapsed (Hex 2 keeps a mirror URL's trailing slash and asks
 * for {@code //packages/x}); the configured prefix is removed; encoded slashes and backslashes are
 * refused (no key segment can contain one, so they can only be an attempt to smuggle a separator);
 * the rest is percent-decoded exactly once and must then be a valid {@link StorageKeys storage key}
 * inside a {@link ServedArea}. Segments starting with '.' are never served: they hold the mirror's
 * own data ({@code .hexmirror/}) and in-flight writes.
 */
sealed interface RequestTarget {

    /** The prefix's home page. */
    record Home() implements RequestTarget {
    }

    /** The package search, answered by the server (works without JavaScript). */
    record Search() implements RequestTarget {
    }

    /** A stored object. */
    record StoredObject(String key, ServedArea area) implements RequestTarget {
    }

    /** The same resource under another path (a directory asked for without its trailing slash): 301. */
    record Redirect(String location) implements RequestTarget {
    }

    /** Nothing to serve: 404. */
    record NotFound(String reason) implements RequestTarget {
    }

    /** A path that is malformed or tries to escape: 400. */
    record BadRequest(String reason) implements RequestTarget {
    }

    /** The read-only Hex HTTP API ({@link HexApi}); {@code path} is what follows {@code api/}, still encoded. */
    record Api(String path) implements RequestTarget {
    }

    Pattern REPEATED_SLASHES = Pattern.compile("/{2,}");
    /** The derived docs tree, whose directories are served by their index.html. */
    String HEXDOCS_ROOT = "hexdocs";

    /**
     * Resolves a raw request path.
     *
     * @param rawPath the request path as sent, percent-encoded, without the query
     * @param prefix the normalised prefix: starts and ends with '/', contains only characters that
     *     need no encoding
     */
    static RequestTarget resolve(String rawPath, String prefix) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : REPEATED_SLASHES.matcher(rawPath).replaceAll("/");
        if (path.equals(prefix) || path.equals(prefix.substring(0, prefix.length() - 1))) {
            return new Home();
        }
        if (!path.startsWith(prefix)) {
            return new NotFound("'" + path + "' is outside this mirror's prefix " + prefix);
        }
        if (path.equals(prefix + "api") || path.startsWith(prefix + "api/")) {
            return new Api(path.substring(Math.min(path.length(), prefix.length() + 4)));
        }
        String rest = path.substring(prefix.length());
        if (rest.equals(HEXDOCS_ROOT)) {
            return new Redirect(path + "/");
        }
        if (rest.startsWith(HEXDOCS_ROOT + "/") && rest.endsWith("/")) {
            // A docs directory: its index.html, as a static web server serves it.
            rest = rest + "index.html";
        }
        if (rest.endsWith("/")) {
            return new NotFound("'" + path + "' is a directory; this server does not list directories");
        }
        if (rest.equals("search") || rest.equals("browse/search.html")) {
            return new Search();
        }
        String lower = rest.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c")) {
            return new BadRequest("'" + path + "' contains an encoded slash or backslash");
        }
        String key;
        try {
            // URLDecoder decodes '+' as a space (form encoding); in a path '+' is itself.
            key = URLDecoder.decode(rest.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new BadRequest("'" + path + "' has malformed percent-encoding");
        }
        try {
            StorageKeys.validate(key);
        } catch (IllegalArgumentException e) {
            return new BadRequest("invalid path: " + e.getMessage());
        }
        for (String segment : key.split("/")) {
            if (segment.startsWith(".")) {
                return new NotFound("'" + key + "' is reserved for the mirror's own data");
            }
        }
        Optional<ServedArea> area = ServedArea.of(key);
        if (area.isEmpty()) {
            return new NotFound("'" + key + "' is not part of a Hex repository (this mirror serves "
                    + ServedArea.describeAll() + ")");
        }
        return new StoredObject(key, area.get());
    }
}
