package io.hexmirror.internal.verify;

import io.hexmirror.files.ObjectTooLargeException;
import io.hexmirror.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of whole stored objects, read through one buffer and one digest that it keeps from object
 * to object: hashing a mirror's tarballs then allocates nothing per tarball. One per thread; not
 * thread-safe.
 */
final class ObjectHasher {
    /** Large enough that a typical tarball (60 KB on hex.pm) is one or two reads. */
    private static final int BUFFER_BYTES = 64 * 1024;

    private final byte[] buffer = new byte[BUFFER_BYTES];
    private final MessageDigest sha256;

    ObjectHasher() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * The SHA-256 of the object at {@code key}.
     *
     * @throws io.hexmirror.storage.ObjectNotFoundException when there is no such object
     * @throws ObjectTooLargeException when it has more than {@code maxBytes} bytes (read no further)
     */
    byte[] sha256(Storage storage, String key, long maxBytes) throws IOException {
        sha256.reset();
        long total = 0;
        try (InputStream in = storage.read(key)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new ObjectTooLargeException(key, storage.describe(), maxBytes);
                }
                sha256.update(buffer, 0, n);
            }
        }
        return sha256.digest();
    }
}
