package io.hexmirror.docs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.hexmirror.storage.Storage;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The generated files of the derived tree that no tarball holds, all plain static files:
 * <ul>
 *   <li>{@code hexdocs/NAME/docs_config.js}: {@code var versionNodes=[{version,url}]}, the version
 *       drop-down ExDoc pages read, listing the mirrored versions newest first with relative URLs;
 *   <li>{@code hexdocs/NAME/index.html}: a redirect to the latest mirrored version, so that
 *       {@code /hexdocs/NAME/} works on any static server without a copy of that version;
 *   <li>{@code hexdocs/index.html}: every package with docs and its versions.
 * </ul>
 *
 * <p>Written with a deferred sync, like the tree: the caller syncs ({@link io.hexmirror.storage.Storage#syncDeferredWrites})
 * when it is done.
 */
public final class DocsPages {
    private final Storage storage;

    public DocsPages(Storage storage) {
        this.storage = requireNonNull(storage, "storage is null");
    }

    /** Writes (or, when the package has no docs left, deletes) a package's drop-down and redirect. */
    public void writePackage(String name, MirroredDocs docs) throws IOException {
        Optional<String> latest = docs.latest(name);
        if (latest.isEmpty()) {
            storage.delete(DocsPaths.docsConfigKey(name));
            storage.delete(DocsPaths.latestKey(name));
            return;
        }
        write(DocsPaths.docsConfigKey(name), docsConfig(docs.versions(name)));
        write(DocsPaths.latestKey(name), redirect(name, latest.get()));
    }

    /** Writes the page listing every package with docs. */
    public void writeList(MirroredDocs docs) throws IOException {
        write(DocsPaths.LIST_PAGE, listPage(docs));
    }

    static String docsConfig(List<String> ascending) {
        JsonArray nodes = new JsonArray();
        for (int i = ascending.size() - 1; i >= 0; i--) {
            JsonObject node = new JsonObject();
            node.addProperty("version", "v" + ascending.get(i));
            // Relative to a page in hexdocs/NAME/VERSION/, which is where pages load this file from.
            node.addProperty("url", "../" + ascending.get(i));
            nodes.add(node);
        }
        return "// Written by hexmirror: the mirrored versions of this package's docs.\nvar versionNodes = " + nodes + ";\n";
    }

    static String redirect(String name, String version) {
        String target = version + "/";
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<title>" + name + " " + version + " documentation</title>\n"
                + "<meta http-equiv=\"refresh\" content=\"0; url=" + target + "\">\n"
                + "<link rel=\"canonical\" href=\"" + target + "\">\n</head>\n<body>\n"
                + "<p>The latest mirrored documentation of " + name + " is <a href=\"" + target + "\">version "
                + version + "</a>. <a href=\"../\">All packages with docs</a>.</p>\n</body>\n</html>\n";
    }

    static String listPage(MirroredDocs docs) {
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>Documentation on this mirror</title>\n<style>\n"
                + "body{font-family:system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;line-height:1.5}\n"
                + "table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3rem .5rem;"
                + "border-bottom:1px solid #ddd;vertical-align:top}td.v a{margin-right:.6rem;display:inline-block}\n"
                + "</style>\n</head>\n<body>\n<h1>Documentation on this mirror</h1>\n<p>")
                .append(docs.packages().size()).append(" packages, ").append(docs.size())
                .append(" docs versions. <a href=\"../\">Mirror home</a>.</p>\n"
                        + "<table>\n<thead><tr><th>Package</th><th>Versions (latest first)</th></tr></thead>\n<tbody>\n");
        for (String name : docs.packages()) {
            out.append("<tr><td><a href=\"").append(name).append("/\">").append(name).append("</a></td><td class=\"v\">");
            List<String> versions = docs.versions(name);
            for (int i = versions.size() - 1; i >= 0; i--) {
                String v = versions.get(i);
                out.append("<a href=\"").append(name).append('/').append(v).append("/\">").append(v).append("</a>");
            }
            out.append("</td></tr>\n");
        }
        return out.append("</tbody>\n</table>\n</body>\n</html>\n").toString();
    }

    /**
     * Writes the file unless it already holds exactly these bytes: a rebuild rewrites the pages of every
     * package with docs, and most are unchanged; reading one back costs far less than writing and syncing it.
     */
    private void write(String key, String text) throws IOException {
        byte[] bytes = text.getBytes(UTF_8);
        if (!storage.contentEquals(key, bytes)) {
            storage.write(key, bytes, DocsTree.DEFERRED);
        }
    }
}
