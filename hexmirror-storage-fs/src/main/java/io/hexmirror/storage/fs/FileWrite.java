package io.hexmirror.storage.fs;

import io.hexmirror.storage.ObjectAlreadyExistsException;
import io.hexmirror.storage.ObjectWrite;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A write into a temporary file, published by {@link #commit()}. Once writing to the stream has
 * failed (a full disk, say), the write can no longer be committed: the file may hold a part only.
 */
final class FileWrite implements ObjectWrite {
    private final FileSystemStorage storage;
    private final String key;
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final boolean exclusive;
    private final boolean fsync;
    private final boolean deferredSync;
    private final OutputStream stream = new TempStream();
    private IOException streamFailure;
    private boolean finished;

    FileWrite(FileSystemStorage storage, String key, Path target, Path temp, FileChannel channel, boolean exclusive, boolean fsync,
            boolean deferredSync) {
        this.storage = storage;
        this.key = key;
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        this.exclusive = exclusive;
        this.fsync = fsync;
        this.deferredSync = deferredSync;
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
        if (streamFailure != null) {
            IOException failure = new IOException("cannot commit '" + key + "' to " + storage.describe()
                    + ": writing its content failed earlier", streamFailure);
            discard(failure);
            throw failure;
        }
        try {
            if (fsync && !deferredSync) {
                channel.force(true);
            }
            channel.close();
            storage.publish(key, temp, target, exclusive, deferredSync);
        } catch (ObjectAlreadyExistsException e) {
            throw e;
        } catch (IOException e) {
            discard(e);
            throw new IOException("cannot write '" + key + "' to " + storage.describe() + ": " + Failures.reason(e), e);
        }
    }

    @Override
    public void close() throws IOException {
        if (!finished) {
            finished = true;
            discard(null);
        }
    }

    /** Closes the channel and removes the temporary file; a cleanup failure is added to the primary one. */
    private void discard(IOException primary) throws IOException {
        try {
            channel.close();
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            if (primary == null) {
                throw new IOException("cannot remove the temporary file " + temp + " of '" + key + "': "
                        + Failures.reason(e), e);
            }
            primary.addSuppressed(e);
        }
    }

    /** Writes straight to the channel; closing it does not commit, the write's own close() does the cleanup. */
    private final class TempStream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (finished) {
                throw new IOException("write of '" + key + "' to " + storage.describe() + " is already finished");
            }
            if (streamFailure != null) {
                throw new IOException("cannot write '" + key + "' to " + storage.describe() + ": an earlier write failed", streamFailure);
            }
            try {
                ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (IOException e) {
                streamFailure = e;
                throw new IOException("cannot write '" + key + "' to " + storage.describe() + ": " + Failures.reason(e), e);
            }
        }

        @Override
        public void close() {
            // Deliberately not a commit: only ObjectWrite.commit() publishes.
        }
    }
}
