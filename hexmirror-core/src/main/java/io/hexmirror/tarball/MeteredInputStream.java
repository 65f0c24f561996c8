package io.hexmirror.tarball;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The tarball as read from its source: hashes every byte (the outer checksum), counts them against the size
 * limit, and remembers what the tar reader cannot tell apart afterwards: whether the source failed or
 * ended, and where the last non-zero byte was (to find the end-of-archive marker).
 */
final class MeteredInputStream extends InputStream {
    private final InputStream source;
    private final long limit;
    private final FailureLatch latch;
    private final String where;
    private final MessageDigest digest;
    private final byte[] single = new byte[1];
    private long count;
    private long nonZeroEnd;
    private boolean ended;
    private IOException sourceFailure;

    MeteredInputStream(InputStream source, long limit, FailureLatch latch, String where) {
        this.source = source;
        this.limit = limit;
        this.latch = latch;
        this.where = where;
        this.digest = sha256();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public int read() throws IOException {
        int n = read(single, 0, 1);
        return n < 0 ? -1 : single[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int n;
        try {
            n = source.read(buffer, offset, length);
        } catch (IOException e) {
            sourceFailure = e;
            throw e;
        }
        if (n < 0) {
            ended = true;
            return n;
        }
        digest.update(buffer, offset, n);
        for (int i = n - 1; i >= 0; i--) {
            if (buffer[offset + i] != 0) {
                nonZeroEnd = count + i + 1;
                break;
            }
        }
        count += n;
        if (count > limit) {
            throw latch.fail(where + ": exceeds the limit of " + limit + " bytes");
        }
        return n;
    }

    /** Reads what it skips: every byte must be hashed and counted. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        long skipped = 0;
        while (skipped < n) {
            int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    /** Reads the rest of the source through {@code buffer}, so that the outer checksum covers any trailing padding. */
    void drain(byte[] buffer) throws IOException {
        while (read(buffer, 0, buffer.length) >= 0) {
            // hashed and counted by read
        }
    }

    @Override
    public int available() throws IOException {
        return source.available();
    }

    /** The stream is the caller's to close. */
    @Override
    public void close() {
    }

    long limit() {
        return limit;
    }

    long count() {
        return count;
    }

    /** Offset just past the last non-zero byte read so far; 0 when every byte was zero. */
    long nonZeroEnd() {
        return nonZeroEnd;
    }

    boolean ended() {
        return ended;
    }

    /** The exception the source itself threw, which is an I/O failure rather than bad data; or null. */
    IOException sourceFailure() {
        return sourceFailure;
    }

    byte[] checksum() {
        return digest.digest();
    }
}
