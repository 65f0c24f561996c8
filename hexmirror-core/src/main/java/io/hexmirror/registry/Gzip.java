package io.hexmirror.registry;

import io.hexmirror.MalformedDataException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Semaphore;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * gzip with a fixed memory budget, so a hostile file cannot exhaust memory: each file inflates to at
 * most {@value #MAX_INFLATED_BYTES} bytes (hex.pm's largest registry file, {@code /versions},
 * inflates to a few MB), and only one at a time inflates past {@value #UNQUEUED_INFLATED_BYTES}
 * bytes, however many threads sync or verify, so a gzip bomb costs at most twice the bound (the
 * growing buffer and its copy) plus that much per thread whatever the concurrency. Package files
 * inflate to a few KB: those never wait for each other, which matters to a verify that reads
 * thousands of them on every core; the few large files queue, and inflating is fast next to fetching.
 */
final class Gzip {
    /** The most a registry file may inflate to. */
    static final long MAX_INFLATED_BYTES = 32L * 1024 * 1024;
    /** Files inflate to this much without waiting for another thread's large file. */
    static final int UNQUEUED_INFLATED_BYTES = 1024 * 1024;
    /** Held by the one thread inflating a file past {@link #UNQUEUED_INFLATED_BYTES}. */
    static final Semaphore INFLATING_LARGE = new Semaphore(1, true);

    private Gzip() {
    }

    static byte[] gunzip(byte[] compressed, String what) throws MalformedDataException {
        return gunzip(compressed, MAX_INFLATED_BYTES, what);
    }

    static byte[] gunzip(byte[] compressed, long maxInflated, String what) throws MalformedDataException {
        boolean large = false;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(maxInflated,
                    Math.min(UNQUEUED_INFLATED_BYTES, Math.max(64L, compressed.length * 4L))));
            byte[] buffer = new byte[16384];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > maxInflated) {
                    throw new MalformedDataException(what + ": inflates to more than " + maxInflated
                            + " bytes, far beyond any genuine registry file (a gzip bomb?): refused");
                }
                if (!large && total > UNQUEUED_INFLATED_BYTES) {
                    INFLATING_LARGE.acquire();
                    large = true;
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new MalformedDataException(what + ": not valid gzip (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MalformedDataException(what + ": interrupted while waiting to inflate");
        } finally {
            if (large) {
                INFLATING_LARGE.release();
            }
        }
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length / 2 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
