package io.hexmirror.testkit.clients;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An nginx started by {@link Nginx#start}; {@link #close()} stops it. Thread-safe.
 */
public final class NginxServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path prefix;
    private final Path accessLog;
    private final Path errorLog;

    NginxServer(Process process, int port, Path prefix, Path accessLog, Path errorLog) {
        this.process = process;
        this.port = port;
        this.prefix = prefix;
        this.accessLog = accessLog;
        this.errorLog = errorLog;
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash: the value for {@code HEX_CDN}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** The process id of the nginx master process. */
    public long pid() {
        return process.pid();
    }

    /** nginx's prefix directory, holding its configuration and logs. */
    public Path directory() {
        return prefix;
    }

    /** The access log, one line per request in nginx's {@code combined} format. */
    public Path accessLog() {
        return accessLog;
    }

    public Path errorLog() {
        return errorLog;
    }

    /** The access log's lines so far; empty before the first request. */
    public List<String> accessLogLines() throws IOException {
        return Files.exists(accessLog) ? Files.readAllLines(accessLog, UTF_8) : List.of();
    }

    /** nginx's output and error log, for failure messages. */
    public String logs() throws IOException {
        StringBuilder out = new StringBuilder();
        for (Path file : new Path[] {prefix.resolve("stdout.log"), errorLog}) {
            if (Files.exists(file)) {
                out.append('\n').append(file.getFileName()).append(":\n").append(Files.readString(file, UTF_8));
            }
        }
        return out.toString();
    }

    /** Stops nginx (SIGTERM, then SIGKILL after 10 seconds) and waits for it to exit. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
