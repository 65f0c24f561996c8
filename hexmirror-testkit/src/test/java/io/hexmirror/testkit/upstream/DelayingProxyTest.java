package io.hexmirror.testkit.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The proxy passes bytes unchanged and adds its round trips (lower bounds only: a busy machine only adds). */
class DelayingProxyTest {
    @Test
    void requestsThroughTheProxyGetTheSameBytesAfterTheRoundTrips() throws Exception {
        FakeHexRepository repo = FakeHexRepository.create();
        repo.publish("mime", "1.6.0");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (FakeUpstreamServer server = FakeUpstreamServer.start(repo);
                DelayingProxy far = DelayingProxy.start(server.baseUri(), Duration.ofMillis(200))) {
            HttpRequest tarball = HttpRequest.newBuilder(far.baseUri().resolve("/tarballs/mime-1.6.0.tar")).build();

            long started = System.nanoTime();
            HttpResponse<byte[]> first = http.send(tarball, HttpResponse.BodyHandlers.ofByteArray());
            long firstMillis = (System.nanoTime() - started) / 1_000_000;
            started = System.nanoTime();
            HttpResponse<byte[]> second = http.send(tarball, HttpResponse.BodyHandlers.ofByteArray());
            long secondMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).isEqualTo(repo.file("tarballs/mime-1.6.0.tar").orElseThrow());
            assertThat(second.body()).isEqualTo(first.body());
            // A new connection: the handshake's round trip, then the request's.
            assertThat(firstMillis).isGreaterThanOrEqualTo(400);
            // The connection is reused: one round trip.
            assertThat(secondMillis).isGreaterThanOrEqualTo(200);
            assertThat(server.requestsFor("tarballs/mime-1.6.0.tar")).hasSize(2);
        }
    }
}
