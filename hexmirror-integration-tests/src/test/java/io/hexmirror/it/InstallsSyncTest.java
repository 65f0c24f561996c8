package io.hexmirror.it;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.installs.InstallsOptions;
import io.hexmirror.internal.sync.SyncOptions;
import io.hexmirror.internal.transfer.BundleImporter;
import io.hexmirror.internal.verify.MirrorVerifier;
import io.hexmirror.sync.SyncFailure;
import io.hexmirror.sync.SyncSummary;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.transfer.ExportOptions;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sync} with installs against the fake upstream, whose CSVs are signed with its key: the
 * CSVs and their signatures are kept byte for byte, the builds for the chosen Elixir and OTP
 * versions are checked and published, and a CSV with a bad build, a bad row or a bad signature is
 * refused whole, keeping the mirror's last good installs. Bundles carry installs and import checks them.
 */
class InstallsSyncTest {
    static final List<String> CSVS = List.of("installs/hex-1.x.csv", "installs/hex-1.x.csv.signed",
            "installs/rebar3-1.x.csv", "installs/rebar3-1.x.csv.signed", "installs/hex.csv", "installs/hex.csv.signed",
            "installs/rebar.csv", "installs/rebar.csv.signed");
    static final List<String> CHOSEN_BUILDS = List.of("installs/1.14.0/hex-2.5.1.ez", "installs/1.14.0/rebar3-3.19.0",
            "installs/1.19.0/hex-2.5.1-otp-27.ez", "installs/1.19.0/rebar3-3.24.0-otp-27");

    @TempDir
    Path dir;

    private SyncFixture fixture;
    private SyncOptions options;

    /** Builds for Elixir 1.13, 1.14 and 1.19 (OTP 26 and 27); the mirror wants 1.14 and 1.19 on OTP 27. */
    static FakeHexRepository publishInstalls(FakeHexRepository upstream) throws Exception {
        return upstream.publishHexArchive("2.0.6", "1.13.0", ez("2.0.6"))
                .publishHexArchive("2.5.1", "1.14.0", ez("2.5.1"))
                .publishRebar3("3.19.0", "1.14.0", "#!/usr/bin/env escript\nrebar3 3.19.0\n".getBytes(US_ASCII))
                .publishHexArchive("2.5.1", "1.19.0", 26, ez("2.5.1-otp-26"))
                .publishHexArchive("2.5.1", "1.19.0", 27, ez("2.5.1-otp-27"))
                .publishRebar3("3.24.0", "1.19.0", 27, "#!/usr/bin/env escript\nrebar3 3.24.0\n".getBytes(US_ASCII));
    }

    static SyncOptions installsOptions(FakeHexRepository upstream) {
        return SyncOptions.all().withInstalls(new InstallsOptions(List.of("1.14", "1.19"), List.of(27), upstream.publicKey()));
    }

    @BeforeEach
    void upstream() throws Exception {
        fixture = new SyncFixture(Files.createDirectories(dir.resolve("mirror")));
        fixture.upstream.publish("mime", "1.6.0");
        publishInstalls(fixture.upstream);
        options = installsOptions(fixture.upstream);
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void mirrorsTheCsvsVerbatimAndTheBuildsForTheChosenVersions() throws Exception {
        SyncSummary summary = fixture.sync(options, fixture.storage);

        assertThat(summary.failures()).isEmpty();
        assertInstallsEqualUpstream(CSVS);
        assertInstallsEqualUpstream(CHOSEN_BUILDS);
        assertThat(fixture.mirrorDir.resolve("installs/1.13.0")).as("Elixir 1.13 not chosen").doesNotExist();
        assertThat(fixture.mirrorDir.resolve("installs/1.19.0/hex-2.5.1-otp-26.ez")).as("OTP 26 not chosen").doesNotExist();
        fixture.assertMirrorEqualsUpstream();

        fixture.server.resetLog();
        assertThat(fixture.sync(options, fixture.storage).failures()).isEmpty();
        assertThat(fixture.server.requestLog()).as("builds already held are not downloaded again")
                .noneMatch(e -> CHOSEN_BUILDS.contains(e.path().replaceFirst("^/", "")));
    }

    @Test
    void verifyChecksTheInstallsLikeASync() throws Exception {
        assertThat(fixture.sync(options, fixture.storage).failures()).isEmpty();
        MirrorVerifier verifier = new MirrorVerifier(fixture.storage, fixture.upstream.reader())
                .checkingInstallsWith(fixture.upstream.publicKey());
        assertThat(verifier.verify(key -> { }).problems()).isEmpty();

        Files.write(fixture.mirrorDir.resolve("installs/1.14.0/hex-2.5.1.ez"), ez("changed on disk"));
        Files.write(fixture.mirrorDir.resolve("installs/1.14.0/stray"), new byte[] {1});

        assertThat(verifier.verify(key -> { }).problems()).extracting(Object::toString).satisfiesExactly(
                p -> assertThat(p).startsWith("corrupt installs/1.14.0/hex-2.5.1.ez: installs/1.14.0/hex-2.5.1.ez in the"
                        + " mirror has SHA-512 "),
                p -> assertThat(p).isEqualTo("corrupt installs/1.14.0/stray: not listed by any installs CSV that verifies"));
        assertThat(new MirrorVerifier(fixture.storage, fixture.upstream.reader()).verify(key -> { }).problems())
                .as("with the Elixir team's key, the test upstream's CSVs do not verify")
                .extracting(Object::toString).contains("corrupt installs/hex-1.x.csv: installs/hex-1.x.csv in the mirror"
                        + " does not match its signature installs/hex-1.x.csv.signed with the installs key");
    }

    @Test
    void withoutTheInstallsOptionNothingUnderInstallsIsFetched() throws Exception {
        assertThat(fixture.sync().failures()).isEmpty();

        assertThat(fixture.mirrorDir.resolve("installs")).doesNotExist();
        assertThat(fixture.server.requestLog()).noneMatch(e -> e.path().contains("installs"));
    }

    @Test
    void aBuildThatDoesNotMatchItsRowIsRefusedAndTheLastGoodInstallsAreKept() throws Exception {
        assertThat(fixture.sync(options, fixture.storage).failures()).isEmpty();
        Map<String, String> before = installsIn(fixture.mirrorDir);
        fixture.upstream.publishHexArchive("2.6.0", "1.14.0", ez("2.6.0"))
                .replaceInstallsFile("installs/1.14.0/hex-2.6.0.ez", ez("something else"))
                .publishRebar3("3.20.0", "1.14.0", "#!/usr/bin/env escript\nrebar3 3.20.0\n".getBytes(US_ASCII));

        SyncSummary summary = fixture.sync(options, fixture.storage);

        assertThat(summary.failures()).extracting(SyncFailure::subject).containsExactly("installs/hex-1.x.csv");
        assertThat(summary.failures().get(0).message()).startsWith("refused, the mirror keeps its last good copy: "
                + "installs/1.14.0/hex-2.6.0.ez downloaded from upstream has SHA-512 ")
                .contains("but installs/hex-1.x.csv line 3 says " + FakeHexRepository.sha512(ez("2.6.0")));
        assertThat(fixture.mirrorDir.resolve("installs/1.14.0/hex-2.6.0.ez")).doesNotExist();
        assertThat(installsIn(fixture.mirrorDir)).as("hex-1.x.csv as before")
                .containsEntry("installs/hex-1.x.csv", before.get("installs/hex-1.x.csv"))
                .containsEntry("installs/hex-1.x.csv.signed", before.get("installs/hex-1.x.csv.signed"));
        // The other CSVs and the registry go on.
        assertInstallsEqualUpstream(List.of("installs/rebar3-1.x.csv", "installs/rebar3-1.x.csv.signed",
                "installs/1.14.0/rebar3-3.20.0"));
        assertThat(summary.indexesPublished()).isTrue();
    }

    @Test
    void aTruncatedEzIsRefusedEvenWhenItsRowHasTheTruncatedBytesSha512() throws Exception {
        assertThat(fixture.sync(options, fixture.storage).failures()).isEmpty();
        Map<String, String> before = installsIn(fixture.mirrorDir);
        byte[] whole = ez("2.6.0");
        fixture.upstream.publishHexArchive("2.6.0", "1.14.0", Arrays.copyOf(whole, whole.length - 40));

        SyncSummary summary = fixture.sync(options, fixture.storage);

        assertThat(summary.failures()).extracting(SyncFailure::toString).singleElement().asString()
                .startsWith("installs/hex-1.x.csv: refused, the mirror keeps its last good copy: "
                        + "installs/1.14.0/hex-2.6.0.ez downloaded from upstream is not a whole .ez (zip) archive");
        assertThat(installsIn(fixture.mirrorDir)).isEqualTo(before);
    }

    @Test
    void aRowPointingOutsideInstallsIsRefused() throws Exception {
        assertThat(fixture.sync(options, fixture.storage).failures()).isEmpty();
        Map<String, String> before = installsIn(fixture.mirrorDir);
        byte[] sneaky = ez("sneaky");
        fixture.upstream.replaceInstallsFile("installs/1.14.0/hex-9.9.9.ez", sneaky)
                .addInstallsRow("hex-1.x.csv", "9.9.9," + FakeHexRepository.sha512(sneaky) + ",../../tarballs/x");

        SyncSummary summary = fixture.sync(options, fixture.storage);

        assertThat(summary.failures()).extracting(SyncFailure::toString).containsExactly(
                "installs/hex-1.x.csv: refused, the mirror keeps its last good copy: installs/hex-1.x.csv from upstream"
                        + " line 3: '../../tarballs/x' is not a version; as part of a path it would point outside /installs/");
        assertThat(installsIn(fixture.mirrorDir)).isEqualTo(before);
        assertThat(fixture.mirrorDir.resolve("tarballs/x")).doesNotExist();
    }

    @Test
    void aRowWhoseBuildUpstreamLacksIsRefused() throws Exception {
        assertThat(fixture.sync(options, fixture.storage).failures()).isEmpty();
        Map<String, String> before = installsIn(fixture.mirrorDir);
        fixture.upstream.addInstallsRow("rebar3-1.x.csv", "3.20.0," + FakeHexRepository.sha512(new byte[] {1}) + ",1.14.0");

        SyncSummary summary = fixture.sync(options, fixture.storage);

        assertThat(summary.failures()).extracting(SyncFailure::toString).singleElement().asString()
                .startsWith("installs/rebar3-1.x.csv: refused, the mirror keeps its last good copy: a build it lists is"
                        + " missing: GET " + fixture.server.baseUri())
                .endsWith("/installs/1.14.0/rebar3-3.20.0: not found upstream (HTTP 404)");
        assertThat(installsIn(fixture.mirrorDir)).isEqualTo(before);
    }

    @Test
    void aCsvThatDoesNotMatchItsSignatureIsRefused() throws Exception {
        assertThat(fixture.sync(options, fixture.storage).failures()).isEmpty();
        Map<String, String> before = installsIn(fixture.mirrorDir);
        fixture.upstream.publishRebar3("3.20.0", "1.14.0", "#!/usr/bin/env escript\n".getBytes(US_ASCII))
                .replaceInstallsFile("installs/rebar3-1.x.csv.signed", fixture.upstream.installsSignature("other".getBytes(US_ASCII)));

        SyncSummary summary = fixture.sync(options, fixture.storage);

        assertThat(summary.failures()).extracting(SyncFailure::toString).containsExactly(
                "installs/rebar3-1.x.csv: refused, the mirror keeps its last good copy: installs/rebar3-1.x.csv from"
                        + " upstream does not match its signature installs/rebar3-1.x.csv.signed with the installs key");
        assertThat(installsIn(fixture.mirrorDir)).isEqualTo(before);
    }

    @Test
    void bundlesCarryInstallsAndImportChecksThem() throws Exception {
        try (TransferFixture transfer = new TransferFixture(dir.resolve("transfer"))) {
            publishInstalls(transfer.source.upstream);
            assertThat(transfer.source.sync(installsOptions(transfer.source.upstream), transfer.source.storage).failures()).isEmpty();
            transfer.export(ExportOptions.fullCopy(), "full.bundle");

            // A build tampered with in the bundle: refused, nothing published.
            BundleSurgery.open(dir.resolve("transfer/full.bundle"))
                    .replace("installs/1.14.0/hex-2.5.1.ez", bytes -> ez("tampered"))
                    .write(dir.resolve("transfer/tampered.bundle"));
            assertThatImportFails(transfer, "tampered.bundle",
                    "installs/1.14.0/hex-2.5.1.ez in the bundle has SHA-512 ");
            // A CSV without its signature: refused.
            BundleSurgery.open(dir.resolve("transfer/full.bundle"))
                    .drop("installs/hex-1.x.csv.signed")
                    .write(dir.resolve("transfer/unsigned.bundle"));
            assertThatImportFails(transfer, "unsigned.bundle",
                    "installs/hex-1.x.csv in the bundle has no signature installs/hex-1.x.csv.signed: it cannot be verified");
            // A build that no CSV lists: refused.
            BundleSurgery.open(dir.resolve("transfer/full.bundle"))
                    .drop("installs/rebar.csv").drop("installs/rebar.csv.signed")
                    .write(dir.resolve("transfer/unlisted.bundle"));
            assertThatImportFails(transfer, "unlisted.bundle",
                    "installs/1.19.0/rebar3-3.24.0-otp-27 in the bundle is not listed by any installs CSV in the bundle");
            assertThat(transfer.targetDir.resolve("installs")).doesNotExist();

            transfer.importBundle("full.bundle");

            assertThat(installsIn(transfer.targetDir)).isEqualTo(installsIn(transfer.source.mirrorDir))
                    .containsKeys(CSVS.toArray(String[]::new)).containsKeys(CHOSEN_BUILDS.toArray(String[]::new));
        }
    }

    @Test
    void anImportRefusesABadInstallsBundleNamingTheFileAndKeepsTheLastGoodInstalls() throws Exception {
        try (TransferFixture transfer = new TransferFixture(dir.resolve("transfer"))) {
            FakeHexRepository upstream = transfer.source.upstream;
            publishInstalls(upstream);
            assertThat(transfer.source.sync(installsOptions(upstream), transfer.source.storage).failures()).isEmpty();
            transfer.export(ExportOptions.fullCopy(), "full.bundle");
            transfer.importBundle("full.bundle");
            long generation = transfer.sourceGeneration();
            upstream.publishHexArchive("2.6.0", "1.14.0", ez("2.6.0"));
            assertThat(transfer.source.sync(installsOptions(upstream), transfer.source.storage).failures()).isEmpty();
            transfer.export(ExportOptions.since(generation), "next.bundle");
            Path next = dir.resolve("transfer/next.bundle");
            Map<String, String> lastGood = installsIn(transfer.targetDir);
            assertThat(lastGood).containsKeys(CHOSEN_BUILDS.toArray(String[]::new));

            // A new build tampered with in the bundle.
            BundleSurgery.open(next).replace("installs/1.14.0/hex-2.6.0.ez", bytes -> ez("tampered"))
                    .write(dir.resolve("transfer/tampered.bundle"));
            assertThatImportFails(transfer, "tampered.bundle", "installs/1.14.0/hex-2.6.0.ez in the bundle has SHA-512 ");
            assertThat(installsIn(transfer.targetDir)).isEqualTo(lastGood);

            // A CSV, validly signed, with a row whose file would lie outside installs/.
            byte[] csv = (new String(upstream.file("installs/hex-1.x.csv").orElseThrow(), US_ASCII)
                    + "9.9.9," + FakeHexRepository.sha512(ez("sneaky")) + ",../../tarballs/x\n").getBytes(US_ASCII);
            BundleSurgery.open(next).replace("installs/hex-1.x.csv", bytes -> csv)
                    .replace("installs/hex-1.x.csv.signed", bytes -> upstream.installsSignature(csv))
                    .write(dir.resolve("transfer/outside.bundle"));
            assertThatImportFails(transfer, "outside.bundle", "installs/hex-1.x.csv in the bundle line 4: '../../tarballs/x'"
                    + " is not a version; as part of a path it would point outside /installs/");
            assertThat(installsIn(transfer.targetDir)).isEqualTo(lastGood);
            assertThat(transfer.targetDir.resolve("tarballs/x")).doesNotExist();

            // A file under installs/ where no installer file can be.
            BundleSurgery.open(next).add("installs/1.14.0/deeper/hex-2.6.0.ez", ez("2.6.0"))
                    .write(dir.resolve("transfer/deeper.bundle"));
            assertThatImportFails(transfer, "deeper.bundle",
                    "the bundle carries 'installs/1.14.0/deeper/hex-2.6.0.ez', which is not part of a mirror's layout");
            assertThat(installsIn(transfer.targetDir)).isEqualTo(lastGood);

            // A removal that would leave a signature without its CSV.
            BundleSurgery.open(next).remove("installs/rebar.csv").write(dir.resolve("transfer/half.bundle"));
            assertThatImportFails(transfer, "half.bundle",
                    "installs/rebar.csv.signed in " + transfer.target.describe()
                            + " signs no installs/rebar.csv (the bundle removes it)");
            assertThat(installsIn(transfer.targetDir)).isEqualTo(lastGood);

            transfer.importBundle("next.bundle");

            assertThat(installsIn(transfer.targetDir)).isEqualTo(installsIn(transfer.source.mirrorDir))
                    .containsKey("installs/1.14.0/hex-2.6.0.ez");
        }
    }

    @Test
    void anImportWithoutAnInstallsKeyRefusesInstallerFiles() throws Exception {
        try (TransferFixture transfer = new TransferFixture(dir.resolve("transfer"))) {
            publishInstalls(transfer.source.upstream);
            assertThat(transfer.source.sync(installsOptions(transfer.source.upstream), transfer.source.storage).failures()).isEmpty();
            transfer.export(ExportOptions.fullCopy(), "full.bundle");
            Map<String, String> before = TransferFixture.everything(transfer.targetDir);

            BundleImporter withoutKey = new BundleImporter(transfer.target, transfer.source.upstream.reader(), transfer.workDir);

            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> withoutKey.importBundle(List.of(dir.resolve("transfer/full.bundle"))))
                    .isInstanceOf(io.hexmirror.VerificationException.class)
                    .hasMessage("the bundle carries 'installs/1.14.0/hex-2.5.1.ez', an installer file, and this import has"
                            + " no installs key to check installer files with: an import publishes nothing it cannot verify");
            assertThat(TransferFixture.everything(transfer.targetDir)).as("nothing published").isEqualTo(before);
        }
    }

    private void assertThatImportFails(TransferFixture transfer, String bundle, String message) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> transfer.importBundle(bundle))
                .isInstanceOf(io.hexmirror.VerificationException.class)
                .hasMessageContaining(message);
    }

    private void assertInstallsEqualUpstream(List<String> paths) {
        for (String path : paths) {
            assertThat(fixture.sha256(path)).as(path)
                    .isEqualTo(SyncFixture.sha256Bytes(fixture.upstream.file(path).orElseThrow()));
        }
    }

    static Map<String, String> installsIn(Path mirrorDir) throws Exception {
        Map<String, String> all = TransferFixture.everything(mirrorDir);
        all.keySet().removeIf(k -> !k.startsWith("installs/"));
        return all;
    }

    /** A small but real .ez (zip) file. */
    static byte[] ez(String label) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("hex/ebin/hex.app"));
            zip.write(("{application,hex,[{vsn,\"" + label + "\"}]}.\n").repeat(10).getBytes(US_ASCII));
            zip.closeEntry();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
