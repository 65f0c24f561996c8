package io.hexmirror.internal.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.TruncatedChunkException;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    @Test
    void retryableStatusesAreServerErrorsThrottlingAndRequestTimeout() {
        assertThat(RetryPolicy.isRetryableStatus(500)).isTrue();
        assertThat(RetryPolicy.isRetryableStatus(503)).isTrue();
        assertThat(RetryPolicy.isRetryableStatus(429)).isTrue();
        assertThat(RetryPolicy.isRetryableStatus(408)).isTrue();
        for (int status : new int[] {400, 401, 403, 404, 410, 416, 301, 304}) {
            assertThat(RetryPolicy.isRetryableStatus(status)).as("%d", status).isFalse();
        }
    }

    @Test
    void transientTransportFailuresAreRetryableConfigurationErrorsAreNot() {
        assertThat(RetryPolicy.isRetryable(new ConnectException("refused"))).isTrue();
        assertThat(RetryPolicy.isRetryable(new SocketException("Connection reset"))).isTrue();
        assertThat(RetryPolicy.isRetryable(new SocketTimeoutException("Read timed out"))).isTrue();
        assertThat(RetryPolicy.isRetryable(new NoHttpResponseException("no response"))).isTrue();
        assertThat(RetryPolicy.isRetryable(new ConnectionClosedException("Premature end"))).isTrue();
        assertThat(RetryPolicy.isRetryable(new TruncatedChunkException("truncated"))).isTrue();

        assertThat(RetryPolicy.isRetryable(new UnknownHostException("nope.invalid"))).isFalse();
        assertThat(RetryPolicy.isRetryable(new SSLHandshakeException("bad certificate"))).isFalse();
        assertThat(RetryPolicy.isRetryable(new ClientProtocolException("redirect loop"))).isFalse();
        assertThat(RetryPolicy.isRetryable(new IOException("No space left on device"))).isFalse();
    }

    @Test
    void delaysGrowExponentiallyWithJitterUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000));
        for (int i = 0; i < 50; i++) {
            assertThat(policy.delay(1, null).toMillis()).isBetween(50L, 100L);
            assertThat(policy.delay(2, null).toMillis()).isBetween(100L, 200L);
            assertThat(policy.delay(3, null).toMillis()).isBetween(200L, 400L);
            assertThat(policy.delay(5, null).toMillis()).isBetween(500L, 1000L);
            assertThat(policy.delay(60, null).toMillis()).isBetween(500L, 1000L);
        }
    }

    @Test
    void retryAfterIsAFloorUnderTheCap() {
        RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofSeconds(30));
        assertThat(policy.delay(1, Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.delay(1, Duration.ofHours(2))).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.delay(1, Duration.ZERO).toMillis()).isBetween(5L, 10L);
    }

    @Test
    void zeroBackoffRetriesAtOnce() {
        assertThat(new RetryPolicy(4, Duration.ZERO, Duration.ofSeconds(1)).delay(3, null)).isZero();
    }

    @Test
    void retryAfterParsesSecondsAndDatesAndIgnoresGarbage() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(RetryPolicy.parseRetryAfter("120", now)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryPolicy.parseRetryAfter(" 0 ", now)).isZero();
        assertThat(RetryPolicy.parseRetryAfter("Thu, 01 Jan 2026 00:01:30 GMT", now)).isEqualTo(Duration.ofSeconds(90));
        assertThat(RetryPolicy.parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", now)).isZero();
        assertThat(RetryPolicy.parseRetryAfter("99999999999999999999", now)).isEqualTo(Duration.ofDays(1));
        assertThat(RetryPolicy.parseRetryAfter("soon", now)).isNull();
        assertThat(RetryPolicy.parseRetryAfter("-5", now)).isNull();
        assertThat(RetryPolicy.parseRetryAfter(null, now)).isNull();
    }
}
