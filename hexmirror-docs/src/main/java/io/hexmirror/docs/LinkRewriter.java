package io.hexmirror.docs;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.hexmirror.registry.RegistryPaths;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
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
 *
 * <p>The page is handled as bytes, each read as the ISO-8859-1 char of the same value, so that whatever
 * the page's encoding, bytes outside the rewritten values are kept exactly; a page with nothing to
 * rewrite is returned as it is, not copied.
 *
 * <p>Which values are rewritten is exactly what the regular expression
 * {@code (\s(?:href|src)\s*=\s*)(["'])([^"'<>]*)\2} (case-insensitive, ASCII) found, scanning from the
 * end of the previous match: a space ({@code \s}: space, tab, LF, VT, FF, CR), the name in any case,
 * optional spaces, {@code =}, optional spaces, a quote, a value without quotes or angle brackets, the same
 * quote. That expression took a quarter of the time of deriving docs trees; the scan below (see
 * {@link #attributeAt}) makes the same decisions without backtracking and is checked against it, byte
 * for byte, on ExDoc-shaped, tricky and random pages ({@code LinkRewriterTest}). It is a lexical match,
 * as before, not an HTML parse: a link inside a comment or a script's string is rewritten too.
 */
final class LinkRewriter {
    private static final Pattern PATH_FORM = Pattern.compile("^(?:https?:)?//(?:www\\.)?hexdocs\\.pm/([a-z][a-z0-9_]*)([/?#].*)?$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern HOST_FORM = Pattern.compile("^(?:https?:)?//([a-z][a-z0-9_]*)\\.hexdocs\\.pm([/?#].*)?$",
            Pattern.CASE_INSENSITIVE);
    /** What every value of either form holds (in some case): values without it are not matched against the forms. */
    private static final String HEXDOCS_HOST = "hexdocs.pm";

    private final MirroredDocs docs;
    private final boolean sharedDist;
    private final Set<DocsLinks.Link> links = new HashSet<>();
    /**
     * The {@code hexdocs.pm} values met so far, each with its link and where it leads below the tree's root
     * (empty when it stays external): a version's pages repeat the same few links to other packages' docs.
     */
    private final Map<String, HexdocsTarget> hexdocsTargets = new HashMap<>();

    LinkRewriter(MirroredDocs docs, boolean sharedDist) {
        this.docs = docs;
        this.sharedDist = sharedDist;
    }

    /**
     * The page with its links rewritten: {@code html} itself when nothing changed.
     *
     * @param pagePath the page's path inside the docs version, such as {@code Plug.html}
     */
    byte[] rewrite(String pagePath, byte[] html) {
        Page page = new Page(pagePath);
        Output out = null;
        int n = html.length;
        int i = 0;
        while (i < n) {
            int valueEnd = attributeAt(html, i);
            if (valueEnd < 0) {
                i++;
                continue;
            }
            // The value runs from after the quote before it (found by walking back over value bytes) to valueEnd.
            int valueStart = valueEnd;
            while (html[valueStart - 1] != html[valueEnd]) {
                valueStart--;
            }
            String value = new String(html, valueStart, valueEnd - valueStart, ISO_8859_1);
            String replaced = rewriteValue(value, page);
            if (!replaced.equals(value)) {
                if (out == null) {
                    out = new Output(html);
                }
                out.copyUpTo(valueStart);
                out.append(replaced.getBytes(ISO_8859_1));
                out.skipTo(valueEnd);
            }
            i = valueEnd + 1;
        }
        return out == null ? html : out.finish();
    }

    /**
     * Where the value of an attribute matched at {@code i} ends (the index of its closing quote), or -1 when
     * none starts there: {@code \s(?:href|src)\s*=\s*(["'])[^"'<>]*\1}, ASCII case-insensitive. Each part
     * can match in one way only (the spaces before {@code =} and after it are followed by what is not a space,
     * the value by the quote it may not hold), so one pass forward decides as the regular expression did.
     */
    static int attributeAt(byte[] html, int i) {
        int n = html.length;
        if (!isSpace(html[i]) || i + 1 >= n) {
            return -1;
        }
        int j = i + 1;
        int first = html[j] | 0x20;
        if (first == 'h' && j + 4 <= n && (html[j + 1] | 0x20) == 'r' && (html[j + 2] | 0x20) == 'e' && (html[j + 3] | 0x20) == 'f') {
            j += 4;
        } else if (first == 's' && j + 3 <= n && (html[j + 1] | 0x20) == 'r' && (html[j + 2] | 0x20) == 'c') {
            j += 3;
        } else {
            return -1;
        }
        while (j < n && isSpace(html[j])) {
            j++;
        }
        if (j >= n || html[j] != '=') {
            return -1;
        }
        j++;
        while (j < n && isSpace(html[j])) {
            j++;
        }
        if (j >= n || (html[j] != '"' && html[j] != '\'')) {
            return -1;
        }
        byte quote = html[j];
        j++;
        while (j < n && html[j] != '"' && html[j] != '\'' && html[j] != '<' && html[j] != '>') {
            j++;
        }
        return j < n && html[j] == quote ? j : -1;
    }

    /** {@code \s} of a regular expression without Unicode classes: space, tab, LF, VT, FF and CR. */
    private static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    /** The page being rewritten: its path and the relative ways up from it, made once per page. */
    private static final class Page {
        final String path;
        final String toVersionRoot;
        final String toTreeRoot;
        /**
         * Whether the page's directory names {@code dist} or {@code docs_config.js} in some segment: only then
         * can a value that names neither resolve to something rewritten (see {@link #rewriteValue}).
         */
        final boolean directoryMatters;

        Page(String path) {
            int slash = path.lastIndexOf('/');
            int depth = 0;
            for (int k = 0; k < path.length(); k++) {
                if (path.charAt(k) == '/') {
                    depth++;
                }
            }
            String directory = slash < 0 ? "" : path.substring(0, slash + 1);
            this.path = path;
            this.toVersionRoot = "../".repeat(depth);
            this.toTreeRoot = "../".repeat(depth + 2);
            this.directoryMatters = mentionsRewritten(directory);
        }
    }

    /** The rewritten page, built only once a value changes: the bytes before it copied as they are. */
    private static final class Output {
        private final byte[] html;
        private byte[] out;
        private int size;
        /** How much of {@code html} is copied or skipped. */
        private int done;

        Output(byte[] html) {
            this.html = html;
            this.out = new byte[html.length + 256];
        }

        void copyUpTo(int end) {
            append(html, done, end - done);
            done = end;
        }

        void skipTo(int end) {
            done = end;
        }

        void append(byte[] bytes) {
            append(bytes, 0, bytes.length);
        }

        private void append(byte[] bytes, int from, int length) {
            if (size + length > out.length) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, size + length));
            }
            System.arraycopy(bytes, from, out, size, length);
            size += length;
        }

        byte[] finish() {
            copyUpTo(html.length);
            return Arrays.copyOf(out, size);
        }
    }

    /** The {@code hexdocs.pm} link targets of the pages rewritten so far, including those left external. */
    Set<DocsLinks.Link> links() {
        return Set.copyOf(links);
    }

    private String rewriteValue(String value, Page page) {
        if (containsIgnoreCase(value, HEXDOCS_HOST)) {
            Optional<String> external = rewriteHexdocsLink(value, page.toTreeRoot);
            if (external.isPresent()) {
                return external.get();
            }
        }
        if (value.isEmpty() || value.startsWith("#") || value.startsWith("/") || hasScheme(value)) {
            return value;
        }
        // A value is rewritten only when it resolves to dist/... or to docs_config.js, whose segments come from
        // the page's directory or from the value: when neither names them, it is left without resolving it.
        if (!page.directoryMatters && !mentionsRewritten(value)) {
            return value;
        }
        String resolved = resolve(page.path, value);
        if (resolved == null) {
            return value;
        }
        String suffix = value.substring(firstOf(value, "?#"));
        if (sharedDist && resolved.startsWith("dist/")) {
            return page.toTreeRoot + "_dist/" + resolved.substring("dist/".length()) + suffix;
        }
        if (resolved.equals("docs_config.js")) {
            return page.toVersionRoot + "../docs_config.js" + suffix;
        }
        return value;
    }

    /** Whether the text holds {@code dist} or {@code docs_config.js}, the segments a rewritten link resolves to. */
    private static boolean mentionsRewritten(String text) {
        return text.contains("dist") || text.contains("docs_config.js");
    }

    /** {@code ^[a-zA-Z][a-zA-Z0-9+.-]*:}: the value starts with a URI scheme. */
    private static boolean hasScheme(String value) {
        if (value.isEmpty() || !isAsciiLetter(value.charAt(0))) {
            return false;
        }
        for (int k = 1; k < value.length(); k++) {
            char c = value.charAt(k);
            if (c == ':') {
                return true;
            }
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '.' && c != '-') {
                return false;
            }
        }
        return false;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean containsIgnoreCase(String text, String part) {
        for (int k = 0; k + part.length() <= text.length(); k++) {
            if (text.regionMatches(true, k, part, 0, part.length())) {
                return true;
            }
        }
        return false;
    }

    /** Where a {@code hexdocs.pm} value leads below the tree's root, empty when it stays external. */
    private record HexdocsTarget(DocsLinks.Link link, Optional<String> belowTreeRoot) {
    }

    private Optional<String> rewriteHexdocsLink(String value, String toTreeRoot) {
        HexdocsTarget target = hexdocsTargets.computeIfAbsent(value, this::hexdocsTarget);
        if (target.link() == null) {
            return Optional.empty();
        }
        links.add(target.link());
        return target.belowTreeRoot().map(below -> toTreeRoot + below);
    }

    /** The value's link and target; a target of no link when the value is of neither form. */
    private HexdocsTarget hexdocsTarget(String value) {
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
            return new HexdocsTarget(null, Optional.empty());
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
        String after = remainder;
        return new HexdocsTarget(link, DocsLinks.resolve(link, docs).map(resolved -> dep + "/" + resolved + "/" + after));
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
