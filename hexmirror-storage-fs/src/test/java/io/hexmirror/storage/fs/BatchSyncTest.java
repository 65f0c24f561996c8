package io.hexmirror.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchSyncTest {
    @Test
    void batchesSideBySideShareABoundedNumberOfThreadsAndAllFinish() throws Exception {
        int batches = 12;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        BatchSync.PathTask slowSync = path -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            running.decrementAndGet();
            done.incrementAndGet();
        };
        ExecutorService callers = Executors.newFixedThreadPool(batches);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
                int batch = b;
                List<Path> files = IntStream.range(0, 32).mapToObj(i -> Path.of("batch" + batch, "file" + i)).toList();
                calls.add(callers.submit(() -> {
                    BatchSync.runAll(files, slowSync);
                    return null;
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            callers.shutdownNow();
        }

        assertThat(done).hasValue(batches * 32);
        // 12 batches of 16 workers each would be 192 fsyncs at once without the bound.
        assertThat(mostAtOnce.get()).isLessThanOrEqualTo(BatchSync.MAX_THREADS).isGreaterThan(16);
    }
}
