package io.hexmirror.internal.upstream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One attempt's body: kept in memory up to a bound, moved to a spill file as soon as it is longer.
 * Small bodies (most tarballs) then cost no temporary file: no create, write, read back and unlink
 * per file. Memory stays bounded by the number of attempts running at once times the bound.
 *
 * <p>Each attempt gets a new one, and the spill file is truncated when opened, so a retry starts
 * from nothing. Not thread-safe.
 */
final class SpillingBody extends OutputStream {
    /** Opens the spill file, truncating it. */
    @FunctionalInterface
    interface SpillOpener {
        OutputStream open(Path file) throws IOException;
    }

    /** The first buffer of a body of unknown length; it doubles up to the bound. */
    private static final int INITIAL_UNKNOWN = 16 * 1024;

    private final int bound;
    private final Path spillFile;
    private final SpillOpener opener;
    private byte[] buffer;
    private int count;
    private OutputStream spill;
    private boolean spilled;

    /**
     * @param bound the longest body kept in memory
     * @param declared the body's announced length, or a negative number when unknown
     * @param spillFile where a longer body goes
     */
    SpillingBody(int bound, long declared, Path spillFile, SpillOpener opener) throws IOException {
        this.bound = bound;
        this.spillFile = spillFile;
        this.opener = opener;
        if (declared > bound) {
            spillNow();
        } else {
            this.buffer = new byte[declared >= 0 ? (int) declared : Math.min(bound, INITIAL_UNKNOWN)];
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (spill == null && count + length > bound) {
            spillNow();
        }
        if (spill != null) {
            spill.write(bytes, offset, length);
            return;
        }
        if (count + length > buffer.length) {
            // A body longer than announced fails in HttpClient's stream; this grows one of unknown length.
            buffer = Arrays.copyOf(buffer, Math.min(bound, Math.max(count + length, 2 * buffer.length)));
        }
        System.arraycopy(bytes, offset, buffer, count, length);
        count += length;
    }

    private void spillNow() throws IOException {
        spilled = true;
        spill = opener.open(spillFile);
        if (count > 0) {
            spill.write(buffer, 0, count);
        }
        buffer = null;
    }

    /** Whether this attempt wrote to the spill file. */
    boolean spilled() {
        return spilled;
    }

    /** The body, once all of it was written: {@link #close()} first when it spilled. */
    DownloadedBody body(long size, String etag) {
        if (spilled) {
            return new DownloadedBody(null, spillFile, size, etag);
        }
        return new DownloadedBody(count == buffer.length ? buffer : Arrays.copyOf(buffer, count), null, size, etag);
    }

    /** Closes the spill file, if any. */
    @Override
    public void close() throws IOException {
        if (spill != null) {
            OutputStream out = spill;
            spill = null;
            out.close();
        }
    }
}
