package io.hexmirror.server;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.hexmirror.docs.DocsSearchIndex;
import io.hexmirror.docs.SearchHit;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.selection.LockFile;
import io.hexmirror.selection.LockedRelease;
import io.hexmirror.selection.SelectionSyntaxException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.UrlEncoded;

/**
 * Search across every mirrored docs version: {@code PREFIX/docs-search} (a page) and
 * {@code PREFIX/docs-search.json}. Parameters: {@code q} (the words), {@code package} (repeatable or
 * comma-separated: only these packages) and {@code lock} (the text of a {@code mix.lock}: only
 * its packages). GET takes them in the query; POST (form-encoded, at most {@value #MAX_FORM_BYTES}
 * bytes) also in the body, so that a whole lock file can be pasted or uploaded. Everything else
 * goes to the wrapped handler.
 */
final class DocsSearchHandler extends Handler.Wrapper {
    static final int MAX_FORM_BYTES = 1 << 20;
    private static final int LIMIT = 50;

    private final DocsSearchIndex index;
    private final String page;
    private final String json;
    private final String prefix;

    DocsSearchHandler(DocsSearchIndex index, String prefix, Handler next) {
        super(next);
        this.index = requireNonNull(index, "index is null");
        this.prefix = prefix;
        this.page = prefix + "docs-search";
        this.json = prefix + "docs-search.json";
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        boolean asJson = json.equals(path);
        if (!asJson && !page.equals(path)) {
            return super.handle(request, response, callback);
        }
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        Fields fields = new Fields(true);
        String query = request.getHttpURI().getQuery();
        if (query != null) {
            UrlEncoded.decodeUtf8To(query, fields);
        }
        String method = request.getMethod();
        if (HttpMethod.POST.is(method)) {
            long length = request.getLength();
            if (length > MAX_FORM_BYTES) {
                send(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, "text/plain; charset=utf-8",
                        "413: a search form is at most " + MAX_FORM_BYTES + " bytes\n");
                return true;
            }
            String body = Content.Source.asString(request, StandardCharsets.UTF_8);
            if (body.length() > MAX_FORM_BYTES) {
                send(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, "text/plain; charset=utf-8",
                        "413: a search form is at most " + MAX_FORM_BYTES + " bytes\n");
                return true;
            }
            UrlEncoded.decodeUtf8To(body, fields);
        } else if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD, POST");
            send(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "text/plain; charset=utf-8", "405: GET or POST\n");
            return true;
        }
        String q = fields.getValue("q") == null ? "" : fields.getValue("q");
        Set<String> packages = new TreeSet<>();
        List<String> named = fields.getValues("package");
        if (named != null) {
            for (String value : named) {
                for (String name : value.split("[,\\s]+")) {
                    if (!name.isBlank() && RegistryPaths.isValidName(name.trim())) {
                        packages.add(name.trim());
                    }
                }
            }
        }
        String lock = fields.getValue("lock");
        String lockError = null;
        if (lock != null && !lock.isBlank()) {
            try {
                for (LockedRelease r : LockFile.parse(lock, "the mix.lock given", LockFile.Format.MIX).releases()) {
                    packages.add(r.name());
                }
            } catch (SelectionSyntaxException e) {
                lockError = e.getMessage();
            }
        }
        if (lockError != null) {
            String message = "the lock file could not be read: " + lockError;
            if (asJson) {
                JsonObject error = new JsonObject();
                error.addProperty("error", message);
                send(response, callback, HttpStatus.BAD_REQUEST_400, "application/json", error + "\n");
            } else {
                send(response, callback, HttpStatus.BAD_REQUEST_400, "text/html; charset=utf-8",
                        DocsSearchPage.render(prefix, q, packages, lock, List.of(), message));
            }
            return true;
        }
        List<SearchHit> hits = index.search(q, packages, LIMIT);
        if (asJson) {
            send(response, callback, HttpStatus.OK_200, "application/json", toJson(q, packages, hits) + "\n");
        } else {
            send(response, callback, HttpStatus.OK_200, "text/html; charset=utf-8",
                    DocsSearchPage.render(prefix, q, packages, lock, hits, null));
        }
        return true;
    }

    private JsonObject toJson(String q, Set<String> packages, List<SearchHit> hits) {
        JsonObject out = new JsonObject();
        out.addProperty("query", q);
        JsonArray filter = new JsonArray();
        packages.forEach(filter::add);
        out.add("packages", filter);
        JsonArray items = new JsonArray();
        for (SearchHit hit : hits) {
            JsonObject item = new JsonObject();
            item.addProperty("package", hit.name());
            item.addProperty("version", hit.version());
            item.addProperty("title", hit.title());
            item.addProperty("type", hit.type());
            item.addProperty("url", prefix + hit.path());
            item.addProperty("excerpt", hit.excerpt());
            item.addProperty("score", hit.score());
            items.add(item);
        }
        out.add("hits", items);
        return out;
    }

    private static void send(Response response, Callback callback, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
