package io.hexmirror.server;

import static java.util.Objects.requireNonNull;

import io.hexmirror.HexMirrorException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link SyncJob} on one daemon thread: once at start, then {@code interval} after each run
 * ends (so runs never overlap, however long one takes), and on demand. Records each outcome in a
 * {@link SyncStatus} and logs it. A failing job never stops the schedule.
 */
final class SyncRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SyncRunner.class);

    private final SyncJob job;
    private final Duration interval;
    private final Clock clock;
    private final AtomicReference<SyncStatus> status = new AtomicReference<>(SyncStatus.initial());
    private final ScheduledExecutorService executor;

    SyncRunner(SyncJob job, Duration interval, Clock clock) {
        this.job = requireNonNull(job, "job is null");
        this.interval = requireNonNull(interval, "interval is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hexmirror-sync");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        executor.scheduleWithFixedDelay(this::runOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Queues a run right away (after any run in progress); completes with the status after it. */
    CompletableFuture<SyncStatus> runNow() {
        return CompletableFuture.supplyAsync(() -> {
            runOnce();
            return status.get();
        }, executor);
    }

    SyncStatus status() {
        return status.get();
    }

    /** Stops scheduling, interrupts a run in progress and waits up to {@code timeout} for it to end. */
    void stop(Duration timeout) throws InterruptedException {
        executor.shutdownNow();
        if (!executor.awaitTermination(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
            LOG.warn("The sync in progress did not stop within {}; leaving it to finish on its daemon thread", timeout);
        }
    }

    private void runOnce() {
        Instant started = clock.instant();
        status.updateAndGet(s -> new SyncStatus(s.lastSuccess(), s.lastFailure(), s.runs(), true));
        LOG.info("Sync started");
        SyncOutcome outcome = null;
        Throwable failure = null;
        try {
            outcome = job.run();
            if (outcome == null) {
                failure = new IllegalStateException("the sync job returned no outcome");
            }
        } catch (Exception | Error e) {
            // Errors too: an escaping throwable would silently cancel every later run.
            failure = e;
        }
        Instant finished = clock.instant();
        Duration took = Duration.between(started, finished);
        if (failure == null) {
            String summary = outcome.summary();
            status.updateAndGet(s -> new SyncStatus(
                    Optional.of(new SyncStatus.Run(s.runs() + 1, finished, took, summary)), s.lastFailure(), s.runs() + 1, false));
            LOG.info("Sync succeeded in {} ms: {}", took.toMillis(), summary);
        } else {
            boolean stopping = executor.isShutdown();
            String message = stopping ? "interrupted by shutdown" : describe(failure);
            status.updateAndGet(s -> new SyncStatus(
                    s.lastSuccess(), Optional.of(new SyncStatus.Run(s.runs() + 1, finished, took, message)), s.runs() + 1, false));
            if (stopping) {
                LOG.info("Sync interrupted by shutdown after {} ms", took.toMillis());
            } else if (failure instanceof IOException || failure instanceof HexMirrorException) {
                // Expected kinds of failure (network, upstream data): the message says it all.
                LOG.warn("Sync failed after {} ms; still serving the last good state: {}", took.toMillis(), message);
                LOG.debug("Sync failure details", failure);
            } else {
                LOG.warn("Sync failed after {} ms; still serving the last good state: {}", took.toMillis(), message, failure);
            }
        }
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getName() : message;
    }
}
