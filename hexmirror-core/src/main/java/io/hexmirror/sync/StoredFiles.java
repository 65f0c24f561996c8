package io.hexmirror.sync;

import io.hexmirror.MalformedDataException;
import io.hexmirror.storage.ObjectNotFoundException;
import io.hexmirror.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Small-file helpers over a {@link Storage}. */
final class StoredFiles {
    private StoredFiles() {
    }

    /** The whole object, or empty when it does not exist. Refuses objects over {@code maxBytes}. */
    static Optional<byte[]> readIfPresent(Storage storage, String key, long maxBytes) throws IOException {
        try (InputStream in = storage.read(key)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new IOException(new MalformedDataException(
                        key + " in " + storage.describe() + " is larger than the limit of " + maxBytes + " bytes"));
            }
            return Optional.of(bytes);
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }
}
