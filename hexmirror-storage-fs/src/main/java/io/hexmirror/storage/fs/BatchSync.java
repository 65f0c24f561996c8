package io.hexmirror.storage.fs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * fsync of many files, then of their directories, several at a time: while one fsync waits for the
 * disk the others join the same journal commit, so a batch costs a few commits instead of two per
 * file (measured: 700 small files synced in a tenth of the time it takes one after another).
 */
final class BatchSync {
    /** fsyncs mostly wait, so more at once than there are cores: this many per batch. */
    private static final int PARALLEL = 16;
    /** Threads for all batches together, a bound however many batches run side by side. */
    static final int MAX_THREADS = 4 * PARALLEL;
    /**
     * The threads of every batch, kept between batches: a sync makes one batch per package, tens of
     * thousands of small ones, where starting threads for each cost more than their fsyncs. Batches
     * running side by side share them: up to {@value #MAX_THREADS} fsyncs wait at once, and the
     * workers of more batches than that serves queue for a thread (a worker never waits for another
     * task, so a queued one always runs). Idle threads end after a minute.
     */
    private static final ThreadPoolExecutor THREADS = new ThreadPoolExecutor(MAX_THREADS, MAX_THREADS, 1, TimeUnit.MINUTES,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "hexmirror-fsync");
                t.setDaemon(true);
                return t;
            });

    static {
        THREADS.allowCoreThreadTimeOut(true);
    }

    private BatchSync() {
    }

    static void filesAndDirectories(Collection<Path> files) throws IOException {
        if (files.isEmpty()) {
            return;
        }
        Set<Path> directories = new LinkedHashSet<>();
        files.forEach(f -> directories.add(f.getParent()));
        runAll(files, BatchSync::file);
        runAll(directories, BatchSync::directory);
    }

    private static void file(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            channel.force(true);
        } catch (NoSuchFileException e) {
            // Deleted since: the delete synced its directory itself.
        }
    }

    private static void directory(Path directory) throws IOException {
        try {
            FileSync.directory(directory);
        } catch (NoSuchFileException e) {
            // Removed since, with the files in it.
        }
    }

    interface PathTask {
        void run(Path path) throws IOException;
    }

    /** Runs the task on every path, {@value #PARALLEL} at a time: workers take the paths from one queue. */
    static void runAll(Collection<Path> paths, PathTask task) throws IOException {
        Queue<Path> queue = new ConcurrentLinkedQueue<>(paths);
        List<Future<?>> workers = new ArrayList<>(PARALLEL);
        for (int i = 0; i < Math.min(PARALLEL, paths.size()); i++) {
            workers.add(THREADS.submit(() -> {
                try {
                    for (Path path = queue.poll(); path != null; path = queue.poll()) {
                        task.run(path);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        try {
            for (Future<?> worker : workers) {
                worker.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while syncing files");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IOException(e.getCause());
        } finally {
            // On a failure, the others stop at their next file.
            queue.clear();
        }
    }
}
