package io.hexmirror.testkit.upstream;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.hexmirror.mirror.ContentTypes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * Serves a {@link FakeHexRepository} as a Hex repository's CDN does, applying the server's faults.
 * Blocking: faults sleep on the handling thread.
 */
final class RepositoryHandler extends Handler.Abstract {
    private final FakeHexRepository repository;
    private final Faults faults;
    private final Consumer<RequestLogEntry> log;

    RepositoryHandler(FakeHexRepository repository, Faults faults, Consumer<RequestLogEntry> log) {
        super(InvocationType.BLOCKING);
        this.repository = repository;
        this.faults = faults;
        this.log = log;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        String resource = FakeUpstreamServer.resourceOf(request.getHttpURI().getPath());
        // An API page is told apart by its query, so the log keeps it.
        String rawPath = resource.equals(ApiPages.RESOURCE) && request.getHttpURI().getQuery() != null
                ? request.getHttpURI().getPath() + "?" + request.getHttpURI().getQuery() : request.getHttpURI().getPath();
        String ifNoneMatch = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
        boolean head = HttpMethod.HEAD.is(method);
        if (!head && !HttpMethod.GET.is(method)) {
            log.accept(new RequestLogEntry(method, rawPath, HttpStatus.METHOD_NOT_ALLOWED_405, ifNoneMatch));
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            sendText(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "only GET and HEAD are served\n");
            return true;
        }

        FaultRule fault = faults.take(resource);
        FaultRule.Kind kind = fault == null ? null : fault.kind();
        if (kind == FaultRule.Kind.DROP_CONNECTION) {
            log.accept(new RequestLogEntry(method, rawPath, 0, ifNoneMatch));
            abort(request, callback);
            return true;
        }
        if (kind == FaultRule.Kind.SLOW && !sleep(fault.delay())) {
            abort(request, callback);
            return true;
        }
        if (kind == FaultRule.Kind.STATUS) {
            log.accept(new RequestLogEntry(method, rawPath, fault.status(), ifNoneMatch));
            sendText(response, callback, fault.status(), "fault injected: status " + fault.status() + "\n");
            return true;
        }

        if (kind == FaultRule.Kind.ENDLESS) {
            log.accept(new RequestLogEntry(method, rawPath, HttpStatus.OK_200, ifNoneMatch));
            response.setStatus(HttpStatus.OK_200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
            byte[] chunk = new byte[1024];
            try {
                while (sleep(fault.delay())) {
                    write(response, ByteBuffer.wrap(chunk), false);
                }
            } catch (IOException e) {
                // The client gave up: that is what this fault is for.
            }
            abort(request, callback);
            return true;
        }

        boolean api = resource.equals(ApiPages.RESOURCE);
        Optional<byte[]> file = api ? Optional.of(ApiPages.page(repository, request.getHttpURI().getQuery()))
                : repository.file(resource);
        if (file.isEmpty()) {
            log.accept(new RequestLogEntry(method, rawPath, HttpStatus.NOT_FOUND_404, ifNoneMatch));
            sendText(response, callback, HttpStatus.NOT_FOUND_404, "not found: " + resource + "\n");
            return true;
        }
        byte[] body;
        try {
            body = kind == FaultRule.Kind.REPLAY ? fault.body() : tamper(kind, resource, file.get());
        } catch (Tampering.NotApplicable e) {
            log.accept(new RequestLogEntry(method, rawPath, HttpStatus.INTERNAL_SERVER_ERROR_500, ifNoneMatch));
            sendText(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, e.getMessage() + "\n");
            return true;
        }

        String etag = etag(body);
        response.getHeaders().put(HttpHeader.ETAG, etag);
        if (matches(ifNoneMatch, etag)) {
            log.accept(new RequestLogEntry(method, rawPath, HttpStatus.NOT_MODIFIED_304, ifNoneMatch));
            response.setStatus(HttpStatus.NOT_MODIFIED_304);
            callback.succeeded();
            return true;
        }

        log.accept(new RequestLogEntry(method, rawPath, HttpStatus.OK_200, ifNoneMatch));
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, api ? "application/json; charset=utf-8" : ContentTypes.forKey(resource));
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        if (head) {
            // Jetty sends the headers of a HEAD response and discards the content.
            response.write(true, ByteBuffer.wrap(body), callback);
        } else if (kind == FaultRule.Kind.TRUNCATE) {
            write(response, ByteBuffer.wrap(body, 0, body.length / 2), false);
            abort(request, callback);
        } else if (kind == FaultRule.Kind.DRIP) {
            try {
                for (int i = 0; i < body.length; i++) {
                    if (!sleep(fault.delay())) {
                        abort(request, callback);
                        return true;
                    }
                    write(response, ByteBuffer.wrap(body, i, 1), false);
                }
            } catch (IOException e) {
                abort(request, callback);
                return true;
            }
            response.write(true, ByteBuffer.allocate(0), callback);
        } else if (kind == FaultRule.Kind.STALL) {
            write(response, ByteBuffer.wrap(body, 0, body.length / 2), false);
            if (!sleep(fault.delay())) {
                abort(request, callback);
                return true;
            }
            response.write(true, ByteBuffer.wrap(body, body.length / 2, body.length - body.length / 2), callback);
        } else {
            response.write(true, ByteBuffer.wrap(body), callback);
        }
        return true;
    }

    private byte[] tamper(FaultRule.Kind kind, String resource, byte[] file) throws Tampering.NotApplicable {
        if (kind == null) {
            return file;
        }
        return switch (kind) {
            case BAD_SIGNATURE -> Tampering.badSignature(resource, file);
            case WRONG_REPOSITORY -> Tampering.wrongRepository(resource, file, repository);
            case WRONG_PACKAGE_NAME -> Tampering.wrongPackageName(resource, file, repository);
            case CORRUPT -> Tampering.flipByte(file);
            case GZIP_BOMB -> Tampering.gzipBomb();
            default -> file;
        };
    }

    /** Weak comparison, as RFC 9110 prescribes for If-None-Match; an empty header counts as absent. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String candidate : List.of(ifNoneMatch.split(","))) {
            String tag = candidate.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** A strong ETag: the quoted SHA-256 of the body, so equal bytes always get the same tag. */
    static String etag(byte[] body) {
        return "\"" + HexFormat.of().formatHex(Tarballs.sha256().digest(body)) + "\"";
    }

    private static void sendText(Response response, Callback callback, int status, String text) {
        byte[] body = text.getBytes(UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static void write(Response response, ByteBuffer content, boolean last) throws IOException {
        try (Blocker.Callback blocker = Blocker.callback()) {
            response.write(last, content, blocker);
            blocker.block();
        }
    }

    /**
     * Closes the TCP connection under Jetty, so the client sees exactly what was sent so far. The
     * callback then succeeds: Jetty finds the connection closed and gives up quietly, where failing
     * it would log an error response that is never sent.
     */
    private static void abort(Request request, Callback callback) {
        request.getConnectionMetaData().getConnection().getEndPoint().close();
        callback.succeeded();
    }

    /** False when interrupted, which happens when the server stops during a delay. */
    private static boolean sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
