package io.hexmirror.server;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpDateTime;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Evaluates conditional request headers against a file's validators, in the order of RFC 9110,
 * section 13.2.2, for GET and HEAD.
 *
 * <p>An {@code If-None-Match} (or {@code If-Match}) header with no entity tags in it counts as
 * absent: rebar3 sends an empty {@code If-None-Match:} on its first request and must get a 200.
 * Dates are compared at one-second resolution, the resolution of HTTP dates.
 */
final class Preconditions {

    /** What the preconditions decide. */
    enum Outcome {
        /** Serve the representation (full or ranged). */
        PROCEED,
        /** 304 Not Modified. */
        NOT_MODIFIED,
        /** 412 Precondition Failed. */
        FAILED
    }

    /** IMF-fixdate (RFC 9110, section 5.6.7): always a two-digit day. */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private Preconditions() {
    }

    /** Formats an HTTP date, as for {@code Last-Modified}. */
    static String httpDate(Instant instant) {
        return HTTP_DATE.format(instant);
    }

    /** Whether the request has a precondition that {@link #evaluate} may answer without a body. */
    static boolean present(HttpFields headers) {
        return headers.contains(HttpHeader.IF_MATCH) || headers.contains(HttpHeader.IF_NONE_MATCH)
                || headers.contains(HttpHeader.IF_MODIFIED_SINCE) || headers.contains(HttpHeader.IF_UNMODIFIED_SINCE);
    }

    static Outcome evaluate(HttpFields headers, String etag, Instant lastModified) {
        List<String> ifMatch = entityTags(headers, HttpHeader.IF_MATCH);
        if (!ifMatch.isEmpty()) {
            if (!ifMatch.contains("*") && ifMatch.stream().noneMatch(tag -> strongMatch(tag, etag))) {
                return Outcome.FAILED;
            }
        } else {
            long ifUnmodifiedSince = date(headers, HttpHeader.IF_UNMODIFIED_SINCE);
            if (ifUnmodifiedSince >= 0 && seconds(lastModified) > ifUnmodifiedSince / 1000) {
                return Outcome.FAILED;
            }
        }
        List<String> ifNoneMatch = entityTags(headers, HttpHeader.IF_NONE_MATCH);
        if (!ifNoneMatch.isEmpty()) {
            if (ifNoneMatch.contains("*") || ifNoneMatch.stream().anyMatch(tag -> weakMatch(tag, etag))) {
                return Outcome.NOT_MODIFIED;
            }
            // A present If-None-Match makes If-Modified-Since irrelevant.
            return Outcome.PROCEED;
        }
        long ifModifiedSince = date(headers, HttpHeader.IF_MODIFIED_SINCE);
        if (ifModifiedSince >= 0 && seconds(lastModified) <= ifModifiedSince / 1000) {
            return Outcome.NOT_MODIFIED;
        }
        return Outcome.PROCEED;
    }

    /**
     * Whether a {@code Range} may be honoured given the request's {@code If-Range}: true when
     * there is none, or it names the current entity tag (strongly) or exactly the current
     * modification date.
     */
    static boolean rangeApplies(HttpFields headers, String etag, Instant lastModified) {
        String ifRange = headers.get(HttpHeader.IF_RANGE);
        if (ifRange == null || ifRange.isBlank()) {
            return true;
        }
        String value = ifRange.trim();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            return strongMatch(value, etag);
        }
        long date = HttpDateTime.parseToEpoch(value);
        return date >= 0 && date / 1000 == seconds(lastModified);
    }

    /**
     * The entity tags (with quotes and any {@code W/}) and {@code *} in every instance of the header.
     * Hand-parsed because an entity tag may itself contain a comma, and Jetty's {@code QuotedCSV}
     * rejects the {@code W/"..."} form. Anything unparsable ends the list.
     */
    static List<String> entityTags(HttpFields headers, HttpHeader header) {
        List<String> tags = new ArrayList<>();
        for (String value : headers.getValuesList(header)) {
            int i = 0;
            int n = value.length();
            while (i < n) {
                char c = value.charAt(i);
                if (c == ' ' || c == '\t' || c == ',') {
                    i++;
                } else if (c == '*') {
                    tags.add("*");
                    i++;
                } else {
                    int open = value.startsWith("W/\"", i) ? i + 2 : c == '"' ? i : -1;
                    int close = open < 0 ? -1 : value.indexOf('"', open + 1);
                    if (close < 0) {
                        break;
                    }
                    tags.add(value.substring(i, close + 1));
                    i = close + 1;
                }
            }
        }
        return tags;
    }

    private static boolean strongMatch(String tag, String etag) {
        return !tag.startsWith("W/") && tag.equals(etag);
    }

    private static boolean weakMatch(String tag, String etag) {
        String opaque = tag.startsWith("W/") ? tag.substring(2) : tag;
        return opaque.equals(etag);
    }

    private static long date(HttpFields headers, HttpHeader header) {
        String value = headers.get(header);
        return value == null || value.isBlank() ? -1 : HttpDateTime.parseToEpoch(value.trim());
    }

    private static long seconds(Instant instant) {
        return instant.getEpochSecond();
    }
}
