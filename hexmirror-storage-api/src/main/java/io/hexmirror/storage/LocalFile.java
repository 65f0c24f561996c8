package io.hexmirror.storage;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * An object's local file, open for reading, and the version of the object it holds: what
 * {@link Storage#openLocalFile} gives a server, which sends the file from the operating system's page
 * cache and takes the response's length and validators from {@code info}, with no look at the store
 * before or after. Closing it closes the channel.
 *
 * @param channel a read-only channel of the file
 * @param info the object as of the open: the channel reads exactly the bytes it describes, whatever
 *     replaces the object afterwards
 */
public record LocalFile(FileChannel channel, ObjectInfo info) implements Closeable {
    public LocalFile {
        requireNonNull(channel, "channel is null");
        requireNonNull(info, "info is null");
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
