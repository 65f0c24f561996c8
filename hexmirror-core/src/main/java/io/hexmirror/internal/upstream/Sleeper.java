package io.hexmirror.internal.upstream;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waits between retries; tests replace it to record the delays instead of waiting. */
@FunctionalInterface
interface Sleeper {
    Sleeper THREAD = delay -> TimeUnit.NANOSECONDS.sleep(delay.toNanos());

    void sleep(Duration delay) throws InterruptedException;
}
