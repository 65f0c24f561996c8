package io.hexmirror.tarball;

import io.hexmirror.MalformedDataException;
import java.io.IOException;

/**
 * Keeps the first bad-data finding made inside a stream. Streams can only throw {@link IOException}, which
 * the tar and gzip readers may wrap or, in gzip's case, swallow; the reader throws what the latch holds.
 */
final class FailureLatch {
    private MalformedDataException failure;

    /** Records the finding (unless one came first) and returns the exception for the stream to throw. */
    IOException fail(String message) {
        if (failure == null) {
            failure = new MalformedDataException(message);
        }
        return new IOException(message);
    }

    MalformedDataException failure() {
        return failure;
    }
}
