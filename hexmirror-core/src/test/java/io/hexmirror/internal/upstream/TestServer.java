package io.hexmirror.internal.upstream;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;

/**
 * A real HTTP/1.1 server on loopback (Jetty 12, core handlers) whose answers each test scripts per path. It
 * records every request it receives, and can misbehave on purpose: cut bodies short, drop connections, stall.
 */
final class TestServer implements AutoCloseable {
    /** Answers one request; {@code attempt} counts requests to the same path, from 1. */
    @FunctionalInterface
    interface Route {
        void handle(Request request, Response response, Callback callback, int attempt) throws Exception;
    }

    /** A request as the server saw it. {@code target} is the request line's target (absolute when proxied). */
    record Received(String method, String target, String path, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final Server server;
    private final ServerConnector connector;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** Released on close, so that stalled handlers end. */
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Route fallback;

    private TestServer() throws Exception {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Map<String, String> headers = new ConcurrentHashMap<>();
                request.getHeaders().forEach(field -> headers.merge(field.getLowerCaseName(), field.getValue(), (a, b) -> a + ", " + b));
                String path = request.getHttpURI().getPath();
                received.add(new Received(request.getMethod(), request.getHttpURI().toString(), path, headers));
                Route route = path == null ? null : routes.get(path);
                if (route == null) {
                    route = fallback;
                }
                if (route == null) {
                    send(response, callback, 404, new byte[0]);
                    return true;
                }
                int attempt = attempts.computeIfAbsent(path == null ? "" : path, p -> new AtomicInteger()).incrementAndGet();
                route.handle(request, response, callback, attempt);
                return true;
            }
        });
        server.start();
    }

    static TestServer start() throws Exception {
        return new TestServer();
    }

    /** {@code http://127.0.0.1:PORT/} */
    URI uri() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
    }

    int port() {
        return connector.getLocalPort();
    }

    TestServer route(String path, Route route) {
        routes.put(path, route);
        return this;
    }

    /** Answers requests no route matches (a proxy sees absolute targets for any host). */
    TestServer fallback(Route route) {
        this.fallback = route;
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** Blocks a handler until the test ends (bounded, so a forgotten stall cannot hang the build). */
    void stall() throws InterruptedException {
        closing.await(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        closing.countDown();
        try {
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the test server", e);
        } catch (Exception e) {
            throw new IOException("cannot stop the test server", e);
        }
    }

    /** A complete response with Content-Length. Headers come as name, value pairs. */
    static void send(Response response, Callback callback, int status, byte[] body, String... headers) {
        response.setStatus(status);
        for (int i = 0; i < headers.length; i += 2) {
            response.getHeaders().put(headers[i], headers[i + 1]);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Writes and flushes part of a body, waiting until it is on the wire. */
    static void writePart(Response response, byte[] part) throws Exception {
        FutureCallback written = new FutureCallback();
        response.write(false, ByteBuffer.wrap(part), written);
        written.get(10, TimeUnit.SECONDS);
    }

    /**
     * Sends headers and {@code part}, then drops the connection. With {@code contentLength} >= 0 the response
     * announces that length; otherwise the body is chunked and its closing chunk never comes.
     */
    static void sendPartThenDrop(Response response, Callback callback, long contentLength, byte[] part) throws Exception {
        response.setStatus(200);
        if (contentLength >= 0) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, contentLength);
        }
        writePart(response, part);
        // Failing the callback of a committed response makes Jetty abort the connection.
        callback.failed(new IOException("test server drops the connection on purpose"));
    }

    static byte[] bytes(int size, int seed) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }
}
