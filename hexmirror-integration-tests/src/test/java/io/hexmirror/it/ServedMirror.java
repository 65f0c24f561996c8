package io.hexmirror.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.hexmirror.server.MirrorServer;
import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.testkit.clients.Nginx;
import io.hexmirror.testkit.clients.NginxServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** A mirror directory served over HTTP on loopback, by hexmirror's {@link MirrorServer} or by nginx. */
abstract class ServedMirror implements AutoCloseable {

    /** Who serves the directory. */
    enum By {
        /** {@link MirrorServer} over a {@link FileSystemStorage}, in this JVM. */
        HEXMIRROR,
        /** nginx with the site template the project gives users; no hexmirror code involved. */
        NGINX
    }

    static ServedMirror start(By by, Path mirrorDir, Path workDir) throws IOException {
        return by == By.HEXMIRROR ? new Hexmirror(mirrorDir) : new Static(mirrorDir, workDir);
    }

    /** The repository URL, without a trailing slash: the value for {@code HEX_CDN}. */
    abstract URI baseUri();

    /** The requests served so far, oldest first. */
    abstract List<AccessLogEntry> accessLog() throws IOException;

    /**
     * The access log once it satisfies {@code condition}. Servers write a request's line just after
     * the response has gone out, so a client that is done may be a moment ahead of the log.
     *
     * @throws AssertionError when the log does not satisfy it within 10 seconds
     */
    List<AccessLogEntry> awaitAccessLog(Predicate<List<AccessLogEntry>> condition, String description)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<AccessLogEntry> log = accessLog();
        while (!condition.test(log)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the access log never showed " + description + "; it has:\n"
                        + log.stream().map(AccessLogEntry::toString).collect(Collectors.joining("\n")));
            }
            Thread.sleep(20);
            log = accessLog();
        }
        return log;
    }

    @Override
    public abstract void close() throws IOException;

    /** The nginx site template shipped with hexmirror-server (also in docs/serving.md). */
    static String nginxSiteTemplate() {
        try (InputStream in = Objects.requireNonNull(MirrorServer.class.getResourceAsStream("nginx-site.conf"),
                "resource io/hexmirror/server/nginx-site.conf")) {
            return new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Hexmirror extends ServedMirror {
        private final FileSystemStorage storage;
        private final MirrorServer server;
        private final List<String> lines = new CopyOnWriteArrayList<>();

        Hexmirror(Path mirrorDir) throws IOException {
            storage = FileSystemStorage.open(mirrorDir, false);
            server = MirrorServer.builder(storage).port(0).accessLog(lines::add).build();
            server.start();
        }

        @Override
        URI baseUri() {
            return URI.create(server.uri().toString().replaceFirst("/$", ""));
        }

        @Override
        List<AccessLogEntry> accessLog() {
            return AccessLogEntry.parseAll(List.copyOf(lines));
        }

        @Override
        public void close() throws IOException {
            server.stop();
            storage.close();
        }
    }

    private static final class Static extends ServedMirror {
        private final NginxServer nginx;

        Static(Path mirrorDir, Path workDir) throws IOException {
            nginx = Nginx.locate().start(workDir.resolve("nginx"), nginxSiteTemplate(), mirrorDir);
        }

        @Override
        URI baseUri() {
            return nginx.baseUri();
        }

        @Override
        List<AccessLogEntry> accessLog() throws IOException {
            return AccessLogEntry.parseAll(nginx.accessLogLines());
        }

        @Override
        public void close() {
            nginx.close();
        }
    }
}
