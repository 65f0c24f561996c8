package io.hexmirror.testkit.clients;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Drives a real Mix (Debian's {@code elixir} package: Elixir 1.14) with the real Hex client for Mix
 * (the vendored Hex 2.5.1 archive), so tests can prove that what the project serves is accepted by
 * a stock Elixir developer's tools.
 *
 * <pre>{@code
 * Mix mix = Mix.locate();                               // fails with an install hint if missing
 * MixProject project = mix.project(tempDir)
 *         .hexMirror(server.baseUri())                  // HEX_MIRROR_URL
 *         .repositoryPublicKey(repo.publicKeyPem())     // mix hex.repo set hexpm --public-key
 *         .dependency("plug", "~> 1.10");
 * project.getDeps().requireSuccess();
 * assertThat(project.depDir("plug")).isDirectory();
 * }</pre>
 *
 * The executable is taken from the system property {@value #PROPERTY}, else the environment
 * variable {@value #ENVIRONMENT}, else the first {@code mix} on {@code PATH}. The Hex archive is
 * taken from the environment variable {@value #HEX_EZ_ENVIRONMENT} (the build sets it) and must
 * have the SHA-256 {@value #HEX_EZ_SHA256}; a missing or different archive is an error, never a
 * skipped test. Immutable and thread-safe.
 */
public final class Mix {
    /** System property naming the mix executable. */
    public static final String PROPERTY = "hexmirror.mix";
    /** Environment variable naming the mix executable (not {@code MIX_*}: those are Mix's own). */
    public static final String ENVIRONMENT = "HEXMIRROR_MIX";
    /** Environment variable naming the Hex client archive ({@code hex-2.5.1.ez}). */
    public static final String HEX_EZ_ENVIRONMENT = "HEXMIRROR_HEX_EZ";
    /** SHA-256 of the vendored Hex 2.5.1 archive (third_party/hex). */
    public static final String HEX_EZ_SHA256 = "762d8275c864d8b3056d84af99ab1fec7fe3aa0025316859e6141d25b36abd8a";
    /** The version of the vendored Hex client. */
    public static final String HEX_VERSION = "2.5.1";
    /** What to do when Mix is missing; part of the error message. */
    public static final String INSTALL_HINT = "install it with `apt-get update && apt-get install -y elixir`";

    private final Path executable;
    private final Path hexArchive;

    private Mix(Path executable, Path hexArchive) {
        this.executable = executable;
        this.hexArchive = hexArchive;
    }

    /**
     * The installed Mix with the Hex archive named by {@value #HEX_EZ_ENVIRONMENT}.
     *
     * @throws IllegalStateException when Mix or the archive is missing, or the archive is not the
     *         vendored Hex 2.5.1; the message says what to do
     */
    public static Mix locate() {
        Path mix = find().orElseThrow(() -> new IllegalStateException(
                "mix not found (looked at -D" + PROPERTY + ", $" + ENVIRONMENT + " and PATH): " + INSTALL_HINT));
        String archive = System.getenv(HEX_EZ_ENVIRONMENT);
        if (archive == null || archive.isBlank()) {
            throw new IllegalStateException("$" + HEX_EZ_ENVIRONMENT + " is not set: it must name the Hex client"
                    + " archive third_party/hex/hex-" + HEX_VERSION + ".ez (the parent pom sets it for surefire and"
                    + " failsafe; set it yourself when running tests another way)");
        }
        return at(mix, Path.of(archive));
    }

    /**
     * A Mix at a known location with a known Hex archive.
     *
     * @throws IllegalStateException when the archive is missing or its SHA-256 is not {@value #HEX_EZ_SHA256}
     */
    public static Mix at(Path executable, Path hexArchive) {
        if (!Files.isExecutable(requireNonNull(executable, "executable is null"))) {
            throw new IllegalArgumentException(executable + " is not an executable file");
        }
        requireNonNull(hexArchive, "hexArchive is null");
        if (!Files.isRegularFile(hexArchive)) {
            throw new IllegalStateException("the Hex client archive " + hexArchive + " (from $" + HEX_EZ_ENVIRONMENT
                    + ") does not exist");
        }
        String actual = sha256(hexArchive);
        if (!actual.equals(HEX_EZ_SHA256)) {
            throw new IllegalStateException("the Hex client archive " + hexArchive + " has SHA-256 " + actual
                    + ", expected " + HEX_EZ_SHA256 + " (the vendored hex-" + HEX_VERSION + ".ez)");
        }
        return new Mix(executable, hexArchive);
    }

    /** The mix executable, if one is installed. */
    public static Optional<Path> find() {
        String configured = System.getProperty(PROPERTY, System.getenv(ENVIRONMENT));
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String searchPath = System.getenv("PATH");
        if (searchPath == null) {
            return Optional.empty();
        }
        return Stream.of(searchPath.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "mix"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    public Path executable() {
        return executable;
    }

    /** The verified Hex client archive ({@code hex-2.5.1.ez}). */
    public Path hexArchive() {
        return hexArchive;
    }

    /**
     * A fresh project in {@code directory}: throwaway {@code HOME}, {@code MIX_HOME} and
     * {@code HEX_HOME} under it (so no global config, archive or package cache leaks in or out)
     * and the project in {@code directory/project}. Nothing is written until the project runs.
     */
    public MixProject project(Path directory) {
        return new MixProject(this, requireNonNull(directory, "directory is null"));
    }

    List<String> command(List<String> args) {
        return Stream.concat(Stream.of(executable.toString()), args.stream()).toList();
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the Hex client archive " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JVM has SHA-256", e);
        }
    }
}
