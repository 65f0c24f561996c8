package io.hexmirror.concurrent;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for a worker's result as if the caller had done the work itself. */
public final class Futures {
    private Futures() {
    }

    /**
     * The result of {@code future}, with the worker's {@link IOException}, runtime exception or error
     * thrown as it was; an interrupt while waiting becomes an {@link InterruptedIOException} (the thread
     * stays interrupted) that says {@code activity} was interrupted.
     */
    public static <T> T await(Future<T> future, String activity) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(activity + " interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(activity + " failed", cause);
        }
    }
}
