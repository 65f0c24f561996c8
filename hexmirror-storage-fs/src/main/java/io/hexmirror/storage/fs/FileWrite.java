package io.hexmirror.storage.fs;

import io.hexmirror.storage.ObjectWrite;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A write into a temporary file, published by {@link #commit()}. */
final class FileWrite implements ObjectWrite {
    private final FileSystemStorage storage;
    private final String key;
    private final Path target;
    private final Path temp;
    private final boolean exclusive;
    private final boolean fsync;
    private final FileChannel channel;
    private final OutputStream stream;
    private boolean finished;

    FileWrite(FileSystemStorage storage, String key, Path target, Path temp, boolean exclusive, boolean fsync) throws IOException {
        this.storage = storage;
        this.key = key;
        this.target = target;
        this.temp = temp;
        this.exclusive = exclusive;
        this.fsync = fsync;
        this.channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        this.stream = new FilterOutputStream(Channels.newOutputStream(channel)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() {
                // Closing the stream does not commit; the write's own close() releases the file.
            }
        };
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    @Override
    public void commit() throws IOException {
        if (finished) {
            throw new IllegalStateException("write of '" + key + "' already finished");
        }
        finished = true;
        try {
            if (fsync) {
                channel.force(true);
            }
            channel.close();
            storage.publish(key, temp, target, exclusive);
        } catch (IOException e) {
            channel.close();
            Files.deleteIfExists(temp);
            throw new IOException("cannot write '" + key + "' to " + storage.describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        if (!finished) {
            finished = true;
            try {
                channel.close();
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }
}
