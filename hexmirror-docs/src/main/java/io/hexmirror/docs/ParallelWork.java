package io.hexmirror.docs;

import static java.util.Objects.requireNonNull;

import io.hexmirror.concurrent.DaemonThreads;
import io.hexmirror.concurrent.Futures;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs the same small piece of storage work (a page written, a marker checked) for many items on a few
 * threads: the docs steps are bound by the CPU, which the file system's calls use too. The results come
 * back in the items' order; the first failure in that order is thrown, once every thread has stopped, so
 * that nothing is written after the caller saw the failure.
 */
final class ParallelWork {
    /** Work on one item. */
    @FunctionalInterface
    interface Task<T, R> {
        R apply(T item) throws IOException;
    }

    /** Work on one item that returns nothing. */
    @FunctionalInterface
    interface Action<T> {
        void run(T item) throws IOException;
    }

    private final int threads;

    ParallelWork(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        this.threads = threads;
    }

    /** The result of {@code task} for each item, in order. */
    <T, R> List<R> map(List<T> items, Task<T, R> task) throws IOException {
        requireNonNull(items, "items is null");
        requireNonNull(task, "task is null");
        List<R> results = new ArrayList<>(items.size());
        if (threads == 1 || items.size() < 2) {
            for (T item : items) {
                results.add(task.apply(item));
            }
            return results;
        }
        ExecutorService pool = DaemonThreads.pool(Math.min(threads, items.size()), "hexmirror-docs-work");
        try {
            List<Future<R>> futures = new ArrayList<>(items.size());
            for (T item : items) {
                futures.add(pool.submit(() -> task.apply(item)));
            }
            for (Future<R> future : futures) {
                results.add(Futures.await(future, "docs work"));
            }
        } finally {
            stop(pool);
        }
        return results;
    }

    /** Runs {@code action} for each item. */
    <T> void forEach(List<T> items, Action<T> action) throws IOException {
        map(items, item -> {
            action.run(item);
            return null;
        });
    }

    /** Stops the threads and waits for them, so that none works on after the caller returned or threw. */
    static void stop(ExecutorService pool) throws InterruptedIOException {
        pool.shutdownNow();
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while stopping the threads of the docs step");
        }
    }
}
