package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.cli.ExitCodes;
import io.hexmirror.internal.sync.MirroredReleases;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.RepositoryKeys;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import io.hexmirror.testkit.upstream.TarballChecksums;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The selection options of {@code hexmirror sync}, {@code plan} and {@code keygen} end to end: the
 * command line against the fake upstream built from the real registry snapshot, with lock files as
 * Mix and rebar3 write them (carrying the fake upstream's checksums, as a project resolved against
 * it would record).
 */
class SelectionCommandsTest {
    private static final List<String> MIME_1 = List.of("1.0.0", "1.0.1", "1.1.0", "1.2.0", "1.3.0", "1.3.1", "1.4.0");
    private static final List<String> PLUG_1_10 = List.of("1.10.0", "1.10.1", "1.10.2", "1.10.3", "1.10.4");
    private static final List<String> TELEMETRY_0_4 = List.of("0.4.0", "0.4.1", "0.4.2");

    static FakeHexRepository upstream;
    static FakeUpstreamServer server;

    @TempDir
    Path dir;

    Path upstreamKey;
    Path mirror;

    @BeforeAll
    static void startUpstream() {
        upstream = RegistrySnapshot.upstream();
        server = FakeUpstreamServer.start(upstream);
    }

    @AfterAll
    static void stopUpstream() {
        server.close();
    }

    @BeforeEach
    void paths() throws IOException {
        upstreamKey = Files.writeString(dir.resolve("upstream.pem"), upstream.publicKeyPem());
        mirror = dir.resolve("mirror");
    }

    @Test
    void mixLockMirrorsItsHexReleasesWithTheirClosureAndSkipsGitAndPathDependencies() throws Exception {
        Path lock = Files.writeString(Files.createDirectories(dir.resolve("app")).resolve("mix.lock"), mixLock());

        CommandRun run = sync("--lock", lock.toString());

        assertThat(run.exitCode()).as(run.describe()).isZero();
        // plug 1.10.4 is locked; its requirements bring every release they match: mime ~> 1.0,
        // plug_crypto ~> 1.1.1 or ~> 1.2 and telemetry ~> 0.4 (the locked mime 1.4.0, plug_crypto
        // 1.1.2 and telemetry 0.4.2 among them).
        assertMirrorHoldsExactly(Map.of(
                "plug", List.of("1.10.4"), "mime", MIME_1, "plug_crypto", List.of("1.1.1", "1.1.2"),
                "telemetry", TELEMETRY_0_4));
        assertThat(run.log())
                .contains(lock + ":5: skipped \"ecto\": a :git dependency is not a Hex package")
                .contains(lock + ":7: skipped \"my_utils\": a :path dependency is not a Hex package");

        // verify knows the releases left out on purpose from missing ones.
        CommandRun verify = CommandRun.of("verify", "--upstream-key", upstreamKey.toString(), mirror.toString());
        assertThat(verify.exitCode()).as(verify.describe()).isZero();
        // plug 89 + mime 8 + plug_crypto 4 + telemetry 6 releases are listed, 13 of them mirrored.
        assertThat(verify.out()).contains("4 package files and 13 tarballs checked")
                .contains(", 94 listed releases left out by the selection, 0 problem(s): sound");
    }

    @Test
    void badSelectionInputIsAUsageErrorNamingWhereItIs() throws Exception {
        CommandRun requirement = sync("--package", "plug:~> 1");
        assertThat(requirement.exitCode()).as(requirement.describe()).isEqualTo(ExitCodes.USAGE);
        assertThat(requirement.err()).startsWith("hexmirror: error: --package plug:~> 1: invalid requirement \"~> 1\"")
                .doesNotContain("bug");

        Path lock = Files.writeString(dir.resolve("mix.lock"), "%{\n  \"plug\": {:hex, :plug, \"1.10\", \"00\", [:mix], []},\n}\n");
        CommandRun malformed = sync("--lock", lock.toString());
        assertThat(malformed.exitCode()).as(malformed.describe()).isEqualTo(ExitCodes.USAGE);
        assertThat(malformed.err()).startsWith("hexmirror: error: " + lock + ":2:").contains("version of \"plug\"")
                .doesNotContain("bug");

        Path missing = dir.resolve("no/such/rebar.lock");
        CommandRun absent = sync("--lock", missing.toString());
        // A file the user names is input: a missing one is a usage error like a malformed one.
        assertThat(absent.exitCode()).as(absent.describe()).isEqualTo(ExitCodes.USAGE);
        assertThat(absent.err()).isEqualTo("hexmirror: error: lock file " + missing + " does not exist\n");
        assertThat(regularFiles(mirror)).isEmpty();
    }

    @Test
    void rebarLockMirrorsPkgEntriesByPackageNameAndSkipsGitDependencies() throws Exception {
        Path lock = Files.writeString(dir.resolve("rebar.lock"), rebarLock());

        CommandRun run = sync("--lock", lock.toString(), "--no-optional");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        // db_connection 2.2.2 needs connection ~> 1.0.2; the app "json" is the package jason, whose
        // decimal dependency is optional.
        assertMirrorHoldsExactly(Map.of(
                "db_connection", List.of("2.2.2"), "connection", List.of("1.0.2", "1.0.3", "1.0.4"),
                "jason", List.of("1.2.1")));
        assertThat(run.log()).contains(lock + ":5: skipped \"meck\": a git dependency is not a Hex package");
    }

    @Test
    void aLockedChecksumThatDiffersFromTheRegistryExitsThreeAndWritesNothing() throws Exception {
        // A mix.lock resolved against hex.pm records hex.pm's checksums; this upstream built its own
        // tarballs, so plug 1.10.4's outer checksum differs.
        String hexpmOuter = RegistrySnapshot.find("plug").orElseThrow().releases().stream()
                .filter(r -> r.version().equals("1.10.4")).findFirst().orElseThrow().outerChecksum();
        String text = mixLock().replace(upstream.tarballChecksums("plug", "1.10.4").outer(), hexpmOuter);
        Path lock = Files.writeString(dir.resolve("mix.lock"), text);

        CommandRun run = sync("--lock", lock.toString());

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(run.err()).startsWith("hexmirror: error: lock file checksums differ from the upstream registry: plug 1.10.4"
                + " outer checksum is " + hexpmOuter + " in the lock file but " + upstream.tarballChecksums("plug", "1.10.4").outer()
                + " upstream");
        assertThat(regularFiles(mirror)).isEmpty();
    }

    @Test
    void selectionFileCombinesPackagesLocksExcludesAndOptions() throws Exception {
        Files.writeString(Files.createDirectories(dir.resolve("locks")).resolve("rebar.lock"), rebarLock());
        Path selection = Files.writeString(dir.resolve("hexmirror.selection"), """
                # What the team's services need.
                package plug ~> 1.10        # the web stack
                lock locks/rebar.lock       # relative to this file
                exclude telemetry
                option include-optional false
                """);

        CommandRun run = sync("--selection", selection.toString());

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertMirrorHoldsExactly(Map.of(
                "plug", PLUG_1_10, "mime", MIME_1, "plug_crypto", List.of("1.1.1", "1.1.2"),
                "db_connection", List.of("2.2.2"), "connection", List.of("1.0.2", "1.0.3", "1.0.4"),
                "jason", List.of("1.2.1")));
    }

    @Test
    void excludeOnTheCommandLineCutsTheClosure() throws Exception {
        CommandRun run = sync("--package", "plug:~> 1.10", "--exclude", "telemetry", "--exclude", "plug_crypto");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertMirrorHoldsExactly(Map.of("plug", PLUG_1_10, "mime", MIME_1));
    }

    @Test
    void planPrintsTheNumbersAndWritesNothing() throws Exception {
        assertThat(sync("--package", "plug:~> 1.10").exitCode()).isZero();
        Map<String, String> before = contents(mirror);

        // phoenix 1.5.4 without optional deps is 19 releases; 17 of them (plug ~> 1.10's closure)
        // are in the mirror already, phoenix 1.5.4 and phoenix_pubsub 2.0.0 are not.
        long missing = tarballSize("phoenix", "1.5.4") + tarballSize("phoenix_pubsub", "2.0.0");
        String expected = "plan for " + mirror + " (nothing was written)\n"
                + "  packages: 6 to fetch and check, 0 to remove\n"
                + "  releases: 19 selected, 17 already in the mirror, 2 to download\n"
                + "  download: " + String.format(Locale.ROOT, "%.1f KiB", missing / 1024.0) + "\n";
        for (String command : List.of("plan", "sync")) {
            List<String> args = new ArrayList<>(List.of(command, "--upstream", server.baseUri().toString(),
                    "--upstream-key", upstreamKey.toString(), "--package", "phoenix:== 1.5.4", "--no-optional",
                    "--docs", "none"));
            if (command.equals("sync")) {
                args.add("--dry-run");
            }
            args.add(mirror.toString());
            CommandRun run = CommandRun.of(args.toArray(String[]::new));

            assertThat(run.exitCode()).as(run.describe()).isZero();
            assertThat(run.out()).as(command).isEqualTo(expected);
            assertThat(contents(mirror)).as(command).isEqualTo(before);
        }
    }

    @Test
    void keygenThenResignedSyncThenVerifyWithTheMirrorsKey() throws Exception {
        Path keys = dir.resolve("keys");
        CommandRun keygen = CommandRun.of("keygen", keys.toString());

        assertThat(keygen.exitCode()).as(keygen.describe()).isZero();
        Path privateKey = keys.resolve("private_key.pem");
        Path publicKey = keys.resolve("public_key.pem");
        assertThat(Files.getPosixFilePermissions(privateKey))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(RepositoryKeys.publicKeyOf(RepositoryKeys.readPrivateKey(privateKey)))
                .isEqualTo(RepositoryKeys.readPublicKey(publicKey));

        byte[] privateBefore = Files.readAllBytes(privateKey);
        CommandRun again = CommandRun.of("keygen", keys.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCodes.IO_ERROR);
        assertThat(again.err()).contains(privateKey + " already exists");
        assertThat(Files.readAllBytes(privateKey)).isEqualTo(privateBefore);

        CommandRun sync = sync("--package", "db_connection:~> 2.2", "--registry", "resign", "--signing-key", privateKey.toString());
        assertThat(sync.exitCode()).as(sync.describe()).isZero();
        RegistryReader mirrorReader = new RegistryReader(RepositoryKeys.readPublicKey(publicKey), FakeHexRepository.HEXPM);
        assertThat(mirrorReader.readPackage("db_connection", Files.readAllBytes(mirror.resolve("packages/db_connection")))
                .getReleasesList()).extracting(Release::getVersion).containsExactly("2.2.0", "2.2.1", "2.2.2");
        assertThat(Files.readString(mirror.resolve("public_key"))).isEqualTo(Files.readString(publicKey));

        CommandRun verify = CommandRun.of("verify", "--upstream-key", publicKey.toString(), mirror.toString());
        assertThat(verify.exitCode()).as(verify.describe()).isZero();
        assertThat(verify.out()).contains("2 package files and 6 tarballs checked").contains("sound");

        // Upstream's key does not verify what the mirror re-signed.
        CommandRun wrongKey = CommandRun.of("verify", "--upstream-key", upstreamKey.toString(), mirror.toString());
        assertThat(wrongKey.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(wrongKey.out()).contains("corrupt packages/db_connection").contains("NOT sound");
    }

    // ------------------------------------------------------------------ helpers

    private CommandRun sync(String... options) {
        List<String> args = new ArrayList<>(List.of("sync", "--quiet", "--upstream", server.baseUri().toString(),
                "--upstream-key", upstreamKey.toString()));
        args.addAll(List.of(options));
        args.add(mirror.toString());
        return CommandRun.of(args.toArray(String[]::new));
    }

    /**
     * A Phoenix-era mix.lock as Mix 1.10 writes it: Hex entries with inner checksum, build tools,
     * dependencies, repository and outer checksum; a git and a path dependency.
     */
    private static String mixLock() {
        return "%{\n"
                + mixEntry("mime", "1.4.0", "[:mix]", "[]")
                + mixEntry("plug", "1.10.4", "[:mix]", "[{:mime, \"~> 1.0\", [hex: :mime, repo: \"hexpm\", optional: false]},"
                        + " {:plug_crypto, \"~> 1.1.1 or ~> 1.2\", [hex: :plug_crypto, repo: \"hexpm\", optional: false]},"
                        + " {:telemetry, \"~> 0.4\", [hex: :telemetry, repo: \"hexpm\", optional: false]}]")
                + mixEntry("plug_crypto", "1.1.2", "[:mix]", "[]")
                + "  \"ecto\": {:git, \"https://github.com/elixir-ecto/ecto.git\", \"2d564df57d29ef021c564af36d5fa14ab3e68ba2\","
                        + " [branch: \"v3.4\"]},\n"
                + mixEntry("telemetry", "0.4.2", "[:rebar3]", "[]")
                + "  \"my_utils\": {:path, \"../my_utils\", [in_umbrella: true]},\n"
                + "}\n";
    }

    private static String mixEntry(String name, String version, String buildTools, String deps) {
        TarballChecksums checksums = upstream.tarballChecksums(name, version);
        return "  \"" + name + "\": {:hex, :" + name + ", \"" + version + "\", \"" + checksums.inner() + "\", " + buildTools
                + ", " + deps + ", \"hexpm\", \"" + checksums.outer() + "\"},\n";
    }

    /** A rebar.lock as rebar3 3.x writes it, with an app name ("json") that differs from its package. */
    private static String rebarLock() {
        return "{\"1.2.0\",\n"
                + "[{<<\"connection\">>,{pkg,<<\"connection\">>,<<\"1.0.4\">>},1},\n"
                + " {<<\"db_connection\">>,{pkg,<<\"db_connection\">>,<<\"2.2.2\">>},0},\n"
                + " {<<\"json\">>,{pkg,<<\"jason\">>,<<\"1.2.1\">>},0},\n"
                + " {<<\"meck\">>,\n"
                + "  {git,\"https://github.com/eproxus/meck.git\",\n"
                + "       {ref,\"dde759050eff19a1a80fd854d7375174b191665d\"}},\n"
                + "  0}]}.\n"
                + "[\n"
                + "{pkg_hash,[\n"
                + rebarHashes(TarballChecksums::inner) + "]},\n"
                + "{pkg_hash_ext,[\n"
                + rebarHashes(TarballChecksums::outer) + "]}\n"
                + "].\n";
    }

    private static String rebarHashes(java.util.function.Function<TarballChecksums, String> which) {
        String[][] entries = {{"connection", "connection", "1.0.4"}, {"db_connection", "db_connection", "2.2.2"},
            {"json", "jason", "1.2.1"}};
        List<String> lines = new ArrayList<>();
        for (String[] e : entries) {
            lines.add(" {<<\"" + e[0] + "\">>, <<\"" + which.apply(upstream.tarballChecksums(e[1], e[2])).toUpperCase(Locale.ROOT)
                    + "\">>}");
        }
        return String.join(",\n", lines) + "\n";
    }

    /** The mirror holds exactly these releases' tarballs and package files, and records exactly them. */
    private void assertMirrorHoldsExactly(Map<String, List<String>> releases) throws IOException {
        Set<String> tarballs = new TreeSet<>();
        Set<String> recorded = new TreeSet<>();
        releases.forEach((name, versions) -> versions.forEach(version -> {
            tarballs.add("tarballs/" + name + "-" + version + ".tar");
            recorded.add(name + " " + version + " " + upstream.tarballChecksums(name, version).outer());
        }));
        Set<String> packageFiles = new TreeSet<>();
        releases.keySet().forEach(name -> packageFiles.add("packages/" + name));
        Set<String> files = regularFiles(mirror);
        assertThat(files.stream().filter(k -> k.startsWith("tarballs/")).toList()).containsExactlyElementsOf(tarballs);
        assertThat(files.stream().filter(k -> k.startsWith("packages/")).toList()).containsExactlyElementsOf(packageFiles);
        assertThat(Files.readString(mirror.resolve(MirroredReleases.KEY)).lines().toList())
                .containsExactlyInAnyOrderElementsOf(recorded);
    }

    private static long tarballSize(String name, String version) {
        return upstream.file("tarballs/" + name + "-" + version + ".tar").orElseThrow().length;
    }

    /** Paths of the regular files under a directory, relative and sorted; empty when it does not exist. */
    private static Set<String> regularFiles(Path root) throws IOException {
        return contents(root).keySet();
    }

    private static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.exists(root)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString(), SyncFixture.sha256Bytes(Files.readAllBytes(file)));
            }
        }
        return files;
    }
}
