package io.hexmirror.testkit.upstream;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Generates a docs tarball shaped like ExDoc's output: flat HTML pages that load
 * {@code dist/app-HASH.js}, {@code dist/html-HASH.css} and {@code dist/sidebar_items-HASH.js}, the
 * hexdocs.pm-provided {@code docs_config.js}, a search page reading {@code dist/search_data-HASH.js}
 * ({@code searchData={items:[...]}}) or the older {@code dist/search_items-HASH.js}
 * ({@code searchNodes=[...]}), and absolute links to other packages' docs in both hexdocs.pm forms.
 * {@code dist/} files are named by a hash of their content, as ExDoc names them, so the app and
 * style files of one format are byte-identical across every package.
 *
 * <p>The script is small but works in a browser: it fills the version drop-down from
 * {@code versionNodes} (switching keeps the current page, as ExDoc does) and runs the in-package
 * search over the search data.
 */
final class ExDocOutput {
    private ExDocOutput() {
    }

    static byte[] tarball(String name, String version, DocsSpec spec) {
        if (spec.raw().isPresent()) {
            return spec.raw().get().clone();
        }
        String module = moduleName(name);
        boolean legacy = spec.format() == DocsSpec.Format.SEARCH_ITEMS;
        Map<String, byte[]> dist = new LinkedHashMap<>();
        String app = hashed(dist, "app", "js", legacy ? "// ExDoc 0.28 (imitation)\n" + APP_JS : "// ExDoc 0.34 (imitation)\n" + APP_JS);
        String css = hashed(dist, "html", "css", legacy ? "/* ExDoc 0.28 (imitation) */\n" + CSS : "/* ExDoc 0.34 (imitation) */\n" + CSS);
        String sidebar = hashed(dist, "sidebar_items", "js", "sidebarNodes={\"modules\":[{\"id\":\"" + module
                + "\",\"title\":\"" + module + "\"}],\"extras\":[{\"id\":\"readme\",\"title\":\"Readme\"}]}\n");
        String searchScript = switch (spec.format()) {
            case SEARCH_DATA -> hashed(dist, "search_data", "js", "searchData=" + searchItems(name, version, module, spec, true) + "\n");
            case SEARCH_ITEMS -> hashed(dist, "search_items", "js", "searchNodes=" + searchItems(name, version, module, spec, false) + "\n");
            case HTML_ONLY -> null;
        };
        Head head = new Head(name, version, app, css, sidebar, legacy);

        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("index.html", ("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>" + name + " v" + version
                + "</title>\n<meta http-equiv=\"refresh\" content=\"0; url=" + module + ".html\">\n"
                + "<meta name=\"generator\" content=\"ExDoc\">\n</head>\n<body></body>\n</html>\n").getBytes(UTF_8));
        files.put(module + ".html", page(head, module + " — " + name + " v" + version, modulePage(name, version, module, spec)));
        files.put("readme.html", page(head, "Readme — " + name + " v" + version,
                "<h1>" + name + "</h1>\n<p>The readme of " + name + ": installation and a guide for "
                        + guideWord(name) + ".</p>\n<p><a href=\"" + module + ".html\">" + module + "</a></p>\n"));
        files.put("api-reference.html", page(head, "API Reference — " + name + " v" + version,
                "<h1>API Reference <small>" + name + " v" + version + "</small></h1>\n<h2>Modules</h2>\n"
                        + "<div class=\"summary-row\"><a href=\"" + module + ".html\">" + module + "</a></div>\n"));
        String searchScriptTag = searchScript == null ? "" : "<script src=\"dist/" + searchScript + "\"></script>\n";
        files.put("search.html", page(head, "Search — " + name + " v" + version,
                searchScriptTag + "<h1>Search results for <q id=\"search-query\"></q></h1>\n<p id=\"search-count\"></p>\n"
                        + "<ul id=\"search-results\"></ul>\n"));
        files.put("404.html", page(head, "404 — " + name + " v" + version, "<h1>Page not found</h1>\n"));
        dist.forEach((file, bytes) -> files.put("dist/" + file, bytes));
        String build = files.keySet().stream().collect(Collectors.joining("\n", "", "\n"));
        files.put(".build", build.getBytes(UTF_8));
        return Tarballs.gzip(Tarballs.tar(files));
    }

    /** ExDoc's module name for a package: {@code plug_crypto} gives {@code PlugCrypto}. */
    static String moduleName(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : name.split("_")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }

    /** A word only this package's docs use, so that searches can tell packages apart. */
    static String uniqueWord(String name) {
        return "zq" + name.replace("_", "") + "frob";
    }

    private static String guideWord(String name) {
        return "zq" + name.replace("_", "") + "guide";
    }

    private record Head(String name, String version, String app, String css, String sidebar, boolean legacy) {
    }

    private static byte[] page(Head head, String title, String main) {
        String html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\">\n"
                + "<meta name=\"generator\" content=\"ExDoc v" + (head.legacy ? "0.28.6" : "0.34.2") + "\">\n"
                + "<meta name=\"project-version\" content=\"" + head.version + "\">\n"
                + "<title>" + title + "</title>\n"
                + "<link rel=\"stylesheet\" href=\"dist/" + head.css + "\">\n"
                + "<script src=\"dist/" + head.sidebar + "\"></script>\n"
                + "<script src=\"docs_config.js\"></script>\n"
                + "<script defer src=\"dist/" + head.app + "\"></script>\n"
                + "</head>\n<body>\n<nav class=\"sidebar\">\n"
                + "<div class=\"sidebar-projectName\"><a href=\"index.html\">" + head.name + "</a></div>\n"
                + "<label class=\"sidebar-projectVersion\">Version <select id=\"version-select\"></select></label>\n"
                + "<form class=\"search\" action=\"search.html\"><input id=\"search-input\" type=\"search\" name=\"q\" "
                + "placeholder=\"Search " + head.name + "\" aria-label=\"Search\"><button type=\"submit\">Search</button></form>\n"
                + "<ul><li><a href=\"" + moduleName(head.name) + ".html\">" + moduleName(head.name) + "</a></li>"
                + "<li><a href=\"readme.html\">Readme</a></li><li><a href=\"api-reference.html\">API Reference</a></li></ul>\n"
                + "</nav>\n<main class=\"content\">\n" + main + "</main>\n</body>\n</html>\n";
        return html.getBytes(UTF_8);
    }

    private static String modulePage(String name, String version, String module, DocsSpec spec) {
        StringBuilder out = new StringBuilder("<h1>" + module + " <small>" + name + " v" + version + "</small></h1>\n"
                + "<section id=\"moduledoc\">\n<p>" + module + " does the " + uniqueWord(name) + " work of " + name
                + " (docs revision " + spec.revision() + ").</p>\n");
        if (!spec.links().isEmpty()) {
            out.append("<h2>Related packages</h2>\n<ul class=\"deps\">\n");
            for (DocsSpec.Link link : spec.links()) {
                String depModule = moduleName(link.name());
                String path = link.version() == null ? link.name() + "/" + depModule + ".html"
                        : link.name() + "/" + link.version() + "/" + depModule + ".html";
                String host = link.version() == null ? depModule + ".html" : link.version() + "/" + depModule + ".html";
                out.append("<li><a class=\"dep-path\" href=\"https://hexdocs.pm/").append(path).append("\">")
                        .append(depModule).append("</a> (hexdocs.pm/").append(link.name()).append(") and <a class=\"dep-host\" href=\"https://")
                        .append(link.name()).append(".hexdocs.pm/").append(host).append("\">").append(depModule)
                        .append("</a> (").append(link.name()).append(".hexdocs.pm)</li>\n");
            }
            out.append("</ul>\n");
        }
        out.append("<p>Erlang's <a class=\"otp\" href=\"https://www.erlang.org/doc/man/lists.html\">lists</a> module.</p>\n"
                + "</section>\n<section id=\"functions\">\n<h2>Functions</h2>\n"
                + "<section class=\"detail\" id=\"hello/1\">\n<h3>hello(name)</h3>\n<p>Greets <code>name</code> from "
                + name + ".</p>\n</section>\n</section>\n");
        return out.toString();
    }

    private static String searchItems(String name, String version, String module, DocsSpec spec, boolean modern) {
        List<String[]> items = List.of(
                new String[] {module + ".html", module, "module", module + " does the " + uniqueWord(name) + " work of "
                        + name + " " + version + " (docs revision " + spec.revision() + ")."},
                new String[] {module + ".html#hello/1", module + ".hello/1", "function", "Greets name from " + name + "."},
                new String[] {"readme.html", "Readme", "extras", "The readme of " + name + ": a guide for " + guideWord(name) + "."});
        String array = items.stream().map(i -> "{\"ref\":" + json(i[0]) + ",\"title\":" + json(i[1]) + ",\"type\":"
                + json(i[2]) + ",\"doc\":" + json(i[3]) + "}").collect(Collectors.joining(",", "[", "]"));
        return modern ? "{\"items\":" + array + ",\"content_type\":\"text/markdown\",\"producer\":{\"name\":\"ex_doc\",\"version\":\"0.34.2\"}}"
                : array;
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Adds a dist file named by its content hash, as ExDoc names them, and returns that name. */
    private static String hashed(Map<String, byte[]> dist, String stem, String extension, String content) {
        byte[] bytes = content.getBytes(UTF_8);
        String hash = HexFormat.of().formatHex(Tarballs.sha256().digest(bytes)).substring(0, 8).toUpperCase(Locale.ROOT);
        String file = stem + "-" + hash + "." + extension;
        dist.put(file, bytes);
        return file;
    }

    private static final String CSS = """
            body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#222;display:flex;min-height:100vh}
            .sidebar{background:#373f52;color:#e1e1e1;width:17rem;flex:none;padding:1rem;box-sizing:border-box}
            .sidebar a{color:#e1e1e1}.sidebar ul{padding-left:1rem}
            .sidebar-projectName{font-size:1.4rem;font-weight:bold;margin-bottom:.5rem}
            .sidebar select,.sidebar input{margin:.3rem 0;max-width:100%}
            .content{padding:1rem 2rem;flex:1;min-width:0;line-height:1.5}
            .content a{color:#0645ad}.detail{border-left:3px solid #ddd;padding-left:1rem}
            @media (max-width:700px){body{display:block}.sidebar{width:auto}.content{padding:1rem}}
            """;

    private static final String APP_JS = """
            (function () {
              function projectVersion() {
                var meta = document.querySelector('meta[name="project-version"]');
                return meta ? meta.content : '';
              }
              function setUpVersions() {
                var select = document.getElementById('version-select');
                if (!select || typeof versionNodes === 'undefined') { return; }
                var current = 'v' + projectVersion();
                versionNodes.forEach(function (node) {
                  var option = document.createElement('option');
                  option.value = node.url;
                  option.textContent = node.version;
                  option.selected = node.version === current;
                  select.appendChild(option);
                });
                select.addEventListener('change', function () {
                  var page = window.location.pathname.split('/').pop() || 'index.html';
                  window.location.href = select.value + '/' + page;
                });
              }
              function searchItems() {
                if (typeof searchData !== 'undefined') { return searchData.items; }
                if (typeof searchNodes !== 'undefined') { return searchNodes; }
                return [];
              }
              function setUpSearch() {
                var results = document.getElementById('search-results');
                if (!results) { return; }
                var query = new URLSearchParams(window.location.search).get('q') || '';
                document.getElementById('search-input').value = query;
                document.getElementById('search-query').textContent = query;
                var words = query.toLowerCase().split(/\\s+/).filter(Boolean);
                var found = searchItems().filter(function (item) {
                  var text = (item.title + ' ' + item.doc).toLowerCase();
                  return words.length > 0 && words.every(function (w) { return text.indexOf(w) >= 0; });
                });
                found.forEach(function (item) {
                  var li = document.createElement('li');
                  var a = document.createElement('a');
                  a.href = item.ref;
                  a.textContent = item.title;
                  li.appendChild(a);
                  results.appendChild(li);
                });
                document.getElementById('search-count').textContent = found.length + ' results';
              }
              document.addEventListener('DOMContentLoaded', function () { setUpVersions(); setUpSearch(); });
            })();
            """;
}
