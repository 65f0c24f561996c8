package io.hexmirror.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache httpd 2.4 (Debian's {@code apache2}) run in the foreground on a free loopback port
 * with a generated minimal {@code httpd.conf}: the modules a site needs, Debian's
 * {@code /etc/mime.types} as Debian's {@code mime.conf} has it, pid file, logs and locks in a work
 * directory, and the site (a {@code <VirtualHost>} block) included as given. {@link #close()} stops it.
 *
 * <p>Apache refuses to serve as root: started by root (as on CI), its children run as
 * {@code www-data}, so the served directory's ancestors are made searchable by others.
 */
final class ApacheHttpd implements AutoCloseable {
    static final Path EXECUTABLE = Path.of("/usr/sbin/apache2");
    static final Path MODULES = Path.of("/usr/lib/apache2/modules");
    static final Path MIME_TYPES = Path.of("/etc/mime.types");
    static final String INSTALL_HINT = "install it with `apt-get update && apt-get install -y apache2`";
    /** Debian's access log format {@code combined}, which {@link AccessLogEntry} reads. */
    private static final String COMBINED = "\"%h %l %u %t \\\"%r\\\" %>s %O \\\"%{Referer}i\\\" \\\"%{User-Agent}i\\\"\"";
    private static final long START_TIMEOUT_MILLIS = 15_000;

    private final Process process;
    private final int port;
    private final Path workDir;

    private ApacheHttpd(Process process, int port, Path workDir) {
        this.process = process;
        this.port = port;
        this.workDir = workDir;
    }

    /**
     * Starts apache2 with {@code site} and waits until it listens.
     *
     * @param site a {@code <VirtualHost>} block, already pointing at the served directory
     * @param siteAddress how the block's {@code <VirtualHost ...>} line names its address, replaced
     *     by {@code 127.0.0.1:PORT}
     * @param modules the modules to load, as {@code name_module} (e.g. {@code mime_module})
     * @throws IllegalStateException when apache2, its modules or {@code /etc/mime.types} are missing
     * @throws IOException when apache2 exits or does not listen within 15 seconds (the message holds its logs)
     */
    static ApacheHttpd start(Path workDir, String site, String siteAddress, List<String> modules, Path served)
            throws IOException {
        for (Path required : List.of(EXECUTABLE, MODULES, MIME_TYPES)) {
            if (!Files.exists(required)) {
                throw new IllegalStateException("Apache httpd is missing (no " + required + "): " + INSTALL_HINT);
            }
        }
        if (!site.contains("<VirtualHost " + siteAddress + ">")) {
            throw new IllegalArgumentException("the site has no <VirtualHost " + siteAddress + ">");
        }
        Path dir = Files.createDirectories(workDir).toAbsolutePath();
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            makeSearchable(served.toAbsolutePath());
        }
        int port = freePort();
        List<String> conf = new ArrayList<>(List.of(
                "ServerRoot \"" + dir + "\"",
                "DefaultRuntimeDir \"" + dir + "\"",
                "PidFile \"" + dir.resolve("httpd.pid") + "\"",
                "Mutex file:" + dir + " default",
                "ErrorLog \"" + dir.resolve("error.log") + "\"",
                "LogLevel warn",
                "ServerName 127.0.0.1",
                "ServerTokens Prod",
                "Listen 127.0.0.1:" + port));
        conf.add("LoadModule mpm_event_module " + module("mpm_event_module"));
        for (String name : modules) {
            conf.add("LoadModule " + name + " " + module(name));
        }
        if (root) {
            conf.add("User www-data");
            conf.add("Group www-data");
        }
        conf.addAll(List.of(
                "TypesConfig " + MIME_TYPES,
                "LogFormat " + COMBINED + " combined",
                "CustomLog \"" + dir.resolve("access.log") + "\" combined",
                // Like Debian's apache2.conf: nothing outside the configured directories.
                "<Directory />",
                "    Options None",
                "    AllowOverride None",
                "    Require all denied",
                "</Directory>",
                site.replace("<VirtualHost " + siteAddress + ">", "<VirtualHost 127.0.0.1:" + port + ">"),
                ""));
        Path confFile = dir.resolve("httpd.conf");
        Files.write(confFile, conf, UTF_8);

        Process process = new ProcessBuilder(EXECUTABLE.toString(), "-f", confFile.toString(), "-DFOREGROUND")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        ApacheHttpd server = new ApacheHttpd(process, port, dir);
        try {
            server.awaitListening();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static String module(String name) {
        Path file = MODULES.resolve("mod_" + name.substring(0, name.length() - "_module".length()) + ".so");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("Apache httpd module " + name + " is missing (no " + file + "): " + INSTALL_HINT);
        }
        return file.toString();
    }

    private static void makeSearchable(Path served) throws IOException {
        for (Path dir = served; dir != null && dir.getParent() != null; dir = dir.getParent()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
            if (!permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                permissions.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(dir, permissions);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitListening() throws IOException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("apache2 exited with " + process.exitValue() + ":" + logs());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                try {
                    TimeUnit.MILLISECONDS.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for apache2 to listen on port " + port);
                }
            }
        }
        throw new IOException("apache2 did not listen on port " + port + " within 15 s:" + logs());
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash: the value for {@code HEX_CDN}. */
    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    int port() {
        return port;
    }

    /** The requests served so far, oldest first. */
    List<AccessLogEntry> accessLog() throws IOException {
        Path log = workDir.resolve("access.log");
        return AccessLogEntry.parseAll(Files.exists(log) ? Files.readAllLines(log, UTF_8) : List.of());
    }

    /** apache2's output and error log, for failure messages. */
    String logs() throws IOException {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("stdout.log", "error.log")) {
            Path file = workDir.resolve(name);
            if (Files.exists(file)) {
                out.append('\n').append(name).append(":\n").append(Files.readString(file, UTF_8));
            }
        }
        return out.toString();
    }

    /** Stops apache2 (SIGTERM, then SIGKILL after 10 seconds) and waits for it to exit. */
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
