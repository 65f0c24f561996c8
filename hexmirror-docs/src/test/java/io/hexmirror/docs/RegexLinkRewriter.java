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
 * {@link LinkRewriter} as it was before its scan of the page's bytes, one regular expression over the page decoded as
 * ISO-8859-1: kept as the reference that the scanning rewriter must match byte for byte
 * ({@link LinkRewriterTest}, {@link DocsTreeRewriteTest}).
 */
final class RegexLinkRewriter {
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

    RegexLinkRewriter(MirroredDocs docs, boolean sharedDist) {
        this.docs = docs;
        this.sharedDist = sharedDist;
    }

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

    private static String resolve(String pagePath, String link) {
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
