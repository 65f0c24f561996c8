package io.hexmirror.server;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code Range} header asking for one byte range (RFC 9110, section 14.1.2).
 *
 * <p>Hand-written because the distinction matters and Jetty's parser does not keep it: a header
 * that is malformed, names another unit or asks for several ranges is <em>ignored</em> (the server
 * answers 200 with the whole file, which RFC 9110 allows), while a well-formed range that lies
 * beyond the end of the file is <em>unsatisfiable</em> (416).
 */
final class SingleByteRange {
    private static final Pattern SPEC = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    /** Inclusive byte offsets within a file. */
    record Span(long first, long last) {
        long length() {
            return last - first + 1;
        }

        String contentRange(long size) {
            return "bytes " + first + "-" + last + "/" + size;
        }
    }

    /** Null for an open end ("bytes=5-"); for a suffix ("bytes=-5") first is null and last is the count. */
    private final Long first;
    private final Long last;

    private SingleByteRange(Long first, Long last) {
        this.first = first;
        this.last = last;
    }

    /** The range the header asks for, or empty when the header must be ignored. */
    static Optional<SingleByteRange> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = SPEC.matcher(header.trim().toLowerCase(Locale.ROOT).replace(" ", ""));
        if (!m.matches()) {
            return Optional.empty();
        }
        Long first = m.group(1).isEmpty() ? null : Long.parseLong(m.group(1));
        Long last = m.group(2).isEmpty() ? null : Long.parseLong(m.group(2));
        if (first == null && last == null) {
            return Optional.empty();
        }
        if (first != null && last != null && last < first) {
            return Optional.empty();
        }
        return Optional.of(new SingleByteRange(first, last));
    }

    /**
     * The bytes to send from a file of {@code size} bytes, or empty when
     * the range is unsatisfiable.
     */
    Optional<Span> resolve(long size) {
        if (first == null) {
            // A suffix: the last N bytes.
            if (last == 0 || size == 0) {
                return Optional.empty();
            }
            return Optional.of(new Span(Math.max(0, size - last), size - 1));
        }
        if (first >= size) {
            return Optional.empty();
        }
        long end = last == null ? size - 1 : Math.min(last, size - 1);
        return Optional.of(new Span(first, end));
    }
}
