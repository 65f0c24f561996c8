package io.hexmirror.cli;

import io.hexmirror.sync.SyncFailure;
import io.hexmirror.sync.SyncListener;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
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
 * check, and once every package is done, it shows the stage it is in. Standard output shares the terminal:
 * what goes there during the sync goes through {@link #erasingBefore(PrintWriter)}.
 *
 * <p>The Hex registry does not say how large tarballs are, and a sync learns which tarballs a package
 * needs only when it reads that package's file, so the tarball and byte totals are estimates (marked
 * {@code ~}) until every package is done: what was downloaded so far plus, for each package still to
 * check, the average of the packages done. The ETA is the remaining bytes at the rate of the last
 * {@link #RATE_WINDOW} (never faster than {@code --max-rate}).
 */
class ProgressReporter implements SyncListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("hexmirror");
    private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
    private static final Duration BAR_INTERVAL = Duration.ofMillis(250);
    /** How far back the rate behind the ETA looks: long enough to smooth out single tarballs, short enough to follow the link. */
    static final Duration RATE_WINDOW = Duration.ofSeconds(10);
    private static final int BAR_WIDTH = 20;
    private static final String ERASE_LINE = "\r\u001b[K";

    private final AtomicInteger packagesPlanned = new AtomicInteger();
    private final AtomicInteger packagesDone = new AtomicInteger();
    private final AtomicInteger tarballsStarted = new AtomicInteger();
    private final AtomicInteger tarballs = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    /** The bytes received before the packages were planned (the registry indexes): no package's share. */
    private final AtomicLong bytesBeforePackages = new AtomicLong();
    private final LongSupplier nanoClock;
    private final long startNanos;
    /** (time, bytes received) at each tick within the last {@link #RATE_WINDOW}, oldest first. */
    private final Deque<long[]> rateSamples = new ArrayDeque<>();
    private final PrintStream terminal;
    private final PrintStream originalErr;
    private final int width;
    private final ScheduledExecutorService ticker;
    /** The stage the sync reported last; nothing is drawn before the first. */
    private volatile String stage;
    private volatile long maxRate;
    private boolean barShown;

    private ProgressReporter(PrintStream terminal, int width, Duration interval, LongSupplier nanoClock) {
        this.terminal = terminal;
        this.width = width;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
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
            return new ProgressReporter(null, TerminalWidth.DEFAULT, null, System::nanoTime);
        }
        if (System.console() != null) {
            return new ProgressReporter(System.err, TerminalWidth.detect(), BAR_INTERVAL, System::nanoTime);
        }
        return new ProgressReporter(null, TerminalWidth.DEFAULT, LOG_INTERVAL, System::nanoTime);
    }

    /**
     * A bar drawn on {@code terminal}, {@code width} columns wide, that the caller redraws with {@link #tick()},
     * timed by {@code nanoClock} (as {@link System#nanoTime()}).
     */
    static ProgressReporter onTerminal(PrintStream terminal, int width, LongSupplier nanoClock) {
        return new ProgressReporter(terminal, width, null, nanoClock);
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
        bytesBeforePackages.set(bytes.get());
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
     * The current figures as one line, e.g. {@code 120/500 packages, 35/~140 tarballs, 14.0 MiB/~58.3 MiB,
     * 1.2 MiB/s, ETA 36.5s}; before the number of packages is known, the stage instead.
     */
    String line() {
        return String.join(", ", parts().stream().map(Part::text).toList());
    }

    /** One figure of the line, and when it goes if the bar is too wide: lower first, never at 0. */
    private record Part(String text, int dropOrder) {
    }

    /** The figures in the order shown. */
    private List<Part> parts() {
        long now = nanoClock.getAsLong();
        long received = bytes.get();
        long rate = recentRate(now, received);
        int done = packagesDone.get();
        int planned = packagesPlanned.get();
        String stage = this.stage == null ? "starting" : this.stage;
        List<Part> parts = new ArrayList<>();
        if (planned == 0) {
            parts.add(new Part(stage, 0));
            parts.add(new Part(Units.bytes(received) + " received", 3));
            parts.add(new Part(Units.bytes(rate) + "/s", 1));
            return parts;
        }
        boolean estimating = done > 0 && done < planned;
        int left = planned - done;
        if (left <= 0) {
            // What follows the packages (indexes, catalog) downloads nothing: the stage says what it is waiting for.
            parts.add(new Part(stage, 0));
        }
        parts.add(new Part(String.format(Locale.ROOT, "%d/%d packages", done, planned), 2));
        int started = tarballsStarted.get();
        String tarballTotal = estimating ? "/~" + Math.max(started, Math.round((double) started / done * planned))
                : started > tarballs.get() ? "/" + started : "";
        parts.add(new Part(tarballs.get() + tarballTotal + " tarballs", 3));
        long remaining = estimating ? (long) ((double) (received - bytesBeforePackages.get()) / done * left) : 0;
        parts.add(new Part(Units.bytes(received) + (estimating ? "/~" + Units.bytes(received + remaining) : ""), 4));
        if (left > 0) {
            parts.add(new Part(Units.bytes(rate) + "/s", 1));
        }
        long etaRate = maxRate > 0 ? Math.min(rate, maxRate) : rate;
        if (remaining > 0 && etaRate > 0) {
            parts.add(new Part("ETA " + Units.duration(Duration.ofMillis(remaining * 1000 / etaRate)), 0));
        }
        return parts;
    }

    /**
     * Bytes per second over the last {@link #RATE_WINDOW}, as far as ticks have sampled it; over the whole
     * sync before the first second is sampled.
     */
    private long recentRate(long now, long received) {
        long[] oldest;
        synchronized (rateSamples) {
            oldest = rateSamples.peekFirst();
        }
        if (oldest == null || now - oldest[0] < TimeUnit.SECONDS.toNanos(1)) {
            oldest = new long[] {startNanos, 0};
        }
        double seconds = Math.max(0.001, (now - oldest[0]) / 1e9);
        return (long) ((received - oldest[1]) / seconds);
    }

    private void sampleRate() {
        long now = nanoClock.getAsLong();
        long windowStart = now - RATE_WINDOW.toNanos();
        synchronized (rateSamples) {
            rateSamples.addLast(new long[] {now, bytes.get()});
            // Keep the newest sample at least a window old: the rate then covers the whole window.
            while (rateSamples.size() > 1) {
                long[] first = rateSamples.removeFirst();
                if (rateSamples.peekFirst()[0] > windowStart) {
                    rateSamples.addFirst(first);
                    break;
                }
            }
        }
    }

    /**
     * The bar as drawn: the figures, with a gauge in front when there is room, never wider than
     * {@code width - 1} columns (the last column would make some terminals wrap).
     */
    String bar() {
        int room = width - 1;
        List<Part> parts = parts();
        int planned = packagesPlanned.get();
        String gauge = "";
        if (planned > 0) {
            int filled = (int) ((long) BAR_WIDTH * packagesDone.get() / planned);
            gauge = "[" + "=".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] ";
        }
        String text = join(parts);
        if (gauge.length() + text.length() <= room) {
            return gauge + text;
        }
        // Too wide: the gauge goes first, then the figures in their drop order; the stage and the ETA stay.
        List<Part> byDropOrder = parts.stream().filter(part -> part.dropOrder() > 0)
                .sorted(Comparator.comparingInt(Part::dropOrder)).toList();
        for (Part part : byDropOrder) {
            if (text.length() <= room) {
                break;
            }
            parts.remove(part);
            text = join(parts);
        }
        return text.length() <= room ? text : text.substring(0, Math.max(0, room - 3)) + "...";
    }

    private static String join(List<Part> parts) {
        return String.join(", ", parts.stream().map(Part::text).toList());
    }

    /** Redraws the bar, or logs a progress line when there is no terminal. */
    void tick() {
        sampleRate();
        if (stage == null && packagesPlanned.get() == 0) {
            return;
        }
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

    /** {@code out}, erasing the bar before anything is written to it when the bar is shown. */
    PrintWriter erasingBefore(PrintWriter out) {
        if (terminal == null) {
            return out;
        }
        return new PrintWriter(new Writer() {
            @Override
            public void write(char[] chars, int off, int len) {
                synchronized (ProgressReporter.this) {
                    eraseBar();
                    out.write(chars, off, len);
                }
            }

            @Override
            public void flush() {
                out.flush();
            }

            @Override
            public void close() {
                out.flush();
            }
        }, true);
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
