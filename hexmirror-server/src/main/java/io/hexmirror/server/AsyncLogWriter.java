package io.hexmirror.server;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

/**
 * Hands access log lines to a sink on one background thread, so that request threads never wait
 * for the sink. Why: logging backends serialise their writes (slf4j-simple holds a lock and formats
 * a date under another for every line), and with a few hundred requests in flight that lock, not
 * the serving, limited throughput.
 *
 * <p>Lines keep their order. Nothing is dropped: when the queue is full, request threads wait for
 * room, as they would for a synchronous log. Stopping writes out what is queued. Started and stopped
 * with the request log that owns it (Jetty manages it as a bean).
 */
final class AsyncLogWriter extends AbstractLifeCycle implements RequestLog.Writer {
    private static final int CAPACITY = 16 * 1024;
    private static final int BATCH = 256;

    private final Consumer<String> sink;
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(CAPACITY);
    private Thread thread;

    AsyncLogWriter(Consumer<String> sink) {
        this.sink = requireNonNull(sink, "sink is null");
    }

    @Override
    public void write(String line) {
        if (!queue.offer(line)) {
            try {
                queue.put(line);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    protected void doStart() {
        thread = new Thread(this::drain, "hexmirror-access-log");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    protected void doStop() throws InterruptedException {
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(5));
        flush();
    }

    private void drain() {
        List<String> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, BATCH - 1);
            batch.forEach(this::emit);
            batch.clear();
        }
    }

    private void flush() {
        for (String line; (line = queue.poll()) != null; ) {
            emit(line);
        }
    }

    private void emit(String line) {
        try {
            sink.accept(line);
        } catch (RuntimeException e) {
            // A failing sink must not kill the thread and then block every request on a full queue.
        }
    }
}
