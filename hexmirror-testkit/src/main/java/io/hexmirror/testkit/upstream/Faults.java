package io.hexmirror.testkit.upstream;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The faults a {@link FakeUpstreamServer} injects, each implemented for real at the HTTP level.
 *
 * <p>Paths are relative to the repository root, with or without leading slashes
 * ({@code "packages/plug"}, {@code "/tarballs/plug-1.10.4.tar"}); a path ending in {@code *}
 * matches every path with that prefix ({@code "tarballs/*"}), and {@code "*"} matches all. Each
 * method adds a rule that applies forever unless limited with {@link FaultRule#times(int)}; the
 * oldest active matching rule wins. A rule that changes registry content on a path that is not a
 * registry file (or a package file, for {@link #wrongPackageName}) answers 500 with an explanation,
 * so that a mistake in a test shows. Thread-safe.
 */
public final class Faults {
    private final List<FaultRule> rules = new CopyOnWriteArrayList<>();

    Faults() {
    }

    /** Serves the registry file with one bit of its signature flipped: the signature does not verify. */
    public FaultRule badSignature(String path) {
        return add(FaultRule.Kind.BAD_SIGNATURE, path, 0, null);
    }

    /**
     * Serves the registry file re-signed validly with the repository's key but with repository
     * {@code "other"} in the payload: only the origin check catches it.
     */
    public FaultRule wrongRepository(String path) {
        return add(FaultRule.Kind.WRONG_REPOSITORY, path, 0, null);
    }

    /**
     * Serves {@code /packages/NAME} re-signed validly but naming package {@code "other"}: the origin
     * check on the package name catches it.
     */
    public FaultRule wrongPackageName(String path) {
        return add(FaultRule.Kind.WRONG_PACKAGE_NAME, path, 0, null);
    }

    /**
     * Flips one byte in the middle of the body (any file; meant for tarballs, whose checksums then
     * fail). Status, length and ETag look normal.
     */
    public FaultRule corruptTarball(String path) {
        return add(FaultRule.Kind.CORRUPT, path, 0, null);
    }

    /**
     * Sends the headers with the full {@code Content-Length}, then half of the body, then closes the
     * connection.
     */
    public FaultRule truncate(String path) {
        return add(FaultRule.Kind.TRUNCATE, path, 0, null);
    }

    /** Answers with the given status and a short text body instead of the file. */
    public FaultRule status(String path, int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        return add(FaultRule.Kind.STATUS, path, status, null);
    }

    /** Waits {@code delay} before sending anything (for connect/response timeouts). */
    public FaultRule slow(String path, Duration delay) {
        return add(FaultRule.Kind.SLOW, path, 0, checkDelay(delay));
    }

    /**
     * Sends the headers and half of the body, waits {@code delay}, then sends the rest (for read
     * timeouts in the middle of a body).
     */
    public FaultRule stall(String path, Duration delay) {
        return add(FaultRule.Kind.STALL, path, 0, checkDelay(delay));
    }

    /** Closes the connection after reading the request, without sending any response. */
    public FaultRule dropConnection(String path) {
        return add(FaultRule.Kind.DROP_CONNECTION, path, 0, null);
    }

    /**
     * Serves a gzip bomb instead of the file: about 1 MiB of gzip that inflates to
     * {@value Tampering#BOMB_INFLATED_BYTES} bytes of zeros. The bomb is made here, once, not on the
     * first request: on a busy machine its seconds of compression would otherwise count against the
     * client's read timeout and look like a silent upstream.
     */
    public FaultRule gzipBomb(String path) {
        Tampering.gzipBomb();
        return add(FaultRule.Kind.GZIP_BOMB, path, 0, null);
    }

    /**
     * Sends the headers with the full {@code Content-Length}, then the body one byte per
     * {@code interval}: never idle long enough for a read timeout, and never done in reasonable time.
     */
    public FaultRule drip(String path, Duration interval) {
        return add(FaultRule.Kind.DRIP, path, 0, checkDelay(interval));
    }

    /** Answers 200 with a chunked body that never ends: a chunk of zeros every {@code interval}. */
    public FaultRule endless(String path, Duration interval) {
        return add(FaultRule.Kind.ENDLESS, path, 0, checkDelay(interval));
    }

    /**
     * Serves {@code content} as the file, with a matching length and ETag: for example an older,
     * validly signed registry file that someone kept and serves again (a rollback).
     */
    public FaultRule replay(String path, byte[] content) {
        return add(FaultRule.Kind.REPLAY, path, 0, null).withBody(requireNonNull(content, "content is null"));
    }

    /** Removes every rule. */
    public void clear() {
        rules.clear();
    }

    /** The rules, oldest first (including exhausted ones). */
    public List<FaultRule> rules() {
        return List.copyOf(rules);
    }

    /** The rule to apply to a request for the resource, consuming one use of it; null for none. */
    FaultRule take(String resource) {
        for (FaultRule rule : rules) {
            if (rule.matches(resource) && rule.tryApply()) {
                return rule;
            }
        }
        return null;
    }

    private FaultRule add(FaultRule.Kind kind, String path, int status, Duration delay) {
        FaultRule rule = new FaultRule(kind, requireNonNull(path, "path is null"), status, delay);
        rules.add(rule);
        return rule;
    }

    private static Duration checkDelay(Duration delay) {
        if (requireNonNull(delay, "delay is null").isNegative()) {
            throw new IllegalArgumentException("negative delay " + delay);
        }
        return delay;
    }
}
