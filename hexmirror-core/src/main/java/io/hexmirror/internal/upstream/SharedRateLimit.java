package io.hexmirror.internal.upstream;

import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;

/**
 * A token bucket that caps the total rate of bytes read by all the connections of one client. A reader takes
 * the bytes it has just read; when that leaves the bucket in debt it sleeps until the debt is paid, so the rate
 * over any stretch of time is at most the cap plus one burst. The burst is a quarter of a second of the rate:
 * an idle link may not save up more than that.
 *
 * <p>Guava's {@code RateLimiter} works the same way but sleeps uninterruptibly: a sync that is stopped would
 * wait out the whole debt of its readers. Here the sleep ends on interrupt.
 *
 * <p>Thread-safe.
 */
final class SharedRateLimit {
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private final long bytesPerSecond;
    private final double burst;
    private double available;
    private long refilledAt;

    SharedRateLimit(long bytesPerSecond) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("rate must be at least 1 byte per second: " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.burst = Math.max(1.0, bytesPerSecond / 4.0);
        this.available = burst;
        this.refilledAt = System.nanoTime();
    }

    long bytesPerSecond() {
        return bytesPerSecond;
    }

    /**
     * Takes {@code bytes} from the bucket, sleeping as long as the bucket is in debt afterwards.
     *
     * @throws InterruptedIOException when the thread is interrupted while it waits (the interrupt flag is set)
     */
    void take(long bytes) throws InterruptedIOException {
        long waitNanos;
        synchronized (this) {
            long now = System.nanoTime();
            available = Math.min(burst, available + (now - refilledAt) * (double) bytesPerSecond / NANOS_PER_SECOND);
            refilledAt = now;
            available -= bytes;
            waitNanos = available >= 0 ? 0 : (long) Math.ceil(-available * NANOS_PER_SECOND / bytesPerSecond);
        }
        if (waitNanos > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(waitNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                InterruptedIOException interrupted = new InterruptedIOException("interrupted while keeping to the rate cap");
                interrupted.initCause(e);
                throw interrupted;
            }
        }
    }
}
