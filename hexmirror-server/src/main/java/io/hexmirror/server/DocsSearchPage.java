package io.hexmirror.server;

import io.hexmirror.docs.SearchHit;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/** The docs search page: a form (words, packages, a mix.lock to paste or load) and the results. */
final class DocsSearchPage {
    private DocsSearchPage() {
    }

    static String render(String prefix, String q, Set<String> packages, String lock, List<SearchHit> hits, String error) {
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + (q.isBlank() ? "" : escape(q) + " — ") + "Search the docs on this mirror</title>\n<style>\n"
                + "body{font-family:system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;line-height:1.5}\n"
                + "form{display:grid;gap:.5rem}input,textarea,button{font:inherit;padding:.3rem;max-width:100%;box-sizing:border-box}\n"
                + "textarea{width:100%;min-height:4rem}li{margin:.6rem 0}.meta{color:#555;font-size:.9em}.err{color:#a00}\n"
                + "</style>\n</head>\n<body>\n<h1>Search the docs on this mirror</h1>\n"
                + "<p><a href=\"" + prefix + "\">Mirror home</a> · <a href=\"" + prefix + "hexdocs/\">All packages with docs</a></p>\n"
                + "<form method=\"post\" action=\"" + prefix + "docs-search\">\n"
                + "<label>Words <input type=\"search\" name=\"q\" value=\"" + escape(q) + "\" autofocus></label>\n"
                + "<label>Only these packages (comma-separated) <input name=\"package\" value=\""
                + escape(String.join(",", packages)) + "\"></label>\n"
                + "<label>Only the packages of this mix.lock (paste it, or <input type=\"file\" id=\"lockfile\" accept=\".lock\">)"
                + "<textarea name=\"lock\" id=\"lock\">" + escape(lock == null ? "" : lock) + "</textarea></label>\n"
                + "<button type=\"submit\">Search</button>\n</form>\n"
                + "<script>document.getElementById('lockfile').addEventListener('change',function(e){var f=e.target.files[0];"
                + "if(f){f.text().then(function(t){document.getElementById('lock').value=t;});}});</script>\n");
        if (error != null) {
            out.append("<p class=\"err\">").append(escape(error)).append("</p>\n");
        } else if (!q.isBlank()) {
            out.append("<p>").append(hits.size()).append(" result(s)").append(packages.isEmpty() ? "" : " in "
                    + escape(String.join(", ", packages))).append(".</p>\n<ol>\n");
            for (SearchHit hit : hits) {
                out.append("<li><a href=\"").append(escape(prefix + hit.path())).append("\">").append(escape(hit.title()))
                        .append("</a> <span class=\"meta\">").append(escape(hit.type())).append(" · ")
                        .append(escape(hit.name())).append(' ').append(escape(hit.version())).append("</span>");
                if (!hit.excerpt().isBlank()) {
                    out.append("<br>").append(escape(hit.excerpt()));
                }
                out.append("</li>\n");
            }
            out.append("</ol>\n");
        }
        return out.append("</body>\n</html>\n").toString();
    }

    /**
     * The docs hits for the package search page, which is served with its base at {@code browse/}:
     * links lead up to the mirror's root.
     */
    static String section(String q, List<SearchHit> hits) {
        StringBuilder out = new StringBuilder("<section id=\"docs-results\">\n<h2>In the documentation</h2>\n");
        if (hits.isEmpty()) {
            out.append("<p class=\"muted\">Nothing in the mirrored docs.</p>\n");
        } else {
            out.append("<ol class=\"results\">\n");
            for (SearchHit hit : hits) {
                out.append("<li><a href=\"../").append(escape(hit.path())).append("\">").append(escape(hit.title()))
                        .append("</a> <span class=\"muted\">").append(escape(hit.type())).append(" · ")
                        .append(escape(hit.name())).append(' ').append(escape(hit.version())).append("</span>");
                if (!hit.excerpt().isBlank()) {
                    out.append("<br>").append(escape(hit.excerpt()));
                }
                out.append("</li>\n");
            }
            out.append("</ol>\n");
        }
        return out.append("<p><a href=\"../docs-search?q=").append(escape(URLEncoder.encode(q, StandardCharsets.UTF_8)))
                .append("\">More in the docs search</a></p>\n</section>\n").toString();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
