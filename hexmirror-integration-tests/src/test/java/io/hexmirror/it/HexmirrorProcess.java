package io.hexmirror.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code hexmirror} command as users run it: the CLI's shaded jar ({@code java -jar
 * hexmirror.jar ...}) in its own JVM with default options. The jar is the system property
 * {@value #PROPERTY} (set by the failsafe plugin in this module's POM), else
 * {@code hexmirror-cli/target/hexmirror.jar} next to this module.
 */
final class HexmirrorProcess implements AutoCloseable {
    static final String PROPERTY = "hexmirror.jar";
    private static final Pattern SERVING = Pattern.compile("hexmirror: serving .* at (http://\\S+)");

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private HexmirrorProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The shaded jar; fails with a hint when it has not been built. */
    static Path jar() {
        String configured = System.getProperty(PROPERTY);
        Path jar = configured != null ? Path.of(configured) : Path.of("..", "hexmirror-cli", "target", "hexmirror.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the hexmirror jar " + jar.toAbsolutePath()
                    + " does not exist: build it with `./mvnw -pl hexmirror-cli -am package -DskipTests`");
        }
        return jar.toAbsolutePath().normalize();
    }

    /** Starts {@code java -jar hexmirror.jar ARGS} with output in {@code logDir/hexmirror.{out,err}}. */
    static HexmirrorProcess start(Path logDir, List<String> args) throws IOException {
        return start(logDir, List.of(), args);
    }

    /** Starts {@code java JVM-OPTIONS -jar hexmirror.jar ARGS}, e.g. with a small heap. */
    static HexmirrorProcess start(Path logDir, List<String> jvmOptions, List<String> args) throws IOException {
        Files.createDirectories(logDir);
        // Its temporary files, such as serve's docs search index (a cache kept per mirror), stay with the test's.
        Path tmp = Files.createDirectories(logDir.resolve("tmp"));
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Djava.io.tmpdir=" + tmp));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString()));
        command.addAll(args);
        Path out = logDir.resolve("hexmirror.out");
        Path err = logDir.resolve("hexmirror.err");
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        return new HexmirrorProcess(process, out, err);
    }

    /** The java that runs these tests. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The mirror URL that {@code hexmirror serve} prints once it listens, waiting up to 30 seconds.
     *
     * @throws AssertionError when the process exits or prints nothing in time (with its output)
     */
    URI awaitServing() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Optional<URI> uri = Files.readAllLines(stdout, UTF_8).stream().map(SERVING::matcher).filter(Matcher::find)
                    .map(m -> URI.create(m.group(1))).findFirst();
            if (uri.isPresent()) {
                return uri.get();
            }
            if (!process.isAlive()) {
                throw new AssertionError("hexmirror exited with " + process.exitValue() + " before serving:" + output());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("hexmirror did not start serving within 30 s:" + output());
    }

    /** Sends SIGTERM, as {@code systemctl stop} and {@code kill} do. */
    void terminate() {
        process.destroy();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * The exit status, waiting up to {@code timeout} for the process to end.
     *
     * @throws AssertionError when it is still running then (it is killed)
     */
    int awaitExit(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("hexmirror did not exit within " + timeout + ":" + output());
        }
        return process.exitValue();
    }

    /** Standard output and standard error (the log, with the access log), for assertions and failure messages. */
    String output() throws IOException {
        return "\nstdout:\n" + Files.readString(stdout, UTF_8) + "\nstderr:\n" + Files.readString(stderr, UTF_8);
    }

    String log() throws IOException {
        return Files.readString(stderr, UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
