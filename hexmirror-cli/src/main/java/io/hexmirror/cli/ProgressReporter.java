package io.hexmirror.cli;

import io.hexmirror.sync.SyncFailure;
import io.hexmirror.sync.SyncListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows sync progress: a bar redrawn in place on a terminal (counts, bytes, rate, ETA), or a log
 * line every so often when the output is a file or a pipe (cron, systemd).
 */
class ProgressReporter implements SyncListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("hexmirror");
    private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
    private static final Duration BAR_INTERVAL = Duration.ofMillis(250);
    private static final int BAR_WIDTH = 24;

    private final AtomicInteger packagesPlanned = new AtomicInteger();
    private final AtomicInteger packagesDone = new AtomicInteger();
    private final AtomicInteger tarballs = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final long startNanos = System.nanoTime();
    private final PrintStream terminal;
    private final ScheduledExecutorService ticker;
    private volatile boolean barShown;

    private ProgressReporter(PrintStream terminal, Duration interval) {
        this.terminal = terminal;
        if (interval == null) {
            this.ticker = null;
        } else {
            this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "hexmirror-progress");
                thread.setDaemon(true);
                return thread;
            });
            ticker.scheduleAtFixedRate(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A bar on an interactive terminal, log lines otherwise, nothing when quiet. */
    static ProgressReporter create(boolean quiet) {
        if (quiet) {
            return new ProgressReporter(null, null);
        }
        if (System.console() != null) {
            return new ProgressReporter(System.err, BAR_INTERVAL);
        }
        return new ProgressReporter(null, LOG_INTERVAL);
    }

    @Override
    public void stage(String description) {
        clearBar();
        LOG.info(description);
    }

    @Override
    public void packagesPlanned(int count) {
        packagesPlanned.set(count);
    }

    @Override
    public void packageFinished(String name) {
        packagesDone.incrementAndGet();
    }

    @Override
    public void tarballPublished(String key, long size) {
        tarballs.incrementAndGet();
    }

    @Override
    public void bytesReceived(long count) {
        bytes.addAndGet(count);
    }

    @Override
    public void failed(SyncFailure failure) {
        clearBar();
        LOG.warn("failed: {}", failure);
    }

    /** The current figures as one line, e.g. {@code 120/500 packages, 35 tarballs, 12.3 MiB, 1.2 MiB/s, ETA 2m10s}. */
    String line() {
        int done = packagesDone.get();
        int planned = packagesPlanned.get();
        double seconds = Math.max(0.001, (System.nanoTime() - startNanos) / 1e9);
        long rate = (long) (bytes.get() / seconds);
        String eta = "";
        if (done > 0 && planned > done) {
            eta = ", ETA " + Units.duration(Duration.ofSeconds((long) (seconds / done * (planned - done))));
        }
        return String.format(Locale.ROOT, "%d/%d packages, %d tarballs, %s, %s/s%s",
                done, planned, tarballs.get(), Units.bytes(bytes.get()), Units.bytes(rate), eta);
    }

    private void tick() {
        if (terminal == null) {
            if (packagesPlanned.get() > 0) {
                LOG.info("progress: {}", line());
            }
            return;
        }
        int planned = packagesPlanned.get();
        int filled = planned == 0 ? 0 : (int) ((long) BAR_WIDTH * packagesDone.get() / planned);
        String bar = "[" + "=".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] ";
        synchronized (this) {
            terminal.print("\r" + bar + line() + "\u001b[K");
            terminal.flush();
            barShown = true;
        }
    }

    private synchronized void clearBar() {
        if (terminal != null && barShown) {
            terminal.print("\r\u001b[K");
            terminal.flush();
            barShown = false;
        }
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        clearBar();
    }
}
