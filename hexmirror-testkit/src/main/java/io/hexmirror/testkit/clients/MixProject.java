package io.hexmirror.testkit.clients;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Mix project with its own {@code HOME}, {@code MIX_HOME} and {@code HEX_HOME}, pointed at a Hex
 * repository. Configure it, then {@link #run} Mix in it.
 *
 * <p>Before the first command that needs Hex, the project installs the Hex client archive into its
 * {@code MIX_HOME} ({@code mix archive.install ARCHIVE --force}) and, when a public key is given,
 * trusts it for the {@code hexpm} repository ({@code mix hex.repo set hexpm --public-key FILE}).
 * Each run (re)writes {@code mix.exs} and starts Mix with the private homes, the configured
 * {@code HEX_MIRROR_URL}, {@code HEX_MIRROR} and {@code HEX_API_URL}, and nothing else from the
 * machine: proxy variables and inherited {@code HEX_*}, {@code MIX_*} and {@code XDG_*} variables
 * are removed so that the machine's settings cannot redirect or satisfy requests. Not thread-safe.
 */
public final class MixProject {
    private static final Pattern LOCKED_PACKAGE =
            Pattern.compile("\"([^\"]+)\":\\s*\\{:hex,\\s*:\"?([^,\"]+)\"?,\\s*\"([^\"]+)\"");
    private static final List<String> DROPPED_VARIABLE_PREFIXES = List.of("HEX_", "MIX_", "XDG_");
    private static final List<String> DROPPED_VARIABLES = List.of("ERL_LIBS", "ERL_AFLAGS", "ERL_ZFLAGS",
            "ELIXIR_ERL_OPTIONS", "http_proxy", "https_proxy", "all_proxy", "no_proxy",
            "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY");

    private final Mix mix;
    private final Path directory;
    private final Path home;
    private final Path mixHome;
    private final Path hexHome;
    private final Path projectDir;
    private final Map<String, String> dependencies = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private String appName = "myapp";
    private URI hexMirrorUrl;
    private URI hexMirror;
    private URI hexApiUrl;
    private String publicKeyPem;
    private boolean installHexArchive = true;
    private boolean hexArchiveInstalled;
    private boolean publicKeyApplied;
    private Duration timeout = Duration.ofMinutes(2);
    private int runs;

    MixProject(Mix mix, Path directory) {
        this.mix = mix;
        this.directory = directory;
        this.home = directory.resolve("home");
        this.mixHome = directory.resolve("mix-home");
        this.hexHome = directory.resolve("hex-home");
        this.projectDir = directory.resolve("project");
    }

    /** The repository Hex fetches registry files, tarballs and docs from ({@code HEX_MIRROR_URL}). */
    public MixProject hexMirror(URI url) {
        this.hexMirrorUrl = requireNonNull(url, "url is null");
        return this;
    }

    /**
     * Where {@code mix local.hex}/{@code mix local.rebar} (Elixir 1.14) and Hex's update check look
     * for {@code /installs/} ({@code HEX_MIRROR}).
     */
    public MixProject installerMirror(URI url) {
        this.hexMirror = requireNonNull(url, "url is null");
        return this;
    }

    /** The Hex HTTP API ({@code HEX_API_URL}), for {@code mix hex.info} and searches. */
    public MixProject apiUrl(URI url) {
        this.hexApiUrl = requireNonNull(url, "url is null");
        return this;
    }

    /**
     * The public key (PEM) Hex verifies the {@code hexpm} repository's registry files with, set
     * with {@code mix hex.repo set hexpm --public-key} before the next command. Without it Hex
     * trusts only hex.pm's own key.
     */
    public MixProject repositoryPublicKey(String publicKeyPem) {
        this.publicKeyPem = requireNonNull(publicKeyPem, "publicKeyPem is null");
        this.publicKeyApplied = false;
        return this;
    }

    /**
     * Leaves the Hex client archive out, as on a machine with only Elixir (to test
     * {@code mix local.hex}). Hex is installed by default.
     */
    public MixProject withoutHexArchive() {
        this.installHexArchive = false;
        return this;
    }

    /** Adds {@code {:NAME, "REQUIREMENT"}} to the project's deps. */
    public MixProject dependency(String name, String requirement) {
        dependencies.put(requireNonNull(name, "name is null"), requireNonNull(requirement, "requirement is null"));
        return this;
    }

    /** The project's own application name; {@code myapp} by default. */
    public MixProject appName(String name) {
        if (!requireNonNull(name, "name is null").matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a Mix application name: " + name);
        }
        this.appName = name;
        return this;
    }

    /** An extra environment variable for Mix (for example {@code HEX_DEBUG=1}). */
    public MixProject env(String name, String value) {
        environment.put(requireNonNull(name, "name is null"), requireNonNull(value, "value is null"));
        return this;
    }

    /** How long one run may take before it is killed; 2 minutes by default. */
    public MixProject timeout(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + limit);
        }
        this.timeout = limit;
        return this;
    }

    /** The throwaway {@code HOME}. */
    public Path home() {
        return home;
    }

    /** The private {@code MIX_HOME}: archives ({@code archives/hex-*}), {@code rebar3}, public keys. */
    public Path mixHome() {
        return mixHome;
    }

    /** The private {@code HEX_HOME}: Hex's config, package cache and fetched docs ({@code docs/}). */
    public Path hexHome() {
        return hexHome;
    }

    public Path directory() {
        return projectDir;
    }

    /** Where {@code mix deps.get} unpacks a dependency: {@code deps/NAME}. */
    public Path depDir(String app) {
        return projectDir.resolve("deps").resolve(app);
    }

    /**
     * Where {@code mix hex.docs fetch} puts a release's docs: {@code HEX_HOME/docs/hexpm/NAME/VERSION}
     * (Hex 2.5.1 keeps docs in its data home, which {@code HEX_HOME} sets).
     */
    public Path docsDir(String name, String version) {
        return hexHome.resolve("docs").resolve("hexpm").resolve(name).resolve(version);
    }

    public Path lockFile() {
        return projectDir.resolve("mix.lock");
    }

    /**
     * The package versions recorded in {@code mix.lock}, by dependency name; empty when there is no
     * lock file yet.
     */
    public Map<String, String> lockedVersions() throws IOException {
        if (!Files.exists(lockFile())) {
            return Map.of();
        }
        Map<String, String> versions = new TreeMap<>();
        Matcher m = LOCKED_PACKAGE.matcher(Files.readString(lockFile(), UTF_8));
        while (m.find()) {
            versions.put(m.group(1), m.group(3));
        }
        return versions;
    }

    /** Runs {@code mix deps.get}. */
    public ClientResult getDeps() throws IOException {
        return run("deps.get");
    }

    /** Runs {@code mix hex.docs fetch NAME VERSION}. */
    public ClientResult fetchDocs(String name, String version) throws IOException {
        return run("hex.docs", "fetch", requireNonNull(name, "name is null"), requireNonNull(version, "version is null"));
    }

    /** Runs {@code mix hex.docs fetch NAME} (the newest version, which Hex asks the API for). */
    public ClientResult fetchDocs(String name) throws IOException {
        return run("hex.docs", "fetch", requireNonNull(name, "name is null"));
    }

    /**
     * Adds {@code publicKeyPem} to the keys Mix trusts for installer CSVs
     * ({@code mix local.public_keys FILE --force}, into this project's {@code MIX_HOME}).
     */
    public ClientResult trustInstallerKey(String publicKeyPem) throws IOException {
        Path file = directory.resolve("installer-key-" + (runs + 1) + ".pem");
        Files.createDirectories(directory);
        Files.writeString(file, requireNonNull(publicKeyPem, "publicKeyPem is null"), UTF_8);
        return runOutsideProject(List.of("local.public_keys", file.toString(), "--force"));
    }

    /** Runs {@code mix local.hex --force}: installs Hex from {@code HEX_MIRROR}'s {@code /installs/}. */
    public ClientResult localHex() throws IOException {
        return runOutsideProject(List.of("local.hex", "--force"));
    }

    /** Runs {@code mix local.rebar --force}: installs rebar3 from {@code HEX_MIRROR}'s {@code /installs/}. */
    public ClientResult localRebar() throws IOException {
        return runOutsideProject(List.of("local.rebar", "--force"));
    }

    /**
     * Sets up Hex when needed, writes {@code mix.exs} and runs Mix with the given arguments in the
     * project, waiting at most the timeout. The output is kept in {@code DIRECTORY/mix-N.log}.
     *
     * @throws IOException when the files cannot be written, Mix cannot start, or setting up Hex fails
     */
    public ClientResult run(String... args) throws IOException {
        setUpHex();
        writeProjectFiles();
        return execute(List.of(args), projectDir);
    }

    /** Runs Mix with the given arguments outside any project (in {@code HOME}), without setting up Hex. */
    public ClientResult runOutsideProject(List<String> args) throws IOException {
        Files.createDirectories(home);
        return execute(args, home);
    }

    private void setUpHex() throws IOException {
        Files.createDirectories(home);
        if (installHexArchive && !hexArchiveInstalled) {
            ClientResult installed = execute(
                    List.of("archive.install", mix.hexArchive().toString(), "--force"), home);
            if (!installed.succeeded()) {
                throw new IOException("installing the Hex client archive failed: " + installed.describe());
            }
            hexArchiveInstalled = true;
        }
        if (publicKeyPem != null && !publicKeyApplied) {
            Path keyFile = directory.resolve("hexpm-public-key.pem");
            Files.writeString(keyFile, publicKeyPem, UTF_8);
            ClientResult set = execute(List.of("hex.repo", "set", "hexpm", "--public-key", keyFile.toString()), home);
            if (!set.succeeded()) {
                throw new IOException("trusting the repository's public key failed: " + set.describe());
            }
            publicKeyApplied = true;
        }
    }

    private void writeProjectFiles() throws IOException {
        Files.createDirectories(projectDir);
        String deps = dependencies.entrySet().stream()
                .map(d -> "{" + atom(d.getKey()) + ", " + string(d.getValue()) + "}")
                .collect(Collectors.joining(",\n      ", "[\n      ", "\n    ]"));
        String module = moduleName(appName);
        Files.writeString(projectDir.resolve("mix.exs"),
                "defmodule " + module + ".MixProject do\n"
                        + "  use Mix.Project\n\n"
                        + "  def project do\n"
                        + "    [app: :" + appName + ", version: \"0.1.0\", deps: deps()]\n"
                        + "  end\n\n"
                        + "  defp deps do\n"
                        + "    " + (dependencies.isEmpty() ? "[]" : deps) + "\n"
                        + "  end\n"
                        + "end\n",
                UTF_8);
    }

    private ClientResult execute(List<String> args, Path workDir) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", home.toString());
        env.put("MIX_HOME", mixHome.toString());
        env.put("HEX_HOME", hexHome.toString());
        env.put("LC_ALL", "C.UTF-8"); // Elixir warns on a latin1 VM; keeps output plain
        env.put("NO_COLOR", "1");
        if (hexMirrorUrl != null) {
            env.put("HEX_MIRROR_URL", hexMirrorUrl.toString());
        }
        if (hexMirror != null) {
            env.put("HEX_MIRROR", hexMirror.toString());
        }
        if (hexApiUrl != null) {
            env.put("HEX_API_URL", hexApiUrl.toString());
        }
        env.putAll(environment);
        return ClientProcess.run(mix.command(args), workDir,
                k -> DROPPED_VARIABLES.contains(k) || DROPPED_VARIABLE_PREFIXES.stream().anyMatch(k::startsWith), env,
                directory.resolve("mix-" + (++runs) + ".log"), timeout);
    }

    private static String moduleName(String app) {
        List<String> parts = new ArrayList<>();
        for (String part : app.split("_")) {
            if (!part.isEmpty()) {
                parts.add(Character.toUpperCase(part.charAt(0)) + part.substring(1));
            }
        }
        return String.join("", parts);
    }

    private static String string(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("#", "\\#") + "\"";
    }

    private static String atom(String name) {
        return name.matches("[a-z_][A-Za-z0-9_]*[?!]?") ? ":" + name : ":" + string(name);
    }
}
