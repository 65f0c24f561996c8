package io.hexmirror.storage;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How to write an object.
 *
 * @param exclusive fail with {@link ObjectAlreadyExistsException} instead of replacing an existing
 *     object (needs {@link StorageCapability#CREATE_EXCLUSIVE})
 * @param sha256 the lowercase hex SHA-256 of the content, when the caller knows it, for stores that
 *     keep it as metadata; a store may check it. The caller vouches that it is the hash of exactly
 *     the bytes written (computed from them, or checked against them): a store, or a wrapper such as
 *     the one recording a generation's journal, may keep it as the content's hash without hashing the
 *     content again. Leave it empty rather than pass a hash of other bytes.
 * @param contentType the media type of the content (a {@code Content-Type} header value such as
 *     {@code application/octet-stream}), when the caller decided one. The caller knows the layout
 *     of what it stores; the store does not guess from the key. A store that serves objects over
 *     HTTP (an S3 bucket used as a website) keeps it and answers with it; a store that cannot keep
 *     it ignores it. Never a reason to add a {@code Content-Encoding}.
 * @param deferredSync the write need not be durable when its commit returns, only once
 *     {@link Storage#syncDeferredWrites()} has returned: for files written many at a time before
 *     whatever vouches for them (a docs tree before its marker, catalog pages before the index, a
 *     package's tarballs before its package file), so that a store which makes every commit durable
 *     on its own (an fsync per file) can do it for a whole batch at once. Readers see the object at
 *     commit, as with any write. A crash before the sync may lose such a write, or leave a part of
 *     it: the caller records that a batch is complete only after the sync. Stores whose commits are
 *     durable anyway ignore it.
 */
public record WriteOptions(boolean exclusive, Optional<String> sha256, Optional<String> contentType, boolean deferredSync) {
    private static final WriteOptions DEFAULTS = new WriteOptions(false, Optional.empty(), Optional.empty(), false);

    public WriteOptions {
        requireNonNull(sha256, "sha256 is null");
        requireNonNull(contentType, "contentType is null");
        contentType.ifPresent(WriteOptions::checkContentType);
    }

    /** Replace any existing object; no checksum or content type known. */
    public static WriteOptions defaults() {
        return DEFAULTS;
    }

    /** Create the object only if the key is free; no checksum or content type known. */
    public static WriteOptions exclusiveCreate() {
        return new WriteOptions(true, Optional.empty(), Optional.empty(), false);
    }

    /** These options with the content's SHA-256 (lowercase hex). */
    public WriteOptions withSha256(String hex) {
        return new WriteOptions(exclusive, Optional.of(requireNonNull(hex, "hex is null")), contentType, deferredSync);
    }

    /**
     * These options with a content type.
     *
     * @throws IllegalArgumentException when the value is blank or holds a line break or control character
     */
    public WriteOptions withContentType(String type) {
        return new WriteOptions(exclusive, sha256, Optional.of(requireNonNull(type, "type is null")), deferredSync);
    }

    /** These options for a write made durable by the next {@link Storage#syncDeferredWrites()}, not by its commit. */
    public WriteOptions withDeferredSync() {
        return new WriteOptions(exclusive, sha256, contentType, true);
    }

    private static void checkContentType(String type) {
        if (type.isBlank()) {
            throw new IllegalArgumentException("content type is blank");
        }
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                // It ends up in an HTTP header: a line break would split it.
                throw new IllegalArgumentException("content type '" + type.replaceAll("\\p{Cntrl}", "?")
                        + "' contains a control character");
            }
        }
    }
}
