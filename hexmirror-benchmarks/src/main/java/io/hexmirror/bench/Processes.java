package io.hexmirror.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping the processes a benchmark started. */
final class Processes {
    private Processes() {
    }

    /** Asks the process to end (SIGTERM), waits up to {@code grace} for it, then kills it. */
    static void stop(Process process, Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
        }
    }
}
