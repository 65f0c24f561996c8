package io.hexmirror.server;

import io.hexmirror.sync.RegistryMode;
import static java.util.Objects.requireNonNull;

import io.hexmirror.catalog.CatalogSearch;
import io.hexmirror.catalog.SearchQuery;
import io.hexmirror.catalog.WebPages;
import io.hexmirror.docs.DocsSearchIndex;
import io.hexmirror.docs.SearchHit;
import io.hexmirror.storage.LocalFile;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.ObjectNotFoundException;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.StorageCapability;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a mirror's files from a {@link Storage}, read-only, byte-for-byte, with the validators and
 * ranges Hex clients and caches rely on. See {@link RequestTarget} for which paths are served.
 *
 * <p>Each request looks at the object in the store, so that a sync's changes show at once, and takes
 * its validators, and for small objects the content, from the {@link ObjectCache}; only objects not
 * kept in memory are opened and sent: from the file itself when the store keeps local files
 * ({@link Storage#openLocalFile}, see {@link FileChannelBody}), otherwise streamed. On a store of
 * local files, a plain GET of an object not in memory opens the file first, which says what version it
 * holds: one look instead of a stat, an open and a second stat. Every other request stats first.
 * A version replaced between the stat and the open is caught and served again from the start.
 */
final class MirrorHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(MirrorHandler.class);
    private static final int BUFFER_SIZE = 64 * 1024;
    /** Tries to catch a file between two replacements before giving up with 503. */
    private static final int MAX_SERVE_ATTEMPTS = 3;
    private static final int MAX_PUBLIC_KEY_BYTES = 64 * 1024;
    private static final int MAX_QUERY_CHARS = 500;
    private static final int SEARCH_RESULTS = 100;
    /** Docs hits shown under the packages found; the docs search page shows more. */
    private static final int DOCS_RESULTS = 8;
    // Encoded once rather than for every response.
    private static final HttpField NOSNIFF = new PreEncodedHttpField("X-Content-Type-Options", "nosniff");
    private static final HttpField ACCEPT_RANGES = new PreEncodedHttpField(HttpHeader.ACCEPT_RANGES, "bytes");

    private final Storage storage;
    private final String prefix;
    private final Optional<DocsSearchIndex> docsSearch;
    private final ObjectCache cache;
    private final Supplier<Optional<SyncStatus>> syncStatus;
    private final WebCatalog web;
    private final HexApi api;
    /** Whether the store hands out its files ({@link StorageCapability#LOCAL_FILES}). */
    private final boolean localFiles;

    MirrorHandler(Storage storage, String prefix, ObjectCache cache, Supplier<Optional<SyncStatus>> syncStatus) {
        this(storage, prefix, cache, syncStatus, null);
    }

    /** @param docsSearch the index of the mirrored docs, whose best hits the package search shows too; null: none */
    MirrorHandler(Storage storage, String prefix, ObjectCache cache, Supplier<Optional<SyncStatus>> syncStatus,
            DocsSearchIndex docsSearch) {
        this.docsSearch = Optional.ofNullable(docsSearch);
        this.storage = requireNonNull(storage, "storage is null");
        this.prefix = requireNonNull(prefix, "prefix is null");
        this.cache = requireNonNull(cache, "cache is null");
        this.syncStatus = requireNonNull(syncStatus, "syncStatus is null");
        this.web = new WebCatalog(storage);
        this.api = new HexApi(web, storage);
        this.localFiles = storage.capabilities().contains(StorageCapability.LOCAL_FILES);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        boolean head = HttpMethod.HEAD.is(method);
        response.getHeaders().put(NOSNIFF);
        RequestTarget target = RequestTarget.resolve(request.getHttpURI().getPath(), prefix);
        if (target instanceof RequestTarget.Api api) {
            api(api, request, response, callback, head);
            return true;
        }
        if (!head && !HttpMethod.GET.is(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            plain(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "this mirror is read-only: only GET and HEAD are allowed", false);
            return true;
        }
        if (target instanceof RequestTarget.Home) {
            home(request, response, callback, head);
        } else if (target instanceof RequestTarget.Search) {
            search(request, response, callback, head);
        } else if (target instanceof RequestTarget.StoredObject object) {
            serve(object, request, response, callback, head);
        } else if (target instanceof RequestTarget.Redirect redirect) {
            redirect(response, callback, redirect.location(), head);
        } else if (target instanceof RequestTarget.NotFound notFound) {
            plain(response, callback, HttpStatus.NOT_FOUND_404, notFound.reason(), head);
        } else if (target instanceof RequestTarget.BadRequest bad) {
            plain(response, callback, HttpStatus.BAD_REQUEST_400, bad.reason(), head);
        } else {
            throw new IllegalStateException("unknown target " + target);
        }
        return true;
    }

    private void serve(RequestTarget.StoredObject object, Request request, Response response, Callback callback, boolean head)
            throws IOException {
        serve(object, request, response, callback, head, 1);
    }

    private void serve(RequestTarget.StoredObject object, Request request, Response response, Callback callback, boolean head,
            int attempt) throws IOException {
        String key = object.key();
        // A plain GET of a file whose content is not in memory, from a store of local files (most requests
        // to a mirror larger than the memory cache): the open file comes with its version, and is what is
        // sent, so no stat is needed before or after. Other requests stat first: a HEAD or a conditional
        // request may well need no file at all.
        boolean openFirst = localFiles && !head && !Preconditions.present(request.getHeaders()) && !cache.holdsContent(key);
        LocalFile opened = null;
        Optional<ObjectInfo> stat;
        try {
            opened = openFirst ? storage.openLocalFile(key).orElse(null) : null;
            stat = opened != null ? Optional.of(opened.info()) : storage.stat(key);
        } catch (ObjectNotFoundException e) {
            // A store may refuse a key outright (a path through a symbolic link): nothing to serve.
            LOG.debug("'{}' not found or refused by the store: {}", key, e.getMessage());
            stat = Optional.empty();
        }
        if (stat.isEmpty()) {
            notFound(object, request, response, callback, head);
            return;
        }
        boolean handedOver = false;
        try {
            handedOver = respond(object, stat.get(), opened, request, response, callback, head, attempt);
        } finally {
            if (opened != null && !handedOver) {
                closeQuietly(opened, key);
            }
        }
    }

    private void notFound(RequestTarget.StoredObject object, Request request, Response response, Callback callback, boolean head)
            throws IOException {
        String key = object.key();
        if (object.area() == ServedArea.HEXDOCS && storage.stat(key + "/index.html").isPresent()) {
            // A docs directory asked for without its slash: relative links inside need the slash.
            String path = request.getHttpURI().getPath();
            redirect(response, callback, path.substring(path.lastIndexOf('/') + 1) + "/", head);
            return;
        }
        plain(response, callback, HttpStatus.NOT_FOUND_404, "no file '" + key + "' in this mirror", head);
    }

    /**
     * Answers for the version of the object {@code stat} describes, sending {@code opened} (its file,
     * when already open) or opening the object if a body from storage is due.
     *
     * @return whether {@code opened} went to the response, which closes it
     */
    private boolean respond(RequestTarget.StoredObject object, ObjectInfo stat, LocalFile opened, Request request,
            Response response, Callback callback, boolean head, int attempt) throws IOException {
        String key = object.key();
        ObjectCache.Entry entry;
        try {
            entry = opened != null ? cache.entry(opened) : cache.entry(stat);
        } catch (ObjectNotFoundException e) {
            // Deleted since the stat.
            plain(response, callback, HttpStatus.NOT_FOUND_404, "no file '" + key + "' in this mirror", head);
            return false;
        }
        String etag = entry.etag();
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.ETAG, etag);
        headers.put(HttpHeader.LAST_MODIFIED, entry.lastModifiedHeader());
        headers.put(object.area().cacheControlField());

        switch (Preconditions.evaluate(request.getHeaders(), etag, entry.lastModified())) {
            case NOT_MODIFIED -> {
                response.setStatus(HttpStatus.NOT_MODIFIED_304);
                callback.succeeded();
                return false;
            }
            case FAILED -> {
                plain(response, callback, HttpStatus.PRECONDITION_FAILED_412, "the precondition does not hold for '" + key + "'", head);
                return false;
            }
            case PROCEED -> {
            }
        }

        headers.put(ACCEPT_RANGES);
        long size = entry.size();
        SingleByteRange.Span span = new SingleByteRange.Span(0, size - 1);
        int status = HttpStatus.OK_200;
        List<String> ranges = request.getHeaders().getValuesList(HttpHeader.RANGE);
        // Several Range fields, like several ranges in one, are ignored: the whole file is sent.
        if (ranges.size() == 1 && Preconditions.rangeApplies(request.getHeaders(), etag, entry.lastModified())) {
            Optional<SingleByteRange> range = SingleByteRange.parse(ranges.get(0));
            if (range.isPresent()) {
                Optional<SingleByteRange.Span> satisfiable = range.get().resolve(size);
                if (satisfiable.isEmpty()) {
                    headers.put(HttpHeader.CONTENT_RANGE, "bytes */" + size);
                    plain(response, callback, HttpStatus.RANGE_NOT_SATISFIABLE_416,
                            "range '" + ranges.get(0) + "' lies outside '" + key + "' (" + size + " bytes)", head);
                    return false;
                }
                span = satisfiable.get();
                status = HttpStatus.PARTIAL_CONTENT_206;
                headers.put(HttpHeader.CONTENT_RANGE, span.contentRange(size));
            }
        }
        response.setStatus(status);
        headers.put(object.area().contentTypeField(key));
        headers.put(HttpHeader.CONTENT_LENGTH, size == 0 ? 0 : span.length());
        if (head || size == 0) {
            response.write(true, null, callback);
            return false;
        }
        Optional<ByteBuffer> content = entry.content();
        if (content.isPresent()) {
            // Kept in memory: one write, no storage access.
            ByteBuffer body = content.get();
            body.position((int) span.first()).limit((int) (span.first() + span.length()));
            response.write(true, body, callback);
            return false;
        }
        if (opened != null) {
            FileChannelBody.send(opened.channel(), key, span.first(), span.length(), request.getComponents().getByteBufferPool(),
                    response, callback);
            return true;
        }
        sendFromStorage(object, stat, span, request, response, callback, attempt);
        return false;
    }

    /**
     * Opens the object and sends the span: a store of local files hands over the file itself, sent
     * without passing through the heap; other stores give a stream.
     */
    private void sendFromStorage(RequestTarget.StoredObject object, ObjectInfo stat, SingleByteRange.Span span, Request request,
            Response response, Callback callback, int attempt) throws IOException {
        String key = object.key();
        HttpFields.Mutable headers = response.getHeaders();
        Optional<LocalFile> file;
        InputStream in = null;
        try {
            file = storage.openLocalFile(key);
            if (file.isEmpty()) {
                in = storage.read(key);
            }
        } catch (ObjectNotFoundException e) {
            headers.remove(HttpHeader.CONTENT_RANGE);
            plain(response, callback, HttpStatus.NOT_FOUND_404, "no file '" + key + "' in this mirror", false);
            return;
        }
        Closeable body = file.isPresent() ? file.get() : in;
        // The headers describe the version the stat saw; a sync may have replaced the file since
        // (a package file gaining a release), and its new content would go out under the old
        // length and ETag, cut short or as a mismatch. An open file says which version it holds; a
        // stream holds the stat's version when a second stat sees it still. Otherwise start over.
        Optional<ObjectInfo> now = file.isPresent() ? file.map(LocalFile::info) : storage.stat(key);
        if (!sameVersion(stat, now)) {
            closeQuietly(body, key);
            headers.remove(HttpHeader.CONTENT_RANGE);
            if (attempt < MAX_SERVE_ATTEMPTS) {
                serve(object, request, response, callback, false, attempt + 1);
            } else {
                headers.put(HttpHeader.RETRY_AFTER, "1");
                plain(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "'" + key + "' kept changing while it was being"
                        + " read; try again", false);
            }
            return;
        }
        if (file.isPresent()) {
            FileChannelBody.send(file.get().channel(), key, span.first(), span.length(), request.getComponents().getByteBufferPool(),
                    response, callback);
            return;
        }
        InputStream stream = in;
        ByteBufferPool.Sized buffers = new ByteBufferPool.Sized(request.getComponents().getByteBufferPool(), true, BUFFER_SIZE);
        Content.Source source = Content.Source.from(buffers, stream, span.first(), span.length());
        Content.copy(source, response, Callback.from(() -> {
            closeQuietly(stream, key);
            callback.succeeded();
        }, failure -> {
            closeQuietly(stream, key);
            callback.failed(failure);
        }));
    }

    private void home(Request request, Response response, Callback callback, boolean head) throws IOException {
        Optional<WebCatalog.Snapshot> catalog = web.snapshot();
        boolean hasDocs = storage.stat("hexdocs/index.html").isPresent();
        String html;
        if (catalog.isPresent()) {
            // The catalog's front page, with this server's own URL in the set-up lines and the sync status.
            html = WebPages.frontPage(catalog.get().catalog(), Optional.of(mirrorUrl(request)), publicKey().orElse(""),
                    HomePage.syncSection(syncStatus.get()) + HomePage.docsSection(hasDocs));
        } else {
            html = HomePage.render(new HomePage.Model(mirrorUrl(request), publicKey(), hasInstalls(), syncStatus.get(),
                    RegistryMode.of(storage) == RegistryMode.RESIGN, hasDocs));
        }
        html(response, callback, HttpStatus.OK_200, html, head);
    }

    /** {@code /search?q=...} and {@code /browse/search.html?q=...}: results found here, no script needed. */
    private void search(Request request, Response response, Callback callback, boolean head) throws IOException {
        Optional<WebCatalog.Snapshot> catalog = web.snapshot();
        if (catalog.isEmpty()) {
            plain(response, callback, HttpStatus.NOT_FOUND_404, "this mirror has no package catalog yet (run `hexmirror catalog rebuild`)",
                    head);
            return;
        }
        Fields parameters = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        String q = Optional.ofNullable(parameters.getValue("q")).orElse("");
        if (q.length() > MAX_QUERY_CHARS) {
            q = q.substring(0, MAX_QUERY_CHARS);
        }
        SearchQuery query = SearchQuery.parse(q, parameters.getValue("sort"));
        CatalogSearch.Result result = query.isEmpty() ? new CatalogSearch.Result(List.of(), 0)
                : catalog.get().search().search(query, SEARCH_RESULTS);
        String html = WebPages.serverSearchPage(query, q, result.packages(), result.total(), catalog.get().catalog().downloads());
        if (docsSearch.isPresent() && !query.text().isBlank()) {
            // The same words in the mirrored documentation: modules, functions and guides, best first.
            List<SearchHit> hits = docsSearch.get().search(query.text(), Set.of(), DOCS_RESULTS);
            html = html.replace("</main>\n", DocsSearchPage.section(query.text(), hits) + "</main>\n");
        }
        if (!request.getHttpURI().getPath().endsWith("browse/search.html")) {
            // Served at /search: the page's links are relative to browse/.
            html = html.replace("<head>\n", "<head>\n<base href=\"" + prefix + "browse/search.html\">\n");
        }
        html(response, callback, HttpStatus.OK_200, html, head);
    }

    /** {@code /api/...}: the read-only Hex HTTP API, in the format the client accepts. */
    private void api(RequestTarget.Api target, Request request, Response response, Callback callback, boolean head) throws IOException {
        HexApi.Answer answer;
        try {
            Fields parameters = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
            answer = api.answer(request.getMethod(), target.path(), parameters::getValue, mirrorUrl(request));
        } catch (IllegalArgumentException e) {
            // Jetty's query decoding refuses malformed percent-encoding and invalid UTF-8.
            answer = HexApi.Answer.error(HttpStatus.BAD_REQUEST_400, "the query string is not valid percent-encoded UTF-8");
        }
        HttpFields.Mutable headers = response.getHeaders();
        response.setStatus(answer.status());
        headers.put(HttpHeader.VARY, "Accept");
        if (answer.status() == HttpStatus.METHOD_NOT_ALLOWED_405) {
            headers.put(HttpHeader.ALLOW, "GET, HEAD");
        }
        headers.put(HttpHeader.CACHE_CONTROL, answer.status() == HttpStatus.OK_200 ? "public, max-age=60" : "no-cache");
        answer.location().ifPresent(location -> headers.put(HttpHeader.LOCATION, location));
        if (answer.body() == null) {
            headers.put(HttpHeader.CONTENT_LENGTH, 0);
            response.write(true, null, callback);
            return;
        }
        HexApi.Encoded body = HexApi.encode(answer.body(), request.getHeaders().get(HttpHeader.ACCEPT));
        headers.put(HttpHeader.CONTENT_TYPE, body.contentType());
        headers.put(HttpHeader.CONTENT_LENGTH, body.bytes().length);
        response.write(true, head ? null : ByteBuffer.wrap(body.bytes()), callback);
    }

    private static void html(Response response, Callback callback, int status, String html, boolean head) {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, head ? null : ByteBuffer.wrap(body), callback);
    }

    /** The URL clients reach this mirror at, as this request saw it, without a trailing slash. */
    private String mirrorUrl(Request request) {
        HttpURI uri = request.getHttpURI();
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme();
        String host = uri.getHost() == null ? Request.getServerName(request) : uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : Request.getServerPort(request);
        boolean defaultPort = port <= 0 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        String authority = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return scheme + "://" + authority + (defaultPort ? "" : ":" + port) + prefix.substring(0, prefix.length() - 1);
    }

    private Optional<String> publicKey() throws IOException {
        Optional<ObjectInfo> info = storage.stat("public_key");
        if (info.isEmpty() || info.get().size() > MAX_PUBLIC_KEY_BYTES) {
            return Optional.empty();
        }
        try (InputStream in = storage.read("public_key")) {
            return Optional.of(new String(in.readNBytes(MAX_PUBLIC_KEY_BYTES), StandardCharsets.UTF_8));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    private boolean hasInstalls() throws IOException {
        return storage.stat("installs/hex.csv").isPresent() || storage.stat("installs/hex-1.x.csv").isPresent();
    }

    private static void redirect(Response response, Callback callback, String location, boolean head) {
        response.getHeaders().put(HttpHeader.LOCATION, location);
        plain(response, callback, HttpStatus.MOVED_PERMANENTLY_301, "see " + location, head);
    }

    /** A short plain-text answer, for errors: "404 Not Found: why". */
    private static void plain(Response response, Callback callback, int status, String message, boolean head) {
        byte[] body = (status + " " + HttpStatus.getMessage(status) + ": " + message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.remove(HttpHeader.ETAG);
        headers.remove(HttpHeader.LAST_MODIFIED);
        headers.put(HttpHeader.CACHE_CONTROL, "no-cache");
        headers.put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, head ? null : ByteBuffer.wrap(body), callback);
    }

    /** Same size, modification time and stored SHA-256 (when the store keeps one): the same content. */
    private static boolean sameVersion(ObjectInfo seen, Optional<ObjectInfo> now) {
        return now.isPresent() && now.get().size() == seen.size() && now.get().lastModified().equals(seen.lastModified())
                && now.get().sha256().equals(seen.sha256());
    }

    private static void closeQuietly(Closeable body, String key) {
        try {
            body.close();
        } catch (IOException e) {
            LOG.debug("Closing '{}' failed", key, e);
        }
    }
}
