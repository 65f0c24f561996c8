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
 * inflates to a few MB), and only one inflates at a time, however many threads sync, so a gzip bomb
 * costs at most twice that bound (the growing buffer and its copy) whatever the concurrency.
 * Inflating is fast next to fetching, so the queue costs little.
 */
final class Gzip {
    /** The most a registry file may inflate to. */
    static final long MAX_INFLATED_BYTES = 32L * 1024 * 1024;
    private static final Semaphore INFLATING = new Semaphore(1, true);

    private Gzip() {
    }

    static byte[] gunzip(byte[] compressed, String what) throws MalformedDataException {
        return gunzip(compressed, MAX_INFLATED_BYTES, what);
    }

    static byte[] gunzip(byte[] compressed, long maxInflated, String what) throws MalformedDataException {
        try {
            INFLATING.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MalformedDataException(what + ": interrupted while waiting to inflate");
        }
        try {
            return inflate(compressed, maxInflated, what);
        } finally {
            INFLATING.release();
        }
    }

    private static byte[] inflate(byte[] compressed, long maxInflated, String what) throws MalformedDataException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(maxInflated, Math.max(64L, compressed.length * 4L)));
            byte[] buffer = new byte[16384];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > maxInflated) {
                    throw new MalformedDataException(what + ": inflates to more than " + maxInflated
                            + " bytes, far beyond any genuine registry file (a gzip bomb?): refused");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new MalformedDataException(what + ": not valid gzip (" + e.getMessage() + ")", e);
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
