package io.hexmirror.internal.upstream;

import java.io.InterruptedIOException;
import java.util.concurrent.Semaphore;

/**
 * The memory that bodies read into memory may take, together, however many downloads run at once.
 *
 * <p>A body takes its share when its length is known (from its headers) and before it is read, and
 * keeps it until the caller is done with it, so a hostile upstream serving large bodies to many
 * threads makes them wait for each other instead of exhausting the heap. Each reservation is taken
 * at once, never piece by piece, so two bodies can never each hold part of the budget while waiting
 * for the rest. The wait is fair: a large body is not passed over by a stream of small ones.
 */
final class BodyBudget {
    private final int bytes;
    private final Semaphore free;

    BodyBudget(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("a body budget must be positive: " + bytes);
        }
        this.bytes = bytes;
        this.free = new Semaphore(bytes, true);
    }

    /** The whole budget. */
    int bytes() {
        return bytes;
    }

    /**
     * Waits until {@code wanted} bytes of the budget are free and takes them; a reservation larger than
     * the whole budget takes all of it.
     */
    Reservation reserve(long wanted) throws InterruptedIOException {
        int taken = (int) Math.max(0, Math.min(wanted, bytes));
        try {
            free.acquire(taken);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for memory to read a body into");
        }
        return new Reservation(taken);
    }

    /** A share of the budget, given back on {@link #close()} (once). */
    final class Reservation implements AutoCloseable {
        private int taken;

        private Reservation(int taken) {
            this.taken = taken;
        }

        @Override
        public void close() {
            int released = taken;
            taken = 0;
            free.release(released);
        }
    }
}
