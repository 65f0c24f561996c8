package io.hexmirror.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GzipTest {
    @Test
    void aSmallFileInflatesWhileALargeOneHoldsTheBudget() throws Exception {
        byte[] small = new byte[20_000];
        Arrays.fill(small, (byte) 'p');
        byte[] large = new byte[Gzip.UNQUEUED_INFLATED_BYTES + 1];
        // As if another thread were inflating a large file: package files must not queue behind it.
        Gzip.INFLATING_LARGE.acquire();
        CompletableFuture<byte[]> waitingLarge;
        try {
            assertThat(CompletableFuture.supplyAsync(() -> gunzip(small)).get(30, TimeUnit.SECONDS)).isEqualTo(small);
            waitingLarge = CompletableFuture.supplyAsync(() -> gunzip(large));
            while (!Gzip.INFLATING_LARGE.hasQueuedThreads()) {
                Thread.onSpinWait();
            }
            assertThat(waitingLarge).isNotDone();
        } finally {
            Gzip.INFLATING_LARGE.release();
        }
        assertThat(waitingLarge.get(30, TimeUnit.SECONDS)).isEqualTo(large);
        assertThat(Gzip.INFLATING_LARGE.availablePermits()).isEqualTo(1);
    }

    private static byte[] gunzip(byte[] content) {
        try {
            return Gzip.gunzip(Gzip.gzip(content), "test");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
