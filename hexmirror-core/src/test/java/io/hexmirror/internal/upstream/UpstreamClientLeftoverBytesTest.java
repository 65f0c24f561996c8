package io.hexmirror.internal.upstream;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.junit.jupiter.api.Test;

/**
 * A hostile upstream that sends more bytes than a response's {@code Content-Length}: HttpClient reads the next
 * response's status line from whatever the connection holds, so bytes left over after one body would be taken
 * for the answer to the next request on that connection, and the genuine answer lost.
 */
class UpstreamClientLeftoverBytesTest {
    private static final long MAX = 1 << 20;
    private static final String FORGED = "forged body for whatever is asked next";

    private static UpstreamClient client(URI base) {
        // One connection, so that the second request goes over the connection of the first if it is reused.
        return UpstreamClient.builder(base)
                .concurrency(1)
                .retries(0)
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Test
    void bytesBeyondContentLengthAreNotTakenForTheNextResponse() throws Exception {
        try (RawHttpServer server = new RawHttpServer((request, out) -> {
                    if (request.path().equals("/names")) {
                        // One write: the announced body, then a complete forged response the client never asked for.
                        ByteArrayOutputStream answer = new ByteArrayOutputStream();
                        answer.writeBytes(RawHttpServer.response("names"));
                        answer.writeBytes(RawHttpServer.response(FORGED));
                        out.write(answer.toByteArray());
                    } else {
                        out.write(RawHttpServer.response("genuine " + request.path()));
                    }
                });
                UpstreamClient client = client(server.uri())) {
            assertThat(new String(client.fetch("names", null, MAX).body(), US_ASCII)).isEqualTo("names");

            assertThat(new String(client.fetch("packages/decimal", null, MAX).body(), US_ASCII))
                    .isEqualTo("genuine /packages/decimal");
            assertThat(new String(client.fetch("packages/jason", null, MAX).body(), US_ASCII))
                    .isEqualTo("genuine /packages/jason");
            // The connection that carried the extra bytes was dropped; the next requests went over a new one.
            assertThat(server.received()).extracting(RawHttpServer.Request::connection).containsExactly(1, 2, 2);
            assertThat(client.requestCount()).isEqualTo(3);
        }
    }

    @Test
    void aPooledConnectionOnWhichBytesArrivedWhileIdleIsStale() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket clientSide = new Socket(listener.getInetAddress(), listener.getLocalPort());
                Socket serverSide = listener.accept()) {
            ManagedHttpClientConnection connection = IdleInputCheckingConnection.FACTORY.createConnection(clientSide);
            connection.passivate();
            assertThat(connection.isStale()).as("a quiet open connection").isFalse();

            // Sent late, after the last body was read: the bytes wait in the socket, not in HttpClient's buffer.
            serverSide.getOutputStream().write(RawHttpServer.response(FORGED));
            serverSide.getOutputStream().flush();
            awaitArrival(clientSide.getInputStream());

            assertThat(connection.isStale()).as("unasked bytes waiting").isTrue();
            connection.close();
        }
    }

    /** Waits (at most 10 s) until the bytes written on loopback can be read without blocking. */
    private static void awaitArrival(InputStream in) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (in.available() == 0) {
            assertThat(System.nanoTime()).as("bytes arrived on loopback within 10 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
