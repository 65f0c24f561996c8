package io.hexmirror.internal.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.impl.io.DefaultManagedHttpClientConnection;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.impl.io.SocketHolder;
import org.apache.hc.core5.http.io.HttpConnectionFactory;
import org.apache.hc.core5.http.io.SessionInputBuffer;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pooled HTTP/1.1 connection that counts as stale when bytes are waiting on it while it is idle.
 *
 * <p>HttpClient reads the next response's status line from whatever the connection holds. An upstream that
 * sends more than a response's {@code Content-Length} (by a bug, or to forge an answer) would have those bytes
 * taken for the answer to the next request sent over the connection, and the genuine answer would in turn be
 * taken for the one after. HttpClient's own stale check only looks for a closed connection, and data waiting is
 * to it a sign of life. Between two requests nothing may arrive, so here anything that did makes the connection
 * stale: the pool closes it and the next request goes over a new one.
 *
 * <p>The pool must check every connection it leases ({@code validateAfterInactivity} of 0): the check for
 * waiting bytes does not block; the blocking probe for a closed connection (up to 1 ms) runs only after
 * {@link #PROBE_AFTER_IDLE_MILLIS}, as HttpClient's own check would.
 */
final class IdleInputCheckingConnection extends DefaultManagedHttpClientConnection {
    /** Connections idle this long are also probed for a close by the server (which blocks up to 1 ms). */
    static final long PROBE_AFTER_IDLE_MILLIS = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamClient.class);
    private static final AtomicLong COUNTER = new AtomicLong();

    /** Makes the pool's connections. */
    static final HttpConnectionFactory<ManagedHttpClientConnection> FACTORY = socket -> {
        IdleInputCheckingConnection connection = new IdleInputCheckingConnection("hexmirror-upstream-" + COUNTER.incrementAndGet());
        if (socket != null) {
            connection.bind(socket);
        }
        return connection;
    };

    /** The connection's input buffer, known once a response body has been read through it. */
    private volatile SessionInputBuffer inputBuffer;
    private volatile long idleSince = System.nanoTime();
    /** The last request sent, to name in the report of bytes that followed its answer. */
    private volatile String lastRequest = "no request";

    private IdleInputCheckingConnection(String id) {
        super(id);
    }

    @Override
    protected InputStream createContentInputStream(long length, SessionInputBuffer buffer, InputStream in) {
        inputBuffer = buffer;
        return super.createContentInputStream(length, buffer, in);
    }

    @Override
    protected void onRequestSubmitted(ClassicHttpRequest request) {
        lastRequest = request.getMethod() + " " + request.getRequestUri();
        super.onRequestSubmitted(request);
    }

    @Override
    public void passivate() {
        idleSince = System.nanoTime();
        super.passivate();
    }

    @Override
    public boolean isStale() throws IOException {
        if (!isOpen()) {
            return true;
        }
        boolean idleLong = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - idleSince) >= PROBE_AFTER_IDLE_MILLIS;
        // HttpClient's probe: closed by the server (it reads what is waiting into the buffer, checked next).
        if (idleLong && super.isStale()) {
            return true;
        }
        if (hasBytesWaiting(idleLong)) {
            LOG.warn("upstream {} sent bytes after its answer to {} had ended (more than its Content-Length): "
                    + "the connection is closed, so that they are not read as the answer to another request",
                    getRemoteAddress(), lastRequest);
            return true;
        }
        return false;
    }

    /** Whether bytes are buffered or have arrived on the socket; waits up to 1 ms only when {@code mayWait}. */
    private boolean hasBytesWaiting(boolean mayWait) throws IOException {
        SessionInputBuffer buffer = inputBuffer;
        if (buffer != null && buffer.length() > 0) {
            return true;
        }
        SocketHolder holder = getSocketHolder();
        if (holder == null) {
            return false;
        }
        // Over TLS this is what the TLS layer has decrypted and not yet handed on. Encrypted bytes still on the
        // raw socket are not looked at: they may be TLS's own messages (session tickets), and only upstream
        // itself can put anything into the TLS stream.
        if (holder.getInputStream().available() > 0) {
            return true;
        }
        // Before any body was read (only answers to HEAD so far) the buffer is not known here: ask the
        // connection, which looks at its buffer first and otherwise waits up to 1 ms for the socket.
        return (buffer == null || mayWait) && isDataAvailable(Timeout.ONE_MILLISECOND);
    }
}
