package io.hexmirror.docs;

import io.hexmirror.registry.RegistryPaths;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the {@code href} and {@code src} attribute values of one HTML page of the derived tree,
 * and nothing else, so every other byte of the page stays as ExDoc wrote it:
 * <ul>
 *   <li>{@code https://hexdocs.pm/DEP/VSN/PATH} and {@code https://DEP.hexdocs.pm/VSN/PATH} (also
 *       {@code http:} and scheme-relative, with or without {@code VSN}) become relative links to
 *       {@code hexdocs/DEP/VSN/PATH} when DEP has mirrored docs: VSN when that version is mirrored,
 *       else DEP's latest mirrored version. Links to packages without mirrored docs stay external.
 *   <li>{@code dist/FILE}, when the package's {@code dist/} files are shared, becomes a relative
 *       link to {@code hexdocs/_dist/FILE}.
 *   <li>{@code docs_config.js} becomes {@code ../docs_config.js}: one version list per package.
 * </ul>
 * Every {@code hexdocs.pm} link target met, rewritten or not, is collected ({@link #links()}) so
 * that the version can be derived again when the linked package's mirrored docs change.
 * Pages are handled as ISO-8859-1 text, which maps every byte to one char and back, so that
 * whatever the page's encoding, bytes outside the rewritten values are kept exactly.
 */
final class LinkRewriter {
    private static final Pattern ATTRIBUTE = Pattern.compile("(\\s(?:href|src)\\s*=\\s*)([\"'])([^\"'<>]*)\\2",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PATH_FORM = Pattern.compile("^(?:https?:)?//(?:www\\.)?hexdocs\\.pm/([a-z][a-z0-9_]*)([/?#].*)?$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern HOST_FORM = Pattern.compile("^(?:https?:)?//([a-z][a-z0-9_]*)\\.hexdocs\\.pm([/?#].*)?$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private final MirroredDocs docs;
    private final boolean sharedDist;
    private final Set<DocsLinks.Link> links = new HashSet<>();

    LinkRewriter(MirroredDocs docs, boolean sharedDist) {
        this.docs = docs;
        this.sharedDist = sharedDist;
    }

    /**
     * The page with its links rewritten.
     *
     * @param pagePath the page's path inside the docs version, such as {@code Plug.html}
     */
    String rewrite(String pagePath, String html) {
        int depth = (int) pagePath.chars().filter(c -> c == '/').count();
        String toVersionRoot = "../".repeat(depth);
        String toTreeRoot = "../".repeat(depth + 2);
        Matcher m = ATTRIBUTE.matcher(html);
        StringBuilder out = new StringBuilder(html.length() + 256);
        while (m.find()) {
            String value = m.group(3);
            String replaced = rewriteValue(value, pagePath, toVersionRoot, toTreeRoot);
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + m.group(2) + replaced + m.group(2)));
        }
        m.appendTail(out);
        return out.toString();
    }

    byte[] rewrite(String pagePath, byte[] html) {
        return rewrite(pagePath, new String(html, java.nio.charset.StandardCharsets.ISO_8859_1))
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** The {@code hexdocs.pm} link targets of the pages rewritten so far, including those left external. */
    Set<DocsLinks.Link> links() {
        return Set.copyOf(links);
    }

    private String rewriteValue(String value, String pagePath, String toVersionRoot, String toTreeRoot) {
        Optional<String> external = rewriteHexdocsLink(value, toTreeRoot);
        if (external.isPresent()) {
            return external.get();
        }
        if (value.isEmpty() || value.startsWith("#") || value.startsWith("/") || SCHEME.matcher(value).find()) {
            return value;
        }
        String resolved = resolve(pagePath, value);
        if (resolved == null) {
            return value;
        }
        String suffix = value.substring(firstOf(value, "?#"));
        if (sharedDist && resolved.startsWith("dist/")) {
            return toTreeRoot + "_dist/" + resolved.substring("dist/".length()) + suffix;
        }
        if (resolved.equals("docs_config.js")) {
            return toVersionRoot + "../docs_config.js" + suffix;
        }
        return value;
    }

    private Optional<String> rewriteHexdocsLink(String value, String toTreeRoot) {
        Matcher path = PATH_FORM.matcher(value);
        Matcher host = HOST_FORM.matcher(value);
        String dep;
        String rest;
        if (path.matches()) {
            dep = path.group(1);
            rest = path.group(2);
        } else if (host.matches() && !host.group(1).equalsIgnoreCase("www")) {
            dep = host.group(1);
            rest = host.group(2);
        } else {
            return Optional.empty();
        }
        rest = rest == null ? "" : rest;
        if (rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        String version = null;
        String remainder = rest;
        int end = firstOf(rest, "/?#");
        String first = rest.substring(0, end);
        if (!first.isEmpty() && RegistryPaths.isValidVersion(first) && Character.isDigit(first.charAt(0))) {
            version = first;
            remainder = rest.substring(end);
            if (remainder.startsWith("/")) {
                remainder = remainder.substring(1);
            }
        }
        DocsLinks.Link link = new DocsLinks.Link(dep, Optional.ofNullable(version));
        links.add(link);
        Optional<String> target = DocsLinks.resolve(link, docs);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(toTreeRoot + dep + "/" + target.get() + "/" + remainder);
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    /** The path a relative link points to inside the docs version, or null when it leaves it. */
    static String resolve(String pagePath, String link) {
        int cut = firstOf(link, "?#");
        String target = link.substring(0, cut);
        int slash = pagePath.lastIndexOf('/');
        String base = slash < 0 ? "" : pagePath.substring(0, slash + 1);
        Deque<String> parts = new ArrayDeque<>();
        for (String segment : (base + target).split("/", -1)) {
            if (segment.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else if (!segment.equals(".") && !segment.isEmpty()) {
                parts.addLast(segment);
            }
        }
        return String.join("/", parts);
    }
}
