package io.hexmirror.testkit.upstream;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on {@code 127.0.0.1} that makes a server on loopback behave like one far away: every byte is
 * delayed by half a round trip in each direction, and each new connection first waits one round trip (the
 * TCP handshake that loopback does at once). Bandwidth is not limited; only latency is added, so a request
 * costs one round trip on a reused connection and two on a new one, as over a real long link.
 *
 * <pre>{@code
 * try (FakeUpstreamServer server = FakeUpstreamServer.start(repo);
 *         DelayingProxy far = DelayingProxy.start(server.baseUri(), Duration.ofMillis(150))) {
 *     URI upstream = far.baseUri();   // http://127.0.0.1:PORT, 150 ms away
 * }
 * }</pre>
 *
 * Each connection uses four threads (a reader and a writer per direction). Thread-safe.
 */
public final class DelayingProxy implements AutoCloseable {
    private static final byte[] END = new byte[0];

    private final InetSocketAddress target;
    private final String scheme;
    private final long halfTripNanos;
    private final long roundTripMillis;
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private DelayingProxy(URI target, Duration roundTrip) throws IOException {
        requireNonNull(target, "target is null");
        requireNonNull(roundTrip, "roundTrip is null");
        if (roundTrip.isNegative()) {
            throw new IllegalArgumentException("roundTrip must not be negative: " + roundTrip);
        }
        int port = target.getPort() >= 0 ? target.getPort() : 80;
        this.target = new InetSocketAddress(target.getHost(), port);
        this.scheme = target.getScheme();
        this.halfTripNanos = roundTrip.toNanos() / 2;
        this.roundTripMillis = roundTrip.toMillis();
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "delaying-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a proxy in front of the server at {@code target} (its scheme, host and port; the path is ignored).
     *
     * @throws IllegalStateException when no port is free
     */
    public static DelayingProxy start(URI target, Duration roundTrip) {
        try {
            return new DelayingProxy(target, roundTrip);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the delaying proxy: " + e.getMessage(), e);
        }
    }

    /**
     * {@code http://127.0.0.1:PORT} of the proxy, or {@code https://} in front of an https server: the proxy
     * relays bytes, so TLS goes through it end to end.
     */
    public URI baseUri() {
        return URI.create(scheme + "://127.0.0.1:" + listener.getLocalPort());
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        sockets.forEach(DelayingProxy::closeQuietly);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                Thread connection = new Thread(() -> connect(client), "delaying-proxy-connect");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void connect(Socket client) {
        try {
            // The handshake a far server costs; the client's first bytes wait in its socket meanwhile.
            Thread.sleep(roundTripMillis);
            Socket server = new Socket();
            sockets.add(server);
            server.setTcpNoDelay(true);
            client.setTcpNoDelay(true);
            server.connect(target);
            Runnable done = () -> {
                closeQuietly(client);
                closeQuietly(server);
                sockets.remove(client);
                sockets.remove(server);
            };
            Direction up = new Direction(client, server);
            Direction down = new Direction(server, client);
            up.start("up", () -> down.finished(done));
            down.start("down", () -> up.finished(done));
        } catch (IOException | InterruptedException e) {
            closeQuietly(client);
            sockets.remove(client);
        }
    }

    /** One direction of a connection: a reader that stamps chunks, a writer that sends them when due. */
    private final class Direction {
        private final Socket from;
        private final Socket to;
        private final BlockingQueue<Object[]> queue = new LinkedBlockingQueue<>();
        private volatile boolean ended;

        Direction(Socket from, Socket to) {
            this.from = from;
            this.to = to;
        }

        void start(String name, Runnable whenEnded) {
            Thread reader = new Thread(this::read, "delaying-proxy-" + name + "-read");
            Thread writer = new Thread(() -> {
                write();
                ended = true;
                whenEnded.run();
            }, "delaying-proxy-" + name + "-write");
            reader.setDaemon(true);
            writer.setDaemon(true);
            reader.start();
            writer.start();
        }

        /** Runs {@code done} when this direction has ended too: the other one just did. */
        void finished(Runnable done) {
            if (ended) {
                done.run();
            }
        }

        private void read() {
            byte[] buffer = new byte[64 * 1024];
            try {
                InputStream in = from.getInputStream();
                for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                    queue.add(new Object[] {System.nanoTime() + halfTripNanos, Arrays.copyOf(buffer, n)});
                }
            } catch (IOException e) {
                // reset or closed: end this direction like an end of stream
            }
            queue.add(new Object[] {System.nanoTime() + halfTripNanos, END});
        }

        private void write() {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Object[] chunk = queue.take();
                    long wait = (long) chunk[0] - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    byte[] bytes = (byte[]) chunk[1];
                    if (bytes == END) {
                        to.shutdownOutput();
                        return;
                    }
                    out.write(bytes);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing anyway
        }
    }
}
