package io.hexmirror.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {
    @Test
    void aPoolRunsItsTasksOnDaemonThreadsOfTheGivenName() throws Exception {
        ExecutorService pool = DaemonThreads.pool(2, "hexmirror-test");
        try {
            Thread worker = pool.submit(Thread::currentThread).get(10, TimeUnit.SECONDS);

            assertThat(worker.isDaemon()).isTrue();
            assertThat(worker.getName()).isEqualTo("hexmirror-test");
            assertThat(worker).isNotSameAs(Thread.currentThread());
        } finally {
            pool.shutdownNow();
        }
    }
}
