package io.hexmirror.concurrent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * Worker threads that never keep the JVM alive (a command returns, or fails, without waiting for a pool
 * someone forgot to shut down), named after what they do so that a thread dump or a profile says so.
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Makes daemon threads named {@code name}. */
    public static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A pool of {@code threads} daemon threads named {@code name}. */
    public static ExecutorService pool(int threads, String name) {
        return Executors.newFixedThreadPool(threads, named(name));
    }
}
