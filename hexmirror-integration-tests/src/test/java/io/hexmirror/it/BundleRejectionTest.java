package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.hexmirror.BadSignatureException;
import io.hexmirror.ChecksumMismatchException;
import io.hexmirror.MalformedDataException;
import io.hexmirror.OriginMismatchException;
import io.hexmirror.VerificationException;
import io.hexmirror.registry.RegistryWriter;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Signed;
import io.hexmirror.transfer.ExportOptions;
import io.hexmirror.transfer.ExportResult;
import io.hexmirror.transfer.GenerationMismatchException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged, incomplete, misdirected and tampered bundles are refused before anything is published:
 * the offline mirror, bookkeeping included, is exactly as it was.
 */
class BundleRejectionTest {
    @TempDir
    Path dir;

    TransferFixture fixture;
    Map<String, String> before;

    /** The offline mirror at generation 1; the connected one at 2 with a new release, a retirement and a replaced tarball. */
    @BeforeEach
    void twoGenerations() throws Exception {
        fixture = new TransferFixture(dir);
        fixture.sync();
        fixture.export(ExportOptions.fullCopy(), "full.bundle");
        fixture.importBundle("full.bundle");
        fixture.source.upstream.release("plug", "1.16.0").dependsOn("mime", "~> 2.0").publish();
        fixture.source.upstream.retire("plug", "1.14.0", 2, "hole").replaceTarball("mime", "2.0.0");
        fixture.sync();
        before = TransferFixture.everything(fixture.targetDir);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void aCorruptedEntry() throws Exception {
        fixture.export(ExportOptions.since(1), "b.bundle");
        Path bundle = dir.resolve("b.bundle");
        byte[] bytes = Files.readAllBytes(bundle);
        bytes[bytes.length - 1024 - 3000] ^= 0x04;
        Files.write(bundle, bytes);

        assertRefusedWithNothingChanged(() -> fixture.importBundle("b.bundle"), ChecksumMismatchException.class,
                "but the manifest says");
    }

    @Test
    void aMissingVolume() throws Exception {
        ExportResult export = fixture.export(ExportOptions.since(1).withVolumeSize(4 * 1024), "v.bundle");
        assertThat(export.files()).hasSizeGreaterThan(2);
        Files.delete(export.files().get(1));

        assertRefusedWithNothingChanged(() -> fixture.importBundle("v.bundle.001"), MalformedDataException.class,
                "volume v.bundle.002 is missing");
    }

    @Test
    void aMissingLastVolume() throws Exception {
        ExportResult export = fixture.export(ExportOptions.since(1).withVolumeSize(8 * 1024), "v.bundle");
        Files.delete(export.files().get(export.files().size() - 1));

        assertRefusedWithNothingChanged(() -> fixture.importBundle("v.bundle"), MalformedDataException.class,
                "the bundle has " + export.files().size() + " volumes");
    }

    @Test
    void aTruncatedBundle() throws Exception {
        fixture.export(ExportOptions.since(1), "t.bundle");
        Path bundle = dir.resolve("t.bundle");
        byte[] bytes = Files.readAllBytes(bundle);
        Files.write(bundle, Arrays.copyOf(bytes, bytes.length / 2));

        assertRefusedWithNothingChanged(() -> fixture.importBundle("t.bundle"), MalformedDataException.class, "it is truncated");
    }

    @Test
    void aBundleForAnotherBaseGeneration() throws Exception {
        fixture.source.upstream.publish("jason", "1.4.0");
        fixture.sync();
        fixture.export(ExportOptions.since(2), "3.bundle");

        assertRefusedWithNothingChanged(() -> fixture.importBundle("3.bundle"), GenerationMismatchException.class,
                "is at generation 1, but this bundle needs generation 2 (it brings generations 3 to 3)");
    }

    @Test
    void aBundleFromAnotherMirror() throws Exception {
        try (TransferFixture other = new TransferFixture(dir.resolve("elsewhere"))) {
            other.sync();
            other.export(ExportOptions.fullCopy(), "other.bundle");

            assertRefusedWithNothingChanged(() -> fixture.importInto(fixture.target, "elsewhere/other.bundle"),
                    GenerationMismatchException.class, "but this bundle comes from mirror");
        }
    }

    @Test
    void aRegistryFileWhosePayloadWasChanged() throws Exception {
        fixture.export(ExportOptions.since(1), "b.bundle");
        // Drop the retirement of plug 1.14.0, keeping the signature: a forger without the key.
        BundleSurgery.open(dir.resolve("b.bundle")).replace("packages/plug", file -> {
            Signed signed = signed(file);
            Package plug = parsePackage(signed.getPayload());
            Package forged = plug.toBuilder().setReleases(0, plug.getReleases(0).toBuilder().clearRetired()).build();
            return gzip(signed.toBuilder().setPayload(forged.toByteString()).build().toByteArray());
        }).write(dir.resolve("forged.bundle"));

        assertRefusedWithNothingChanged(() -> fixture.importBundle("forged.bundle"), BadSignatureException.class,
                "packages/plug: signature does not verify");
    }

    @Test
    void aRegistryFileOfAnotherPackage() throws Exception {
        fixture.export(ExportOptions.since(1), "b.bundle");
        BundleSurgery surgery = BundleSurgery.open(dir.resolve("b.bundle"));
        // Correctly signed, but it describes mime: the origin check must catch the swap.
        byte[] mime = fixture.source.upstream.file("packages/mime").orElseThrow();
        surgery.replace("packages/plug", file -> mime).write(dir.resolve("swapped.bundle"));

        assertRefusedWithNothingChanged(() -> fixture.importBundle("swapped.bundle"), OriginMismatchException.class,
                "names package 'mime', expected 'plug'");
    }

    @Test
    void aRegistryFileSignedWithAnotherKey() throws Exception {
        fixture.export(ExportOptions.since(1), "b.bundle");
        RegistryWriter stranger = new RegistryWriter(io.hexmirror.registry.RepositoryKeys.generate().getPrivate());
        BundleSurgery.open(dir.resolve("b.bundle"))
                .replace("packages/plug", file -> stranger.write(parsePackage(signed(file).getPayload())))
                .write(dir.resolve("resigned.bundle"));

        assertRefusedWithNothingChanged(() -> fixture.importBundle("resigned.bundle"), BadSignatureException.class,
                "signature does not verify");
    }

    @Test
    void aTarballThatIsNotTheRegistrys() throws Exception {
        fixture.export(ExportOptions.since(1), "b.bundle");
        BundleSurgery surgery = BundleSurgery.open(dir.resolve("b.bundle"));
        // A valid tarball, of another release: its checksums are not those packages/plug lists.
        byte[] other = Files.readAllBytes(fixture.source.mirrorDir.resolve("tarballs/plug-1.15.0.tar"));
        surgery.replace("tarballs/plug-1.16.0.tar", file -> other).write(dir.resolve("wrong-tarball.bundle"));

        assertRefusedWithNothingChanged(() -> fixture.importBundle("wrong-tarball.bundle"), ChecksumMismatchException.class,
                "tarballs/plug-1.16.0.tar in the bundle");
    }

    @Test
    void ofTwoWrongTarballsTheFirstByNameIsReported() throws Exception {
        fixture.export(ExportOptions.since(1), "b.bundle");
        BundleSurgery surgery = BundleSurgery.open(dir.resolve("b.bundle"));
        byte[] other = Files.readAllBytes(fixture.source.mirrorDir.resolve("tarballs/plug-1.15.0.tar"));
        surgery.replace("tarballs/plug-1.16.0.tar", file -> other).replace("tarballs/mime-2.0.0.tar", file -> other)
                .write(dir.resolve("two-wrong.bundle"));

        assertRefusedWithNothingChanged(() -> fixture.importBundle("two-wrong.bundle"), ChecksumMismatchException.class,
                "tarballs/mime-2.0.0.tar in the bundle");
    }

    @Test
    void aPackageFileWhoseNewTarballIsMissing() throws Exception {
        fixture.export(ExportOptions.since(1), "b.bundle");
        BundleSurgery.open(dir.resolve("b.bundle")).drop("tarballs/plug-1.16.0.tar").write(dir.resolve("incomplete.bundle"));

        assertRefusedWithNothingChanged(() -> fixture.importBundle("incomplete.bundle"), VerificationException.class,
                "packages/plug in the bundle lists release 1.16.0, but neither the bundle nor");
    }

    @Test
    void aReplacedReleaseWhoseNewTarballIsMissing() throws Exception {
        fixture.export(ExportOptions.since(1), "b.bundle");
        BundleSurgery.open(dir.resolve("b.bundle")).drop("tarballs/mime-2.0.0.tar").write(dir.resolve("stale.bundle"));

        assertRefusedWithNothingChanged(() -> fixture.importBundle("stale.bundle"), ChecksumMismatchException.class,
                "tarballs/mime-2.0.0.tar in ");
    }

    @Test
    void theUntouchedBundleImportsAfterAll() throws Exception {
        fixture.export(ExportOptions.since(1), "b.bundle");
        BundleSurgery.open(dir.resolve("b.bundle")).write(dir.resolve("rewritten.bundle"));

        fixture.importBundle("rewritten.bundle");

        fixture.assertTargetEqualsSource();
    }

    private void assertRefusedWithNothingChanged(ThrowingCallable importing, Class<? extends Exception> type, String message)
            throws IOException {
        assertThatThrownBy(importing).isInstanceOf(type).hasMessageContaining(message);
        assertThat(TransferFixture.everything(fixture.targetDir)).isEqualTo(before);
        assertThat(fixture.workDirEmpty()).as("staging area cleaned").isTrue();
    }

    private static Signed signed(byte[] file) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(file))) {
            return Signed.parseFrom(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Package parsePackage(ByteString payload) {
        try {
            return Package.parseFrom(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
