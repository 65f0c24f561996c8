package io.hexmirror.storage;

import java.util.Optional;

/**
 * How to write an object.
 *
 * @param exclusive fail with {@link ObjectAlreadyExistsException} instead of replacing an existing
 *     object (needs {@link StorageCapability#CREATE_EXCLUSIVE})
 * @param sha256 the lowercase hex SHA-256 of the content, when the caller knows it, for stores that
 *     keep it as metadata; a store may check it
 */
public record WriteOptions(boolean exclusive, Optional<String> sha256) {
    private static final WriteOptions DEFAULTS = new WriteOptions(false, Optional.empty());

    public WriteOptions {
        if (sha256 == null) {
            throw new NullPointerException("sha256 is null");
        }
    }

    /** Replace any existing object; no checksum known. */
    public static WriteOptions defaults() {
        return DEFAULTS;
    }

    public static WriteOptions exclusiveCreate() {
        return new WriteOptions(true, Optional.empty());
    }

    public WriteOptions withSha256(String hex) {
        return new WriteOptions(exclusive, Optional.of(hex));
    }
}
