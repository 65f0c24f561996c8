package io.hexmirror.catalog;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** Escaping for untrusted text in HTML, and the check that keeps a publisher's link harmless. */
final class Html {
    private Html() {
    }

    /**
     * Escapes text for element content and double-quoted attribute values. Control characters other than
     * tab and newline are dropped, so no byte of a package's text can end an element or attribute early.
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c >= 0x20 && c != 0x7f || c == '\n' || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * The link when it is safe to put in an {@code href}: absolute {@code http}, {@code https} or
     * {@code mailto}, or relative without a scheme. {@code javascript:}, {@code data:}, {@code vbscript:}
     * and every other scheme give empty, as does anything that does not parse as a URI.
     */
    static Optional<String> safeHref(String link) {
        if (link == null) {
            return Optional.empty();
        }
        String trimmed = link.strip();
        // Browsers ignore tabs and newlines inside a scheme ("java\tscript:"): refuse them outright.
        for (int i = 0; i < trimmed.length(); i++) {
            if (trimmed.charAt(i) < 0x20 || trimmed.charAt(i) == 0x7f) {
                return Optional.empty();
            }
        }
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme();
            if (scheme == null) {
                return trimmed.startsWith("//") ? Optional.empty() : Optional.of(trimmed);
            }
            String lower = scheme.toLowerCase(Locale.ROOT);
            return lower.equals("http") || lower.equals("https") || lower.equals("mailto") ? Optional.of(trimmed) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** Whether the link is absolute http(s): leaves the mirror. */
    static boolean isExternal(String href) {
        String lower = href.toLowerCase(Locale.ROOT);
        return lower.startsWith("http:") || lower.startsWith("https:") || lower.startsWith("mailto:");
    }
}
