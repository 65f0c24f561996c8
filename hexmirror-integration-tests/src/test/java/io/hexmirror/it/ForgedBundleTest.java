package io.hexmirror.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.BadSignatureException;
import io.hexmirror.MalformedDataException;
import io.hexmirror.RollbackException;
import io.hexmirror.VerificationException;
import io.hexmirror.generation.GenerationStore;
import io.hexmirror.registry.RegistryWriter;
import io.hexmirror.registry.RepositoryKeys;
import io.hexmirror.registry.proto.Names;
import io.hexmirror.registry.proto.Versions;
import io.hexmirror.transfer.ExportOptions;
import io.hexmirror.transfer.GenerationMismatchException;
import io.hexmirror.transfer.ImportResult;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundles rewritten by someone who can rewrite the whole file but holds no signing key: every file
 * kind outside what an import can verify, removals, claimed generations, an oversized manifest.
 * Each is refused with the offline mirror byte-identical afterwards, bookkeeping included, and a
 * genuine bundle still brings it up to date; a forgery made only of genuine content is repaired by
 * the next genuine bundle.
 */
class ForgedBundleTest {
    @TempDir
    Path dir;

    TransferFixture fixture;
    Map<String, String> before;

    /** The offline mirror at generation 1; the connected one at 2 with a new release, a retirement and a replaced tarball. */
    @BeforeEach
    void twoGenerations() throws Exception {
        fixture = new TransferFixture(dir);
        fixture.sync();
        fixture.export(ExportOptions.fullCopy(), "first.bundle");
        fixture.importBundle("first.bundle");
        fixture.source.upstream.release("plug", "1.16.0").dependsOn("mime", "~> 2.0").publish();
        fixture.source.upstream.retire("plug", "1.14.0", 2, "hole").replaceTarball("mime", "2.0.0");
        fixture.sync();
        fixture.export(ExportOptions.since(1), "b.bundle");
        before = TransferFixture.everything(fixture.targetDir);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void aReplacedPublicKey() throws Exception {
        byte[] stranger = RepositoryKeys.toPem(RepositoryKeys.generate().getPublic()).getBytes(UTF_8);
        forge(surgery().add("public_key", stranger));

        assertRefusedAndRepairable(VerificationException.class,
                "public_key in the bundle is not the key " + fixture.target.describe() + " verifies its registry with");
    }

    @Test
    void indexesSignedWithAnotherKey() throws Exception {
        // The indexes justify removals: a forger who could sign them could empty the mirror.
        for (String index : new String[] {"names", "versions"}) {
            forge(surgery().replace(index, file -> resignedByAStranger(index, file)));

            assertRefused(BadSignatureException.class, index + ": signature does not verify");
        }
        assertGenuineBundleStillApplies();
    }

    /** The index, its content unchanged, signed with a key the mirror does not trust. */
    private byte[] resignedByAStranger(String index, byte[] file) {
        try {
            RegistryWriter stranger = new RegistryWriter(RepositoryKeys.generate().getPrivate());
            byte[] payload = fixture.source.upstream.reader().verifiedPayload(file, index);
            return index.equals("names") ? stranger.write(Names.parseFrom(payload)) : stranger.write(Versions.parseFrom(payload));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void filesOutsideTheLayout() throws Exception {
        // Docs tarballs are part of the layout, but an import without the docs check cannot verify them.
        forge(surgery().add("docs/plug-1.16.0.tar.gz", "anything".getBytes(UTF_8)));
        assertRefused(VerificationException.class, "the bundle carries 'docs/plug-1.16.0.tar.gz', a docs tarball, and this import"
                + " has no check for docs tarballs");
        // The catalog's front page is a derived file: the manifest itself is refused.
        forge(surgery().add("index.html", "anything".getBytes(UTF_8)));
        assertRefused(MalformedDataException.class, "bundle manifest: entry 'index.html' is a derived file, which bundles never carry");
        for (String path : new String[] {"installs/hex-2.0.0.ez", "robots.txt", "packages/plug/extra",
                "tarballs/plug-1.16.0.tar.gz", "tarballs/plug.tar"}) {
            forge(surgery().add(path, "anything".getBytes(UTF_8)));

            assertRefused(VerificationException.class, "the bundle carries '" + path + "', which is not part of a mirror's layout");
        }
        assertGenuineBundleStillApplies();
    }

    @Test
    void removalsOfTheIndexesAndTheKey() throws Exception {
        for (String path : new String[] {"names", "versions", "public_key"}) {
            forge(surgery().remove(path));

            assertRefused(VerificationException.class, "the bundle removes " + path + ": a mirror always keeps names, versions and"
                    + " public_key");
        }
        assertGenuineBundleStillApplies();
    }

    @Test
    void aRemovalOutsideTheLayout() throws Exception {
        Files.writeString(fixture.targetDir.resolve("README.txt"), "the admin's notes");
        before = TransferFixture.everything(fixture.targetDir);
        forge(surgery().remove("README.txt"));

        assertRefused(VerificationException.class, "the bundle removes 'README.txt', which is not part of a mirror's layout");
        assertThat(fixture.importBundle("b.bundle").outcome()).isEqualTo(ImportResult.Outcome.IMPORTED);
        assertThat(fixture.targetDir.resolve("README.txt")).hasContent("the admin's notes");
    }

    @Test
    void aPackageRemovalThatTheBundlesNamesDoesNotJustify() throws Exception {
        forge(surgery().remove("packages/telemetry"));

        assertRefusedAndRepairable(VerificationException.class,
                "the bundle removes packages/telemetry, but the names it brings lists package telemetry");
    }

    @Test
    void aPackageRemovalWithoutNames() throws Exception {
        forge(surgery().drop("names").remove("packages/telemetry"));

        assertRefusedAndRepairable(VerificationException.class,
                "the bundle removes packages/telemetry but brings no signed names that drops the package");
    }

    @Test
    void aTarballRemovalThatTheRegistryStillLists() throws Exception {
        forge(surgery().remove("tarballs/telemetry-1.0.0.tar"));

        assertRefusedAndRepairable(VerificationException.class,
                "the bundle removes tarballs/telemetry-1.0.0.tar, but packages/telemetry in " + fixture.target.describe()
                        + " lists that release");
    }

    @Test
    void anEmptyFullBundleWithAHugeGenerationDeletesNothing() throws Exception {
        String mirrorId = new GenerationStore(fixture.target).current().orElseThrow().mirrorId();
        forge(surgery().dropAll().claim(m -> {
            m.addProperty("full", true);
            m.addProperty("mirrorId", mirrorId);
            m.getAsJsonObject("base").addProperty("generation", 0);
            m.getAsJsonObject("base").remove("id");
            m.add("generations", new com.google.gson.JsonArray());
            m.getAsJsonObject("target").addProperty("generation", 1_000_000_000_000L);
        }));

        assertRefusedAndRepairable(VerificationException.class, "the bundle, a full copy, carries no names");
    }

    @Test
    void aFullBundleThatHoldsTooFewPackagesDeletesNothing() throws Exception {
        fixture.export(ExportOptions.fullCopy(), "full.bundle");
        forge(BundleSurgery.open(dir.resolve("full.bundle")).drop("packages/telemetry")
                .drop("tarballs/telemetry-0.4.3.tar").drop("tarballs/telemetry-1.0.0.tar"));

        assertRefusedAndRepairable(VerificationException.class,
                "the bundle (a full copy) holds no packages/telemetry, but the names it brings lists package telemetry");
    }

    @Test
    void aGenuineFullBundleClaimingAHugeGenerationIsRepairedByTheNextGenuineBundle() throws Exception {
        fixture.export(ExportOptions.fullCopy(), "full.bundle");
        forge(BundleSurgery.open(dir.resolve("full.bundle")).claim(m -> {
            m.getAsJsonObject("target").addProperty("generation", 1_000_000_000_000L);
            m.getAsJsonObject("target").addProperty("id", "forged");
        }));
        // Its content is genuine and verified: the import takes it, but claims nothing it can keep.
        fixture.importBundle("forged.bundle");
        assertThat(new GenerationStore(fixture.target).currentNumber()).isEqualTo(1_000_000_000_000L);

        fixture.source.upstream.publish("jason", "1.4.2");
        fixture.sync();
        fixture.export(ExportOptions.fullCopy(), "repair.bundle");
        ImportResult repaired = fixture.importBundle("repair.bundle");

        assertThat(repaired.outcome()).isEqualTo(ImportResult.Outcome.IMPORTED);
        fixture.assertTargetEqualsSource();
    }

    @Test
    void anIncrementalBundleClaimingAGenerationFarAheadIsRefused() throws Exception {
        // Genuine content (generation 1 -> 2), claiming to bring the mirror to generation 10^12: taken,
        // the mirror would call every later genuine bundle one it already has.
        forge(surgery().claim(m -> m.getAsJsonObject("target").addProperty("generation", 1_000_000_000_000L)));

        assertRefusedAndRepairable(MalformedDataException.class,
                "bundle manifest: it brings generations 2 to 1000000000000 but lists 1 of them");
    }

    @Test
    void anIncrementalBundleBuildingOnAGenerationTheMirrorNeverHadIsRefused() throws Exception {
        // A generation 1 of the same mirror other than the one this mirror has.
        forge(surgery().claim(m -> m.getAsJsonObject("base").addProperty("id", "never-had")));
        assertRefused(GenerationMismatchException.class,
                "is at generation 1 (id " + new GenerationStore(fixture.target).current().orElseThrow().id() + "), which is not"
                        + " the generation 1 of mirror");
        // A base beyond the mirror's generation, with every generation it brings listed.
        forge(surgery().claim(m -> {
            m.getAsJsonObject("base").addProperty("generation", 5);
            m.getAsJsonObject("target").addProperty("generation", 6);
            m.getAsJsonArray("generations").get(0).getAsJsonObject().addProperty("generation", 6);
        }));
        assertRefusedAndRepairable(GenerationMismatchException.class,
                "is at generation 1, but this bundle needs generation 5 (it brings generations 6 to 6)");
    }

    @Test
    void aLaterGenuineBundleStillAppliesAfterAForgedGenerationWasRefused() throws Exception {
        forge(surgery().claim(m -> m.getAsJsonObject("target").addProperty("generation", 3)));
        assertRefused(MalformedDataException.class, "it brings generations 2 to 3 but lists 1 of them");

        assertThat(fixture.importBundle("b.bundle").outcome()).isEqualTo(ImportResult.Outcome.IMPORTED);
        fixture.source.upstream.publish("jason", "1.4.2");
        fixture.sync();
        fixture.export(ExportOptions.since(2), "c.bundle");
        ImportResult later = fixture.importBundle("c.bundle");

        assertThat(later.outcome()).isEqualTo(ImportResult.Outcome.IMPORTED);
        assertThat(later.generation()).isEqualTo(3);
        fixture.assertTargetEqualsSource();
    }

    @Test
    void anOlderRegistryClaimingANewerGenerationIsARollback() throws Exception {
        fixture.importBundle("b.bundle");
        before = TransferFixture.everything(fixture.targetDir);
        // The first full bundle, genuine but older, dressed up as generation 99.
        forge(BundleSurgery.open(dir.resolve("first.bundle")).claim(m -> {
            m.getAsJsonObject("target").addProperty("generation", 99);
            m.getAsJsonObject("target").addProperty("id", "forged");
        }));

        assertRefused(RollbackException.class, "names in the bundle is older than the one in " + fixture.target.describe());
    }

    @Test
    void aManifestOfMillionsOfEntries() throws Exception {
        Path bundle = dir.resolve("forged.bundle");
        writeBundleWithManifestOf(bundle, 700_000, 1);

        assertRefusedAndRepairable(MalformedDataException.class, "bundle manifest: lists more than 600000 entries");
    }

    @Test
    void aManifestOfFewButHugeEntriesIsRefusedByTheImportCommandWithinASmallHeap() throws Exception {
        // Every path just under the bound on a single value, and the whole well within the bound on a
        // manifest's inflated size: 10,000 such entries are 600 MB of text. (ManifestLimitsTest has
        // more such manifests; this is the command as users run it.)
        writeBundleWithManifestOf(dir.resolve("forged.bundle"), 10_000, 60_000);

        assertImportCommandRefusesWithinASmallHeap("bundle manifest: holds more than 67108864 bytes of text");
    }

    private void assertImportCommandRefusesWithinASmallHeap(String message) throws Exception {
        Path key = Files.writeString(dir.resolve("upstream_key.pem"), fixture.source.upstream.publicKeyPem());
        List<String> args = List.of("import", "--upstream-key", key.toString(), "--work-dir", fixture.workDir.toString(),
                dir.resolve("forged.bundle").toString(), fixture.targetDir.toString());
        try (HexmirrorProcess process = HexmirrorProcess.start(dir.resolve("logs"), List.of(HostileUpstreamTest.HEAP), args)) {
            int exit = process.awaitExit(Duration.ofMinutes(3));

            assertThat(process.log()).as(process.output()).contains(message).doesNotContain("OutOfMemoryError");
            assertThat(exit).as(process.output()).isEqualTo(3);
        }
        assertThat(TransferFixture.everything(fixture.targetDir)).as("the offline mirror, byte for byte").isEqualTo(before);
        assertThat(fixture.workDirEmpty()).as("staging area cleaned").isTrue();
        assertGenuineBundleStillApplies();
    }

    private BundleSurgery surgery() throws IOException {
        return BundleSurgery.open(dir.resolve("b.bundle"));
    }

    private void forge(BundleSurgery surgery) throws IOException {
        surgery.write(dir.resolve("forged.bundle"));
    }

    private void assertRefused(Class<? extends Exception> type, String message) throws IOException {
        ThrowingCallable importing = () -> fixture.importBundle("forged.bundle");
        assertThatThrownBy(importing).isInstanceOf(type).hasMessageContaining(message);
        assertThat(TransferFixture.everything(fixture.targetDir)).as("the offline mirror, byte for byte").isEqualTo(before);
        assertThat(fixture.workDirEmpty()).as("staging area cleaned").isTrue();
    }

    private void assertRefusedAndRepairable(Class<? extends Exception> type, String message) throws Exception {
        assertRefused(type, message);
        assertGenuineBundleStillApplies();
    }

    private void assertGenuineBundleStillApplies() throws Exception {
        assertThat(fixture.importBundle("b.bundle").outcome()).isEqualTo(ImportResult.Outcome.IMPORTED);
        fixture.assertTargetEqualsSource();
    }

    /**
     * A bundle whose manifest lists {@code entries} empty files, in one empty pack, each path padded to
     * at least {@code pathLength} characters.
     */
    private static void writeBundleWithManifestOf(Path bundle, int entries, int pathLength) throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new BufferedOutputStream(new FastGzipOutputStream(gz), 1 << 16)) {
            StringBuilder json = new StringBuilder("{\"format\":\"hexmirror-bundle\",\"formatVersion\":1,\"mirrorId\":\"m\","
                    + "\"full\":true,\"base\":{\"generation\":0},"
                    + "\"target\":{\"generation\":1,\"id\":\"g\",\"createdAt\":\"2025-01-01T00:00:00Z\"},\"generations\":[],"
                    + "\"createdAt\":\"2025-01-01T00:00:00Z\",\"packs\":[{\"member\":\"data/000001\",\"size\":0}],\"entries\":[");
            out.write(json.toString().getBytes(UTF_8));
            String sha = SyncFixture.sha256Bytes(new byte[0]);
            String padding = "p".repeat(Math.max(0, pathLength - 20));
            for (int i = 0; i < entries; i++) {
                out.write(((i == 0 ? "" : ",") + "\n{\"path\":\"tarballs/p" + padding + i + "-1.0.0.tar\",\"size\":0,"
                        + "\"sha256\":\"" + sha + "\",\"member\":\"data/000001\",\"offset\":0}").getBytes(UTF_8));
            }
            out.write("]}\n".getBytes(UTF_8));
        }
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(bundle), 512)) {
            for (Map.Entry<String, byte[]> member : Map.of("MANIFEST.json.gz", gz.toByteArray()).entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(member.getKey());
                entry.setSize(member.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(member.getValue());
                tar.closeArchiveEntry();
            }
            TarArchiveEntry pack = new TarArchiveEntry("data/000001");
            pack.setSize(0);
            tar.putArchiveEntry(pack);
            tar.closeArchiveEntry();
            tar.finish();
        }
    }

    /** Gzip at the fastest level: the forged manifests are large, and only their inflated size matters. */
    private static final class FastGzipOutputStream extends GZIPOutputStream {
        FastGzipOutputStream(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(java.util.zip.Deflater.BEST_SPEED);
        }
    }
}
