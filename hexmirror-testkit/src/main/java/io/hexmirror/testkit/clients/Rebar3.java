package io.hexmirror.testkit.clients;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Drives a real rebar3 (Debian's package: rebar3 3.19 on Erlang/OTP 25) as a Hex client, so tests
 * can prove that what the project serves is accepted by a stock client.
 *
 * <pre>{@code
 * Rebar3 rebar3 = Rebar3.locate();                       // fails with an install hint if missing
 * Rebar3Project project = rebar3.project(tempDir)
 *         .hexRepository(server.baseUri(), repo.publicKeyPem())
 *         .dependency("plug", "~> 1.10");
 * ClientResult result = project.getDeps();
 * result.requireSuccess();
 * assertThat(project.libDir("plug")).isDirectory();
 * }</pre>
 *
 * The executable is taken from the system property {@value #PROPERTY}, else the environment
 * variable {@value #ENVIRONMENT}, else the first {@code rebar3} on {@code PATH}. Immutable and
 * thread-safe.
 */
public final class Rebar3 {
    /** System property naming the rebar3 executable. */
    public static final String PROPERTY = "hexmirror.rebar3";
    /** Environment variable naming the rebar3 executable. */
    public static final String ENVIRONMENT = "REBAR3";
    /** What to do when rebar3 is missing; part of the error message. */
    public static final String INSTALL_HINT = "install it with `apt-get update && apt-get install -y rebar3`";

    private static final Pattern VERSION = Pattern.compile("rebar (\\S+) on Erlang/OTP (\\S+)");

    private final Path executable;

    private Rebar3(Path executable) {
        this.executable = executable;
    }

    /**
     * The installed rebar3.
     *
     * @throws IllegalStateException when no rebar3 is found; the message says how to install it
     */
    public static Rebar3 locate() {
        return find().map(Rebar3::new).orElseThrow(() -> new IllegalStateException(
                "rebar3 not found (looked at -D" + PROPERTY + ", $" + ENVIRONMENT + " and PATH): " + INSTALL_HINT));
    }

    /** A rebar3 at a known location. */
    public static Rebar3 at(Path executable) {
        if (!Files.isExecutable(requireNonNull(executable, "executable is null"))) {
            throw new IllegalArgumentException(executable + " is not an executable file");
        }
        return new Rebar3(executable);
    }

    /** The rebar3 executable, if one is installed. */
    public static Optional<Path> find() {
        return Executables.find(PROPERTY, ENVIRONMENT, "rebar3");
    }

    public Path executable() {
        return executable;
    }

    /**
     * A fresh project in {@code directory}: a throwaway {@code HOME} in {@code directory/home} (so
     * no global config or package cache leaks in or out) and the project in
     * {@code directory/project}. Nothing is written until the project runs.
     */
    public Rebar3Project project(Path directory) {
        return new Rebar3Project(this, requireNonNull(directory, "directory is null"));
    }

    /**
     * The output of {@code rebar3 version}, such as {@code rebar 3.19.0 on Erlang/OTP 25 Erts 13.1.5}.
     *
     * @throws IOException when rebar3 cannot run or fails
     */
    public String version(Path scratch) throws IOException {
        ClientResult result = project(scratch).timeout(Duration.ofMinutes(1)).run("version");
        if (!result.succeeded()) {
            throw new IOException("rebar3 version failed: " + result.describe());
        }
        return result.output().lines().filter(l -> VERSION.matcher(l).find()).findFirst()
                .orElse(result.output().strip());
    }

    List<String> command(List<String> args) {
        return Stream.concat(Stream.of(executable.toString()), args.stream()).toList();
    }
}
