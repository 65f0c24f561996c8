package io.hexmirror.files;

import static java.util.Objects.requireNonNull;

import io.hexmirror.storage.ObjectNotFoundException;
import io.hexmirror.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Reads small objects whole, with a size limit, so that a wrong or hostile object cannot exhaust memory. */
public final class StoredObjects {
    /** The most {@link InputStream#readNBytes(int)} can return. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private StoredObjects() {
    }

    /**
     * The whole object, or empty when it does not exist.
     *
     * @param maxBytes the largest size accepted, at most {@code Integer.MAX_VALUE - 9}
     * @throws ObjectTooLargeException when the object has more than {@code maxBytes} bytes (only
     *     {@code maxBytes + 1} of them are read)
     * @throws IOException when the storage fails
     */
    public static Optional<byte[]> readIfPresent(Storage storage, String key, long maxBytes) throws IOException {
        requireNonNull(storage, "storage is null");
        requireNonNull(key, "key is null");
        if (maxBytes < 0 || maxBytes >= MAX_ARRAY) {
            throw new IllegalArgumentException("maxBytes out of range: " + maxBytes);
        }
        try (InputStream in = storage.read(key)) {
            byte[] bytes = in.readNBytes((int) maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new ObjectTooLargeException(key, storage.describe(), maxBytes);
            }
            return Optional.of(bytes);
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }
}
