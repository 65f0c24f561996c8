package io.hexmirror.internal.transfer;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Writes a bundle to one file, or cut into volumes {@code NAME.001}, {@code NAME.002}, ... of a
 * fixed size (the last one shorter) whose concatenation is the bundle. Refuses to start when the
 * file or any volume of that name exists, so an old volume can never be mistaken for part of a new
 * bundle. Each file is flushed to the device when it is complete. Not thread-safe.
 */
final class VolumeOutput extends OutputStream {
    static final int MAX_VOLUMES = 999;

    private final Path bundle;
    private final OptionalLong volumeSize;
    private final List<Path> files = new ArrayList<>();
    private FileOutputStream current;
    private long inCurrent;
    private long written;

    VolumeOutput(Path bundle, OptionalLong volumeSize) throws IOException {
        this.bundle = bundle.toAbsolutePath();
        this.volumeSize = volumeSize;
        if (volumeSize.isPresent() && volumeSize.getAsLong() <= 0) {
            throw new IllegalArgumentException("volume size must be positive, not " + volumeSize.getAsLong());
        }
        if (Files.exists(this.bundle)) {
            throw new FileAlreadyExistsException(this.bundle.toString(), null, "exists already; remove it or choose another name");
        }
        Path dir = this.bundle.getParent();
        String prefix = this.bundle.getFileName() + ".";
        if (Files.isDirectory(dir)) {
            try (Stream<Path> siblings = Files.list(dir)) {
                Path old = siblings.filter(p -> BundleVolumes.volumeNumber(p.getFileName().toString(), prefix) > 0)
                        .findFirst().orElse(null);
                if (old != null) {
                    throw new FileAlreadyExistsException(old.toString(), null,
                            "a volume of that name exists already; remove the old volumes or choose another name");
                }
            }
        }
    }

    /** The files written so far, in order. */
    List<Path> files() {
        return List.copyOf(files);
    }

    long bytesWritten() {
        return written;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (current == null || (volumeSize.isPresent() && inCurrent == volumeSize.getAsLong())) {
                next();
            }
            int n = volumeSize.isPresent() ? (int) Math.min(len, volumeSize.getAsLong() - inCurrent) : len;
            current.write(b, off, n);
            off += n;
            len -= n;
            inCurrent += n;
            written += n;
        }
    }

    /** Flushes the last file to the device and closes it. */
    @Override
    public void close() throws IOException {
        if (current == null && files.isEmpty()) {
            next();
        }
        finishCurrent();
    }

    /** Closes whatever is open and deletes every file written. */
    void discard() {
        try {
            if (current != null) {
                current.close();
            }
        } catch (IOException ignored) {
            // Deleted next anyway.
        }
        current = null;
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // Best effort: the export failed already and says so.
            }
        }
    }

    private void next() throws IOException {
        finishCurrent();
        Path file;
        if (volumeSize.isPresent()) {
            if (files.size() == MAX_VOLUMES) {
                throw new IOException("the bundle needs more than " + MAX_VOLUMES + " volumes of " + volumeSize.getAsLong()
                        + " bytes: choose a larger volume size");
            }
            file = bundle.resolveSibling(bundle.getFileName() + "." + String.format("%03d", files.size() + 1));
        } else {
            file = bundle;
        }
        if (bundle.getParent() != null) {
            Files.createDirectories(bundle.getParent());
        }
        files.add(file);
        current = new FileOutputStream(file.toFile());
        inCurrent = 0;
    }

    private void finishCurrent() throws IOException {
        if (current != null) {
            current.flush();
            // Removable media: the data must be on the device before the user unplugs it.
            current.getFD().sync();
            current.close();
            current = null;
        }
    }
}
