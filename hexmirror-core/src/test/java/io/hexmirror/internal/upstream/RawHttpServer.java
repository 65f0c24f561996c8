package io.hexmirror.internal.upstream;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An HTTP/1.1 server on a raw loopback socket, for answers no real server library would send: each test writes
 * the exact bytes of every answer, so it can send more than a response's {@code Content-Length} announces. It
 * keeps every connection open for further requests (keep-alive) until the client closes it.
 */
final class RawHttpServer implements AutoCloseable {
    /** Writes the answer to one request; {@code connection} counts connections from 1. */
    @FunctionalInterface
    interface Answer {
        void write(Request request, OutputStream out) throws IOException;
    }

    /** A request as received: its connection (from 1), its place on that connection (from 1), method and path. */
    record Request(int connection, int onConnection, String method, String path) {
    }

    private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Socket> connections = Collections.synchronizedList(new ArrayList<>());
    private final List<Request> received = Collections.synchronizedList(new ArrayList<>());
    private final Answer answer;

    RawHttpServer(Answer answer) throws IOException {
        this.answer = answer;
        Thread acceptor = new Thread(this::accept, "raw-http-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
    }

    /** The requests received so far, in order. */
    List<Request> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** A complete response with a body of exactly its Content-Length. */
    static byte[] response(String body) {
        return ("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\nContent-Type: application/octet-stream\r\n\r\n"
                + body).getBytes(US_ASCII);
    }

    private void accept() {
        try {
            while (true) {
                Socket connection = socket.accept();
                int number;
                synchronized (connections) {
                    connections.add(connection);
                    number = connections.size();
                }
                Thread serving = new Thread(() -> serve(connection, number), "raw-http-connection-" + number);
                serving.setDaemon(true);
                serving.start();
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void serve(Socket connection, int number) {
        try (connection) {
            InputStream in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            for (int onConnection = 1; ; onConnection++) {
                String requestLine = readLine(in);
                if (requestLine == null) {
                    return;
                }
                for (String header = readLine(in); header != null && !header.isEmpty(); header = readLine(in)) {
                    // headers are not needed: requests from the client under test have no body
                }
                String[] parts = requestLine.split(" ");
                Request request = new Request(number, onConnection, parts[0], parts[1]);
                received.add(request);
                answer.write(request, out);
                out.flush();
            }
        } catch (IOException e) {
            // the client closed the connection, or the server was closed
        }
    }

    /** A CRLF-terminated line without its terminator, or null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                String text = line.toString(US_ASCII);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        synchronized (connections) {
            for (Socket connection : connections) {
                connection.close();
            }
        }
    }
}
