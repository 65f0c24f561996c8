package io.hexmirror.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A worker's outcome reaches the waiting thread as if it had done the work itself. */
class FuturesTest {
    @Test
    void theResultIsReturned() throws IOException {
        assertThat(Futures.await(CompletableFuture.completedFuture("done"), "sync")).isEqualTo("done");
    }

    @Test
    void theWorkersIoExceptionIsThrownAsItWas() {
        FileNotFoundException failure = new FileNotFoundException("tarballs/plug-1.0.0.tar");

        assertThatThrownBy(() -> Futures.await(CompletableFuture.failedFuture(failure), "sync")).isSameAs(failure);
    }

    @Test
    void theWorkersRuntimeExceptionIsThrownAsItWas() {
        IllegalArgumentException bug = new IllegalArgumentException("a bug");

        assertThatThrownBy(() -> Futures.await(CompletableFuture.failedFuture(bug), "verify")).isSameAs(bug);
    }

    @Test
    void anInterruptWhileWaitingSaysWhatWasInterruptedAndKeepsTheFlag() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Futures.await(new CompletableFuture<>(), "docs sync"))
                    .isInstanceOf(InterruptedIOException.class).hasMessage("docs sync interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
