package io.hexmirror.testkit.upstream;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fault injected by a {@link FakeUpstreamServer} into the responses for a path. A new rule applies
 * to every matching request until {@link #times(int)} limits it or {@link Faults#clear()} removes
 * it. When several rules match a request, the oldest one that is still active applies.
 * Thread-safe.
 */
public final class FaultRule {
    /** What a fault does to the response. */
    enum Kind {
        BAD_SIGNATURE, WRONG_REPOSITORY, WRONG_PACKAGE_NAME, CORRUPT, TRUNCATE, STATUS, SLOW, STALL, DROP_CONNECTION, GZIP_BOMB, DRIP,
        ENDLESS, REPLAY
    }

    private static final int FOREVER = -1;

    private final Kind kind;
    private final String pattern;
    private final int status;
    private final Duration delay;
    private volatile byte[] body;
    private final AtomicInteger remaining = new AtomicInteger(FOREVER);
    private final AtomicInteger hits = new AtomicInteger();

    FaultRule(Kind kind, String pattern, int status, Duration delay) {
        this.kind = kind;
        this.pattern = FakeUpstreamServer.normalize(pattern);
        this.status = status;
        this.delay = delay;
    }

    /** The bytes a {@link Faults#replay} rule serves. */
    byte[] body() {
        return body;
    }

    FaultRule withBody(byte[] content) {
        this.body = content.clone();
        return this;
    }

    /** Limits the rule to the next {@code count} matching requests; later ones are served normally. */
    public FaultRule times(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative count " + count);
        }
        remaining.set(count);
        return this;
    }

    /** Same as {@code times(1)}. */
    public FaultRule once() {
        return times(1);
    }

    /** Applies the rule to every matching request again (the default). */
    public FaultRule forever() {
        remaining.set(FOREVER);
        return this;
    }

    /** How many requests the rule has been applied to. */
    public int hits() {
        return hits.get();
    }

    /** Whether the rule still applies to matching requests. */
    public boolean active() {
        return remaining.get() != 0;
    }

    @Override
    public String toString() {
        return kind + " " + pattern + (status != 0 ? " status " + status : "") + (delay != null ? " " + delay : "")
                + " (hits " + hits + ", remaining " + (remaining.get() == FOREVER ? "forever" : remaining.get()) + ")";
    }

    Kind kind() {
        return kind;
    }

    int status() {
        return status;
    }

    Duration delay() {
        return delay;
    }

    boolean matches(String resource) {
        if (pattern.equals("*")) {
            return true;
        }
        return pattern.endsWith("*") ? resource.startsWith(pattern.substring(0, pattern.length() - 1))
                : resource.equals(pattern);
    }

    /** Consumes one use if the rule is still active. */
    boolean tryApply() {
        while (true) {
            int left = remaining.get();
            if (left == 0) {
                return false;
            }
            if (left == FOREVER || remaining.compareAndSet(left, left - 1)) {
                hits.incrementAndGet();
                return true;
            }
        }
    }
}
