package io.hexmirror.internal.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SharedRateLimitTest {
    @Test
    void withinTheBurstNothingWaits() throws Exception {
        SharedRateLimit limit = new SharedRateLimit(4000);
        long started = System.nanoTime();
        limit.take(1000); // a quarter second of the rate: the burst
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(200);
    }

    @Test
    void aDebtIsPaidBySleepingAndTheSleepEndsOnInterrupt() throws Exception {
        SharedRateLimit limit = new SharedRateLimit(1000);
        AtomicReference<Thread> worker = new AtomicReference<>();
        CompletableFuture<Void> taking = CompletableFuture.runAsync(() -> {
            worker.set(Thread.currentThread());
            try {
                limit.take(60_000); // a minute of debt
            } catch (InterruptedIOException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertThat(taking).isNotDone();
        worker.get().interrupt();

        assertThatThrownBy(() -> taking.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().cause().isInstanceOf(InterruptedIOException.class).hasMessageContaining("rate cap");
    }

    @Test
    void aRateBelowOneByteASecondIsRefused() {
        assertThatThrownBy(() -> new SharedRateLimit(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
