package io.hexmirror.testkit.clients;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A rebar3 project with its own {@code HOME}, pointed at a Hex repository. Configure it, then
 * {@link #run} rebar3 in it: each run (re)writes the global config
 * ({@code HOME/.config/rebar3/rebar.config}), the project's {@code rebar.config} and
 * {@code src/APP.app.src}, then starts rebar3 with {@code HOME} set to the throwaway home and
 * {@code HEX_CDN} to the repository URL. Proxy variables and inherited {@code HEX_*},
 * {@code REBAR_*} and {@code XDG_*} variables are removed so that the machine's settings cannot
 * redirect or satisfy requests. Not thread-safe.
 */
public final class Rebar3Project {
    private static final Pattern LOCKED_PACKAGE =
            Pattern.compile("\\{<<\"([^\"]+)\">>,\\s*\\{pkg,\\s*<<\"([^\"]+)\">>,\\s*<<\"([^\"]+)\">>");
    private static final List<String> DROPPED_VARIABLE_PREFIXES = List.of("HEX_", "REBAR_", "XDG_");
    private static final List<String> PROXY_VARIABLES = List.of(
            "http_proxy", "https_proxy", "all_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY");

    private final Rebar3 rebar3;
    private final Path home;
    private final Path projectDir;
    private final Path logDir;
    private final Map<String, String> dependencies = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private String appName = "myapp";
    private URI hexCdn;
    private URI apiUrl;
    private String publicKeyPem;
    private boolean verify = true;
    private Duration timeout = Duration.ofMinutes(2);
    private int runs;

    Rebar3Project(Rebar3 rebar3, Path directory) {
        this.rebar3 = rebar3;
        this.home = directory.resolve("home");
        this.projectDir = directory.resolve("project");
        this.logDir = directory;
    }

    /**
     * Points rebar3's {@code hexpm} repository at {@code url} (through {@code HEX_CDN}) and gives it
     * the repository's public key (PEM), which rebar3 uses to verify registry signatures.
     */
    public Rebar3Project hexRepository(URI url, String publicKeyPem) {
        this.hexCdn = requireNonNull(url, "url is null");
        this.publicKeyPem = requireNonNull(publicKeyPem, "publicKeyPem is null");
        return this;
    }

    /**
     * The Hex HTTP API of the {@code hexpm} repository ({@code api_url} in its repo config), for
     * {@code rebar3 pkgs}. Needs {@link #hexRepository}, which writes the repo config.
     */
    public Rebar3Project apiUrl(URI url) {
        this.apiUrl = requireNonNull(url, "url is null");
        return this;
    }

    /** Whether rebar3 verifies registry signatures ({@code repo_verify}); on by default. */
    public Rebar3Project verifySignatures(boolean enabled) {
        this.verify = enabled;
        return this;
    }

    /** Adds {@code {NAME, "REQUIREMENT"}} to the project's deps. */
    public Rebar3Project dependency(String name, String requirement) {
        dependencies.put(requireNonNull(name, "name is null"), requireNonNull(requirement, "requirement is null"));
        return this;
    }

    /** The project's own application name; {@code myapp} by default. */
    public Rebar3Project appName(String name) {
        this.appName = requireNonNull(name, "name is null");
        return this;
    }

    /** An extra environment variable for rebar3 (for example {@code DEBUG=1} for verbose output). */
    public Rebar3Project env(String name, String value) {
        environment.put(requireNonNull(name, "name is null"), requireNonNull(value, "value is null"));
        return this;
    }

    /** How long one run may take before it is killed; 2 minutes by default. */
    public Rebar3Project timeout(Duration limit) {
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

    public Path directory() {
        return projectDir;
    }

    /** Where rebar3 unpacks a dependency: {@code _build/default/lib/APP}. */
    public Path libDir(String app) {
        return projectDir.resolve("_build").resolve("default").resolve("lib").resolve(app);
    }

    public Path lockFile() {
        return projectDir.resolve("rebar.lock");
    }

    /**
     * The package versions recorded in {@code rebar.lock}, by application name; empty when there is
     * no lock file yet.
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

    /** Runs {@code rebar3 get-deps}. */
    public ClientResult getDeps() throws IOException {
        return run("get-deps");
    }

    /**
     * Writes the configuration and runs rebar3 with the given arguments, waiting at most the
     * timeout. The output is kept in {@code DIRECTORY/rebar3-N.log}.
     *
     * @throws IOException when the files cannot be written or rebar3 cannot start
     */
    public ClientResult run(String... args) throws IOException {
        writeFiles();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", home.toString());
        env.put("REBAR_COLOR", "none"); // plain output for assertions and logs
        if (hexCdn != null) {
            env.put("HEX_CDN", hexCdn.toString());
        }
        env.putAll(environment);
        return ClientProcess.run(rebar3.command(List.of(args)), projectDir,
                k -> PROXY_VARIABLES.contains(k) || DROPPED_VARIABLE_PREFIXES.stream().anyMatch(k::startsWith), env,
                logDir.resolve("rebar3-" + (++runs) + ".log"), timeout);
    }

    private void writeFiles() throws IOException {
        Path configDir = home.resolve(".config").resolve("rebar3");
        Files.createDirectories(configDir);
        Files.createDirectories(projectDir.resolve("src"));
        if (publicKeyPem != null) {
            Files.writeString(configDir.resolve("rebar.config"), globalConfig(), UTF_8);
        }
        String deps = dependencies.entrySet().stream()
                .map(d -> "{" + atom(d.getKey()) + ", " + string(d.getValue()) + "}")
                .collect(Collectors.joining(",\n        ", "[", "]"));
        Files.writeString(projectDir.resolve("rebar.config"), "{erl_opts, [debug_info]}.\n{deps, " + deps + "}.\n",
                UTF_8);
        Files.writeString(projectDir.resolve("src").resolve(appName + ".app.src"),
                "{application, " + atom(appName) + ",\n"
                        + " [{description, \"A project that depends on Hex packages\"},\n"
                        + "  {vsn, \"0.1.0\"},\n"
                        + "  {registered, []},\n"
                        + "  {applications, [kernel, stdlib]},\n"
                        + "  {env, []},\n"
                        + "  {modules, []}\n"
                        + " ]}.\n",
                UTF_8);
    }

    /** rebar3 3.19 requires repo_public_key even when verification is off. */
    private String globalConfig() {
        return "{hex, [{repos, [#{name => <<\"hexpm\">>,\n"
                + "                  repo_public_key => <<" + string(publicKeyPem) + ">>"
                + (verify ? "" : ",\n                  repo_verify => false")
                + (apiUrl == null ? "" : ",\n                  api_url => <<" + string(apiUrl.toString()) + ">>")
                + "}]}]}.\n";
    }

    private static String string(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String atom(String name) {
        return name.matches("[a-z][A-Za-z0-9_@]*") ? name : "'" + name.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
