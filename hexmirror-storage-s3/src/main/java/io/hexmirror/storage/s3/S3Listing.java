package io.hexmirror.storage.s3;

import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.StorageKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The objects under one S3 prefix, one ListObjectsV2 page at a time as the iteration reaches it.
 * A page that cannot be fetched surfaces as {@link UncheckedIOException} naming the prefix.
 */
final class S3Listing implements Iterator<ObjectInfo> {
    private final S3Storage storage;
    private final String keyPrefix;
    private final String listPrefix;
    private Iterator<S3Object> page = Collections.emptyIterator();
    private String continuationToken;
    private boolean morePages = true;
    private ObjectInfo next;

    /**
     * @param keyPrefix the store's own prefix ({@code ""} or ending in '/'), stripped from every key
     * @param listPrefix the S3 prefix to list, starting with {@code keyPrefix}
     */
    S3Listing(S3Storage storage, String keyPrefix, String listPrefix) {
        this.storage = storage;
        this.keyPrefix = keyPrefix;
        this.listPrefix = listPrefix;
    }

    /** Fetches the first page now, so that an unreachable store fails the list call itself. */
    void fetchFirstPage() throws IOException {
        fetch();
    }

    @Override
    public boolean hasNext() {
        while (next == null) {
            if (page.hasNext()) {
                next = toInfo(page.next()).orElse(null);
            } else if (morePages) {
                try {
                    fetch();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else {
                return false;
            }
        }
        return true;
    }

    @Override
    public ObjectInfo next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ObjectInfo info = next;
        next = null;
        return info;
    }

    private void fetch() throws IOException {
        ListObjectsV2Response response;
        try {
            response = storage.client().listObjectsV2(b -> b.bucket(storage.config().bucket())
                    .prefix(listPrefix)
                    .maxKeys(storage.config().listPageSize())
                    .continuationToken(continuationToken));
        } catch (SdkException e) {
            throw storage.failure("list", listPrefix.substring(keyPrefix.length()) + "*", e);
        }
        page = response.contents().iterator();
        continuationToken = response.nextContinuationToken();
        morePages = Boolean.TRUE.equals(response.isTruncated()) && continuationToken != null;
    }

    private Optional<ObjectInfo> toInfo(S3Object object) {
        String key = object.key().substring(keyPrefix.length());
        try {
            StorageKeys.validate(key);
        } catch (IllegalArgumentException e) {
            // Not a key this store could have written, e.g. a "folder/" marker: not part of the mirror.
            return Optional.empty();
        }
        long size = object.size() == null ? 0 : object.size();
        Instant modified = object.lastModified() == null ? Instant.EPOCH : object.lastModified();
        return Optional.of(new ObjectInfo(key, size, modified));
    }
}
