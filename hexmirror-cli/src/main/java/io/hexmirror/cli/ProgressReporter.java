package io.hexmirror.cli;

import io.hexmirror.sync.SyncFailure;
import io.hexmirror.sync.SyncListener;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
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
 *
 * <p>The bar is one line that never wraps: it is cut to the terminal's width, dropping the least
 * useful figures first. While it is shown, standard error goes through a stream that erases it before
 * anything else is written there, so log lines never land in the middle of it; it is redrawn at the
 * next tick, and erased for good on {@link #close()}. Before the sync knows how many packages it will
 * check, it shows the stage it is in instead of counts.
 */
class ProgressReporter implements SyncListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("hexmirror");
    private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
    private static final Duration BAR_INTERVAL = Duration.ofMillis(250);
    private static final int BAR_WIDTH = 20;
    private static final String ERASE_LINE = "\r\u001b[K";

    private final AtomicInteger packagesPlanned = new AtomicInteger();
    private final AtomicInteger packagesDone = new AtomicInteger();
    private final AtomicInteger tarballsStarted = new AtomicInteger();
    private final AtomicInteger tarballs = new AtomicInteger();
    private final AtomicLong tarballBytes = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final long startNanos = System.nanoTime();
    private final PrintStream terminal;
    private final PrintStream originalErr;
    private final int width;
    private final ScheduledExecutorService ticker;
    private volatile String stage = "starting";
    private volatile long maxRate;
    private boolean barShown;

    private ProgressReporter(PrintStream terminal, int width, Duration interval) {
        this.terminal = terminal;
        this.width = width;
        this.originalErr = terminal == null ? null : System.err;
        if (terminal != null) {
            System.setErr(new PrintStream(new BarErasingStream(originalErr), true));
        }
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
            return new ProgressReporter(null, TerminalWidth.DEFAULT, null);
        }
        if (System.console() != null) {
            return new ProgressReporter(System.err, TerminalWidth.detect(), BAR_INTERVAL);
        }
        return new ProgressReporter(null, TerminalWidth.DEFAULT, LOG_INTERVAL);
    }

    /** A bar drawn on {@code terminal}, {@code width} columns wide, that the caller redraws with {@link #tick()}. */
    static ProgressReporter onTerminal(PrintStream terminal, int width) {
        return new ProgressReporter(terminal, width, null);
    }

    /** Makes the ETA take the sync's rate cap (bytes per second) into account; returns this reporter. */
    ProgressReporter withRateCap(OptionalLong bytesPerSecond) {
        this.maxRate = bytesPerSecond.orElse(0);
        return this;
    }

    @Override
    public void stage(String description) {
        stage = description;
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
    public void tarballStarted(String key) {
        tarballsStarted.incrementAndGet();
    }

    @Override
    public void tarballPublished(String key, long size) {
        tarballs.incrementAndGet();
        tarballBytes.addAndGet(size);
    }

    @Override
    public void bytesReceived(long count) {
        bytes.addAndGet(count);
    }

    @Override
    public void failed(SyncFailure failure) {
        LOG.warn("failed: {}", failure);
    }

    /**
     * The current figures as one line, e.g. {@code 120/500 packages, 35/40 tarballs (12.3 MiB), 14.0 MiB
     * received at 1.2 MiB/s, ETA 2m10s}; before the number of packages is known, the stage instead.
     */
    String line() {
        return String.join(", ", parts());
    }

    /** The figures, most useful first. */
    private List<String> parts() {
        List<String> parts = new ArrayList<>();
        int done = packagesDone.get();
        int planned = packagesPlanned.get();
        double seconds = Math.max(0.001, (System.nanoTime() - startNanos) / 1e9);
        if (planned == 0) {
            parts.add(stage);
        } else {
            parts.add(String.format(Locale.ROOT, "%d/%d packages", done, planned));
            int started = tarballsStarted.get();
            parts.add(String.format(Locale.ROOT, "%d%s tarballs (%s)", tarballs.get(),
                    started > tarballs.get() ? "/" + started : "", Units.bytes(tarballBytes.get())));
        }
        long rate = (long) (bytes.get() / seconds);
        parts.add(Units.bytes(bytes.get()) + " received");
        parts.add(Units.bytes(rate) + "/s");
        if (done > 0 && planned > done) {
            double remaining = seconds / done * (planned - done);
            long cap = maxRate;
            if (cap > 0) {
                // The bytes still to come, at this sync's bytes per package so far, cannot arrive faster than
                // the cap, however quickly the first packages went.
                remaining = Math.max(remaining, (double) bytes.get() / done * (planned - done) / cap);
            }
            parts.add("ETA " + Units.duration(Duration.ofSeconds((long) remaining)));
        }
        return parts;
    }

    /**
     * The bar as drawn: the figures, with a gauge in front when there is room, never wider than
     * {@code width - 1} columns (the last column would make some terminals wrap).
     */
    String bar() {
        int room = width - 1;
        List<String> parts = parts();
        int planned = packagesPlanned.get();
        String gauge = "";
        if (planned > 0) {
            int filled = (int) ((long) BAR_WIDTH * packagesDone.get() / planned);
            gauge = "[" + "=".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] ";
        }
        String text = String.join(", ", parts);
        if (gauge.length() + text.length() <= room) {
            return gauge + text;
        }
        // Too wide: the gauge goes first, then the rate, the bytes received and the tarballs; the ETA stays.
        for (String suffix : List.of("/s", " received", ")")) {
            if (text.length() <= room) {
                break;
            }
            parts.removeIf(part -> part.endsWith(suffix));
            text = String.join(", ", parts);
        }
        return text.length() <= room ? text : text.substring(0, Math.max(0, room - 3)) + "...";
    }

    /** Redraws the bar, or logs a progress line when there is no terminal. */
    void tick() {
        if (terminal == null) {
            if (packagesPlanned.get() > 0) {
                LOG.info("progress: {}", line());
            }
            return;
        }
        synchronized (this) {
            terminal.print(ERASE_LINE + bar());
            terminal.flush();
            barShown = true;
        }
    }

    private synchronized void eraseBar() {
        if (terminal != null && barShown) {
            terminal.print(ERASE_LINE);
            terminal.flush();
            barShown = false;
        }
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        eraseBar();
        if (originalErr != null) {
            System.setErr(originalErr);
        }
    }

    /** Standard error while the bar is shown: erases the bar before anything else is written. */
    private final class BarErasingStream extends FilterOutputStream {
        BarErasingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            synchronized (ProgressReporter.this) {
                eraseBar();
                out.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (ProgressReporter.this) {
                eraseBar();
                out.write(b, off, len);
            }
        }
    }
}
