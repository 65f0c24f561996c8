package io.hexmirror.internal.upstream;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.utils.DateUtils;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.HttpStreamResetException;
import org.apache.hc.core5.http.MalformedChunkCodingException;
import org.apache.hc.core5.http.NoHttpResponseException;

/** Which failures are worth another attempt, and how long to wait before it. Immutable. */
final class RetryPolicy {
    private static final Duration LONGEST_HINT = Duration.ofDays(1);

    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxDelay;

    RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxDelay) {
        this.maxRetries = maxRetries;
        this.initialBackoff = requireNonNull(initialBackoff, "initialBackoff is null");
        this.maxDelay = requireNonNull(maxDelay, "maxDelay is null");
    }

    int maxRetries() {
        return maxRetries;
    }

    /**
     * Server trouble (5xx), throttling (429) and request timeout (408) may pass; every other status is an
     * answer that repeating the request will not change.
     */
    static boolean isRetryableStatus(int status) {
        return (status >= 500 && status <= 599) || status == 429 || status == 408;
    }

    /**
     * Transient transport failures: refused or reset connections, timeouts, a stale pooled connection that
     * got no response, and bodies cut short (Content-Length not reached, chunked encoding broken off).
     * Unknown hosts, TLS failures and protocol errors are configuration problems: retrying only delays the
     * report.
     */
    static boolean isRetryable(IOException e) {
        return e instanceof SocketException // refused (ConnectException), reset, broken pipe
                || isSilence(e)
                || e instanceof HttpStreamResetException // an HTTP/2 stream cut off by upstream
                || e instanceof ConnectTimeoutException
                || e instanceof NoHttpResponseException
                || e instanceof ConnectionClosedException // premature end of a Content-Length or chunked body
                || e instanceof MalformedChunkCodingException; // includes TruncatedChunkException
    }

    /**
     * Whether {@code e} says that no data came within the read timeout: a socket's timeout, or the plain
     * {@link InterruptedIOException} with which HttpClient's blocking view of its asynchronous client gives up
     * waiting (a thread that was really interrupted is told apart by its interrupt flag, checked first).
     */
    static boolean isSilence(IOException e) {
        return e instanceof SocketTimeoutException || e.getClass() == InterruptedIOException.class;
    }

    /**
     * The pause before retry number {@code retry} (1 for the first retry): exponential from the initial backoff,
     * with "equal jitter" (a uniform pick between half and all of it) so that parallel downloads failing
     * together do not retry in lockstep; at least what {@code Retry-After} asked; never more than the cap.
     */
    Duration delay(int retry, Duration retryAfter) {
        long cap = Math.min(maxDelay.toMillis(), LONGEST_HINT.toMillis());
        long exponential = initialBackoff.toMillis();
        for (int i = 1; i < retry && exponential < cap; i++) {
            exponential *= 2;
        }
        exponential = Math.min(exponential, cap);
        long half = exponential / 2;
        long millis = half + ThreadLocalRandom.current().nextLong(exponential - half + 1);
        if (retryAfter != null) {
            millis = Math.max(millis, Math.min(retryAfter.toMillis(), cap));
        }
        return Duration.ofMillis(Math.min(millis, cap));
    }

    /**
     * Parses a {@code Retry-After} header: delay-seconds or an HTTP-date. Returns {@code null} when absent or
     * unreadable (a malformed hint is ignored, not an error), zero for a date in the past.
     */
    static Duration parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // Absurd values are clamped so that millisecond arithmetic cannot overflow; the cap applies anyway.
            return trimmed.length() > 9 ? LONGEST_HINT : Duration.ofSeconds(Math.min(Long.parseLong(trimmed), LONGEST_HINT.toSeconds()));
        }
        Instant date = DateUtils.parseStandardDate(trimmed);
        if (date == null) {
            return null;
        }
        Duration until = Duration.between(now, date);
        return until.isNegative() ? Duration.ZERO : until;
    }
}
