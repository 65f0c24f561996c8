package io.hexmirror.storage;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * What a store knows about one object.
 *
 * @param key the object's key
 * @param size its length in bytes
 * @param lastModified when it was last written
 * @param sha256 the lowercase hex SHA-256 of its content when the store keeps it (for example in
 *     object metadata), otherwise empty. A store declaring {@link StorageCapability#STORED_SHA256}
 *     fills it in from {@link Storage#stat}; listings may leave it empty. When present it is the
 *     hash of the content, never a guess.
 */
public record ObjectInfo(String key, long size, Instant lastModified, Optional<String> sha256) {
    public ObjectInfo {
        requireNonNull(key, "key is null");
        requireNonNull(lastModified, "lastModified is null");
        requireNonNull(sha256, "sha256 is null");
        if (size < 0) {
            throw new IllegalArgumentException("size is negative: " + size);
        }
    }

    public ObjectInfo(String key, long size, Instant lastModified) {
        this(key, size, lastModified, Optional.empty());
    }
}
