package io.hexmirror.testkit.clients;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a real nginx (Debian's package) as the current user, in the foreground, with a private prefix
 * directory, one site and a free loopback port, so that tests can prove that a plain web server
 * serves a mirror directory the way Hex clients need.
 *
 * <pre>{@code
 * try (NginxServer server = Nginx.locate().start(workDir, siteTemplate, mirrorDir)) {
 *     rebar3.project(tmp).hexRepository(server.baseUri(), publicKeyPem)...
 * }
 * }</pre>
 *
 * A site template is the text of an nginx {@code server { ... }} block in which {@value #LISTEN}
 * stands for the listen address and {@value #ROOT} for the served directory. The executable is
 * taken from the system property {@value #PROPERTY}, else the environment variable
 * {@value #ENVIRONMENT}, else the first {@code nginx} on {@code PATH}, {@code /usr/sbin} or
 * {@code /usr/local/sbin}. Immutable and thread-safe.
 */
public final class Nginx {
    /** System property naming the nginx executable. */
    public static final String PROPERTY = "hexmirror.nginx";
    /** Environment variable naming the nginx executable. */
    public static final String ENVIRONMENT = "NGINX";
    /** What to do when nginx is missing; part of the error message. */
    public static final String INSTALL_HINT = "install it with `apt-get update && apt-get install -y nginx`";
    /** The placeholder for the listen address in a site template. */
    public static final String LISTEN = "@LISTEN@";
    /** The placeholder for the served directory in a site template. */
    public static final String ROOT = "@ROOT@";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Path executable;
    private final List<String> launcher;

    private Nginx(Path executable, List<String> launcher) {
        this.executable = executable;
        this.launcher = List.copyOf(launcher);
    }

    /**
     * The installed nginx.
     *
     * @throws IllegalStateException when no nginx is found; the message says how to install it
     */
    public static Nginx locate() {
        return find().map(path -> new Nginx(path, List.of())).orElseThrow(() -> new IllegalStateException(
                "nginx not found (looked at -D" + PROPERTY + ", $" + ENVIRONMENT + ", PATH and /usr/sbin): " + INSTALL_HINT));
    }

    /** The nginx executable, if one is installed. */
    public static Optional<Path> find() {
        String configured = System.getProperty(PROPERTY, System.getenv(ENVIRONMENT));
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String searchPath = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin" + File.pathSeparator
                + "/usr/local/sbin";
        return Stream.of(searchPath.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "nginx"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    public Path executable() {
        return executable;
    }

    /**
     * This nginx, started through a launcher: the words put before its command line, for example a
     * shell that moves itself into a control group and then executes the rest, keeping its pid.
     */
    public Nginx launchedBy(List<String> launcher) {
        return new Nginx(executable, requireNonNull(launcher, "launcher is null"));
    }

    /** {@link #start(Path, String, Path, int, int)} with one worker process of 256 connections. */
    public NginxServer start(Path workDir, String siteTemplate, Path root) throws IOException {
        return start(workDir, siteTemplate, root, 1, 256);
    }

    /**
     * Starts nginx serving {@code root} with the site template on a free port of 127.0.0.1 and
     * waits until it accepts connections. Its configuration, pid file, logs ({@code access.log} in
     * the combined format, {@code error.log}) and temporary directories live in {@code workDir}.
     *
     * @param workDir nginx's prefix directory; created if missing
     * @param siteTemplate an nginx {@code server} block with {@value #LISTEN} and {@value #ROOT}
     * @param root the directory to serve
     * @param workerProcesses how many worker processes
     * @param workerConnections the most connections each worker holds at once (clients and files)
     * @throws IOException when the files cannot be written, or nginx exits or does not listen
     *     within 15 seconds (the message holds its output and error log)
     */
    public NginxServer start(Path workDir, String siteTemplate, Path root, int workerProcesses, int workerConnections)
            throws IOException {
        requireNonNull(workDir, "workDir is null");
        requireNonNull(siteTemplate, "siteTemplate is null");
        requireNonNull(root, "root is null");
        if (workerProcesses < 1 || workerConnections < 1) {
            throw new IllegalArgumentException("workerProcesses and workerConnections must be positive: "
                    + workerProcesses + ", " + workerConnections);
        }
        if (!siteTemplate.contains(LISTEN) || !siteTemplate.contains(ROOT)) {
            throw new IllegalArgumentException("the site template must contain " + LISTEN + " and " + ROOT);
        }
        Path prefix = Files.createDirectories(workDir).toAbsolutePath();
        Path errorLog = prefix.resolve("error.log");
        Path accessLog = prefix.resolve("access.log");
        int port = freePort();

        Path siteFile = prefix.resolve("site.conf");
        Files.writeString(siteFile, siteTemplate.replace(LISTEN, "127.0.0.1:" + port)
                .replace(ROOT, root.toAbsolutePath().toString()), StandardCharsets.UTF_8);
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, String.join("\n",
                "worker_processes " + workerProcesses + ";",
                // Ignored (with a warning) unless started as root; as root, keeps the workers able
                // to read the test's private temporary directory.
                "user " + System.getProperty("user.name") + ";",
                "pid " + prefix.resolve("nginx.pid") + ";",
                "error_log " + errorLog + " warn;",
                "events { worker_connections " + workerConnections + "; }",
                "http {",
                "  access_log " + accessLog + ";",
                "  client_body_temp_path " + prefix.resolve("client_body") + ";",
                "  proxy_temp_path " + prefix.resolve("proxy") + ";",
                "  fastcgi_temp_path " + prefix.resolve("fastcgi") + ";",
                "  uwsgi_temp_path " + prefix.resolve("uwsgi") + ";",
                "  scgi_temp_path " + prefix.resolve("scgi") + ";",
                // Like Debian's default nginx.conf.
                "  sendfile on;",
                "  tcp_nopush on;",
                "  include " + siteFile + ";",
                "}",
                ""), StandardCharsets.UTF_8);

        Path output = prefix.resolve("stdout.log");
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(executable.toString(), "-e", errorLog.toString(), "-p", prefix.toString(),
                "-c", conf.toString(), "-g", "daemon off;"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        NginxServer server = new NginxServer(process, port, prefix, accessLog, errorLog);
        try {
            awaitListening(process, port, server);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitListening(Process process, int port, NginxServer server) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("nginx exited with " + process.exitValue() + ":" + server.logs());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                try {
                    TimeUnit.MILLISECONDS.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for nginx to listen on port " + port);
                }
            }
        }
        throw new IOException("nginx did not listen on port " + port + " within " + START_TIMEOUT + ":" + server.logs());
    }
}
