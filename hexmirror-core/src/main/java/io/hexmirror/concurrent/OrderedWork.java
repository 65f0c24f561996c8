package io.hexmirror.concurrent;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Work on every core whose results are taken in the order of its inputs, on the caller's thread: what
 * the caller sees (reports, progress, files written) is the same as from one thread. A few inputs per
 * thread are in flight at a time, so memory does not grow with the number of inputs.
 */
public final class OrderedWork {
    /** Inputs in flight per worker thread, so that none waits while the results are taken in order. */
    private static final int AHEAD_PER_THREAD = 8;

    private OrderedWork() {
    }

    /** What each worker does with one input. */
    @FunctionalInterface
    public interface Task<I, O> {
        O apply(I input) throws IOException;
    }

    /** What the caller's thread does with each result, in input order. */
    @FunctionalInterface
    public interface Sink<I, O> {
        void accept(I input, O output) throws IOException;
    }

    /** {@link #forEach(Iterable, int, String, Task, Sink)} on as many threads as the machine has cores. */
    public static <I, O> void forEach(Iterable<I> inputs, String activity, Task<I, O> task, Sink<I, O> sink) throws IOException {
        forEach(inputs, Runtime.getRuntime().availableProcessors(), activity, task, sink);
    }

    /**
     * Runs {@code task} on each input on {@code threads} worker threads and hands each result to
     * {@code sink} on the calling thread, in input order. The inputs are taken from their iterator on the
     * calling thread. The first exception of a task or of the sink is thrown as it was (see
     * {@link Futures#await}) and the work still in flight is abandoned.
     *
     * @param activity names the worker threads and an interrupt
     */
    public static <I, O> void forEach(Iterable<I> inputs, int threads, String activity, Task<I, O> task, Sink<I, O> sink)
            throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        ExecutorService workers = DaemonThreads.pool(threads, "hexmirror-" + activity);
        try {
            Deque<Map.Entry<I, Future<O>>> inFlight = new ArrayDeque<>();
            Iterator<I> queue = inputs.iterator();
            while (queue.hasNext() || !inFlight.isEmpty()) {
                while (queue.hasNext() && inFlight.size() < threads * AHEAD_PER_THREAD) {
                    I input = queue.next();
                    inFlight.add(Map.entry(input, workers.submit(() -> task.apply(input))));
                }
                Map.Entry<I, Future<O>> next = inFlight.remove();
                sink.accept(next.getKey(), Futures.await(next.getValue(), activity));
            }
        } finally {
            workers.shutdownNow();
        }
    }
}
