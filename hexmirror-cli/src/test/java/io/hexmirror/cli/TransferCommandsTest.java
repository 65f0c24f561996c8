package io.hexmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.generation.DerivedKeys;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The postal workflow through the command line: sync, want, export, import, status, with their exit codes. */
class TransferCommandsTest {
    @TempDir
    Path dir;

    FakeHexRepository upstream;
    FakeUpstreamServer server;
    Path key;
    Path connected;
    Path offline;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeHexRepository.create();
        upstream.publish("decimal", "2.0.0").publish("decimal", "2.1.1");
        upstream.release("jason", "1.4.0").dependsOn("decimal", "~> 2.0").publish();
        server = FakeUpstreamServer.start(upstream);
        key = Files.writeString(dir.resolve("upstream.pem"), upstream.publicKeyPem());
        connected = dir.resolve("connected");
        offline = dir.resolve("offline");
        Files.createDirectories(offline);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void statusShowsTheGenerationAndCounts() throws IOException {
        Files.createDirectories(connected);
        CliRun before = CliRun.of("status", connected.toString());
        assertThat(before.exitCode()).isZero();
        assertThat(before.out()).contains("generation: 0 (nothing recorded yet)").contains("packages: 0");

        sync();
        CliRun after = CliRun.of("status", connected.toString());

        assertThat(after.exitCode()).isZero();
        assertThat(after.out()).contains("generation: 1\n".replace("\n", System.lineSeparator()))
                .contains("(by sync)").contains("mirror id: ").contains("packages: 2").contains("tarballs: 3 (");
    }

    @Test
    void thePostalWorkflowKeepsTheOfflineMirrorEqualToTheConnectedOne() throws Exception {
        sync();
        // First trip: the offline side is empty and asks for everything.
        CliRun want = CliRun.of("want", offline.toString(), dir.resolve("want-1.json").toString());
        assertThat(want.exitCode()).as(want.err()).isZero();
        assertThat(want.out()).contains("a request from an empty mirror");
        CliRun export = CliRun.of("export", "--request", dir.resolve("want-1.json").toString(), connected.toString(),
                dir.resolve("hex-1.bundle").toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.out()).contains("a full copy of generation 1").contains("8 files");
        CliRun imported = importBundle("hex-1.bundle");
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("generation 0 -> 1").contains("generation: 1");
        assertThat(files(offline)).isEqualTo(files(connected));
        assertThat(offline.resolve("browse/packages/jason.html")).exists();

        // Second trip: upstream changed; the offline side asks for what came after its generation.
        upstream.publish("jason", "1.4.1").retire("decimal", "2.0.0", 3, "old");
        sync();
        assertThat(CliRun.of("want", "--package", "jason ~> 1.4", offline.toString(), dir.resolve("want-2.json").toString())
                .exitCode()).isZero();
        CliRun export2 = CliRun.of("export", "--request", dir.resolve("want-2.json").toString(), "--split", "4K",
                connected.toString(), dir.resolve("hex-2.bundle").toString());
        assertThat(export2.exitCode()).as(export2.err()).isZero();
        assertThat(export2.out()).contains("generations 1 -> 2").contains("more volume(s)");
        assertThat(dir.resolve("hex-2.bundle.002")).exists();
        CliRun imported2 = importBundle("hex-2.bundle");
        assertThat(imported2.exitCode()).as(imported2.err()).isZero();
        assertThat(files(offline)).isEqualTo(files(connected));
        assertThat(CliRun.of("status", offline.toString()).out()).contains("generation: 2").contains("(by import)");
        assertThat(CliRun.of("verify", "--upstream-key", key.toString(), offline.toString()).exitCode()).isZero();

        // The same bundle again changes nothing; an old one does not fit.
        CliRun again = importBundle("hex-2.bundle");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("already has everything this bundle brings; nothing changed");
    }

    @Test
    void aBundleForAnotherGenerationExitsWithSixAndChangesNothing() throws Exception {
        sync();
        assertThat(CliRun.of("export", "--full", connected.toString(), dir.resolve("full.bundle").toString()).exitCode()).isZero();
        upstream.publish("jason", "1.4.1");
        sync();
        assertThat(CliRun.of("export", "--since", "1", connected.toString(), dir.resolve("inc.bundle").toString()).exitCode())
                .isZero();

        CliRun refused = importBundle("inc.bundle");

        assertThat(refused.exitCode()).isEqualTo(ExitCodes.WRONG_GENERATION);
        assertThat(refused.err()).startsWith("hexmirror: error: ").contains("is empty (generation 0), but this bundle needs generation 1");
        assertThat(files(offline)).isEmpty();
    }

    @Test
    void aRequestAskingForWhatTheMirrorLacksExitsWithOneAndListsIt() throws Exception {
        sync();
        CliRun want = CliRun.of("want", "--package", "phoenix", offline.toString(), dir.resolve("want.json").toString());
        assertThat(want.exitCode()).isZero();

        CliRun export = CliRun.of("export", "--request", dir.resolve("want.json").toString(), connected.toString(),
                dir.resolve("b.bundle").toString());

        assertThat(export.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(export.out()).contains("does not hold what the request also asks for").contains("  package phoenix");
        assertThat(dir.resolve("b.bundle")).exists();
    }

    @Test
    void aDamagedBundleExitsWithThree() throws Exception {
        sync();
        Path bundle = dir.resolve("full.bundle");
        assertThat(CliRun.of("export", "--full", connected.toString(), bundle.toString()).exitCode()).isZero();
        byte[] bytes = Files.readAllBytes(bundle);
        bytes[bytes.length - 2048] ^= 0x10;
        Files.write(bundle, bytes);

        CliRun run = importBundle("full.bundle");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(run.err()).contains("the bundle is damaged");
        assertThat(files(offline)).isEmpty();
    }

    @Test
    void aBundleFromAnotherRepositoryImportedWithoutItsKeySuggestsTheKey() throws Exception {
        sync();
        Path bundle = dir.resolve("full.bundle");
        assertThat(CliRun.of("export", "--full", connected.toString(), bundle.toString()).exitCode()).isZero();

        CliRun run = CliRun.of("import", "--work-dir", dir.resolve("work").toString(), bundle.toString(), offline.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(run.err()).startsWith(ErrorHandler.PREFIX)
                .contains("hexmirror: hint: if this mirror copies a repository other than hex.pm, give that repository's"
                        + " public key with --upstream-key PEM_FILE");
        assertThat(files(offline)).isEmpty();

        CliRun withKey = importBundle("full.bundle");
        assertThat(withKey.exitCode()).as(withKey.err()).isZero();
        assertThat(withKey.err()).doesNotContain("hint");
    }

    private CliRun importBundle(String name) {
        return CliRun.of("import", "--upstream-key", key.toString(), "--work-dir", dir.resolve("work").toString(),
                dir.resolve(name).toString(), offline.toString());
    }

    private void sync() {
        CliRun run = CliRun.of("sync", "--upstream", server.baseUri().toString(), "--upstream-key", key.toString(), connected.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    /** Every file outside .hexmirror/ with its SHA-256. */
    private static Map<String, String> files(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(p -> {
                String key = root.relativize(p).toString().replace('\\', '/');
                // Derived files (the catalog's pages) are each mirror's own: the import writes them anew.
                if (!key.startsWith(".hexmirror/") && !DerivedKeys.isDerived(key)) {
                    try {
                        files.put(key, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (java.security.NoSuchAlgorithmException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
        }
        return files;
    }
}
