package io.hexmirror.it;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of an access log in the NCSA common or combined format, as nginx and
 * {@code MirrorServer} write them: {@code HOST - - [DATE] "GET /path HTTP/1.1" STATUS BYTES ...}.
 *
 * @param method the request method
 * @param path the request path as sent (for example {@code //packages/plug})
 * @param status the response status
 */
record AccessLogEntry(String method, String path, int status) {
    private static final Pattern REQUEST = Pattern.compile("\"(\\S+) (\\S+) [^\"]*\" (\\d{3}) ");

    /** The entry a log line holds, or empty for a line that is not a request. */
    static Optional<AccessLogEntry> parse(String line) {
        Matcher m = REQUEST.matcher(line);
        return m.find() ? Optional.of(new AccessLogEntry(m.group(1), m.group(2), Integer.parseInt(m.group(3)))) : Optional.empty();
    }

    static List<AccessLogEntry> parseAll(List<String> lines) {
        return lines.stream().map(AccessLogEntry::parse).flatMap(Optional::stream).toList();
    }

    /** The path relative to the repository root: leading slashes removed. */
    String resource() {
        return path.replaceFirst("^/+", "");
    }
}
