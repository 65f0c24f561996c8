package io.hexmirror.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A write in progress. Bytes go to {@link #stream()}; {@link #commit()} publishes them atomically;
 * {@link #close()} without a successful commit discards them. There is no failure mode in which
 * readers see a part of the new content. Not thread-safe.
 */
public interface ObjectWrite extends Closeable {

    /** The stream to write the content to. Closing it does not commit. */
    OutputStream stream();

    /** Makes the whole content visible under the key, replacing any previous object. */
    void commit() throws IOException;

    /** Discards the write unless it was committed. Never throws for an uncommitted write's cleanup alone. */
    @Override
    void close() throws IOException;
}
