package io.hexmirror.server;

import static java.util.Objects.requireNonNull;

import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Strong ETags that are the SHA-256 of the content: {@code "<64 lowercase hex digits>"}.
 *
 * <p>Why a content hash rather than nginx's mtime-and-size: rebar3 and Hex store the ETag they got
 * and send it back, so the ETag should stay the same for the same bytes across restarts, re-syncs
 * that rewrite an unchanged file, copies of the mirror to another machine, and storage backends. A
 * store that keeps the SHA-256 in its metadata ({@link ObjectInfo#sha256()}) gives it for free;
 * otherwise the object is hashed once and the result cached, keyed by (key, size, modification
 * time), in a bounded least-recently-used map, so later requests cost a {@code stat} only. A file
 * that is replaced gets a new modification time and so is hashed again.
 *
 * <p>Thread-safe. Two threads may hash the same object at once the first time; both get the same
 * answer.
 */
final class ContentEtags {
    private final Storage storage;
    private final Map<String, Cached> cache;

    private record Cached(long size, Instant lastModified, String etag) {
    }

    ContentEtags(Storage storage, int maxEntries) {
        this.storage = requireNonNull(storage, "storage is null");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
        }
        this.cache = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The quoted strong ETag for the object {@code info} describes. */
    String etag(ObjectInfo info) throws IOException {
        Optional<String> stored = info.sha256();
        if (stored.isPresent()) {
            return quote(stored.get());
        }
        synchronized (cache) {
            Cached cached = cache.get(info.key());
            if (cached != null && cached.size() == info.size() && cached.lastModified().equals(info.lastModified())) {
                return cached.etag();
            }
        }
        String etag = quote(hash(info.key()));
        // Cache only if the object did not change while it was hashed, so that the cached hash
        // always belongs to the (size, mtime) it is filed under.
        if (storage.stat(info.key()).filter(now -> now.size() == info.size() && now.lastModified().equals(info.lastModified())).isPresent()) {
            synchronized (cache) {
                cache.put(info.key(), new Cached(info.size(), info.lastModified(), etag));
            }
        }
        return etag;
    }

    private String hash(String key) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = storage.read(key)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String quote(String hex) {
        return '"' + hex + '"';
    }
}
