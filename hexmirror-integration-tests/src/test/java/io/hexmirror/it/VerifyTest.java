package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.internal.verify.MirrorVerifier;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.verify.VerifyReport.Kind;
import io.hexmirror.verify.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyTest {
    @TempDir
    Path mirror;

    SyncFixture fixture;

    @BeforeEach
    void sync() throws Exception {
        fixture = new SyncFixture(mirror).withSampleRepository();
        assertThat(fixture.sync().failures()).isEmpty();
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void aSoundMirrorHasNoProblems() throws Exception {
        VerifyReport report = fixture.verify();

        assertThat(report.sound()).isTrue();
        assertThat(report.packagesChecked()).isEqualTo(4);
        assertThat(report.tarballsChecked()).isEqualTo(7);
    }

    @Test
    void detectsACorruptedTarball() throws Exception {
        Path tarball = mirror.resolve("tarballs/mime-2.0.0.tar");
        byte[] bytes = Files.readAllBytes(tarball);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(tarball, bytes);

        VerifyReport report = fixture.verify();

        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("tarballs/mime-2.0.0.tar");
            assertThat(p.kind()).isEqualTo(Kind.CORRUPT);
        });
    }

    @Test
    void trustingStoredChecksumsOnAStoreThatKeepsNoneStillReadsEveryTarball() throws Exception {
        Path tarball = mirror.resolve("tarballs/mime-2.0.0.tar");
        byte[] bytes = Files.readAllBytes(tarball);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(tarball, bytes);

        VerifyReport report = new MirrorVerifier(fixture.storage, fixture.upstream.reader())
                .trustingStoredChecksums(true).verify(key -> { });

        assertThat(report.tarballsChecked()).isEqualTo(7);
        assertThat(report.tarballsTrusted()).as("the filesystem store keeps no SHA-256").isZero();
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("tarballs/mime-2.0.0.tar");
            assertThat(p.kind()).isEqualTo(Kind.CORRUPT);
        });
    }

    @Test
    void detectsAMissingTarball() throws Exception {
        Files.delete(mirror.resolve("tarballs/plug-1.14.0.tar"));

        assertThat(fixture.verify().problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("tarballs/plug-1.14.0.tar");
            assertThat(p.kind()).isEqualTo(Kind.MISSING);
        });
    }

    @Test
    void detectsATamperedRegistryFile() throws Exception {
        // A validly signed file from another package put in place of plug's: the origin check catches it.
        fixture.storage.write("packages/plug", fixture.upstream.file("packages/mime").orElseThrow(), WriteOptions.defaults());

        assertThat(fixture.verify().problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("packages/plug");
            assertThat(p.kind()).isEqualTo(Kind.CORRUPT);
            assertThat(p.message()).contains("expected 'plug'");
        });
    }

    @Test
    void detectsAFlippedBitInTheIndex() throws Exception {
        Path versions = mirror.resolve("versions");
        byte[] bytes = Files.readAllBytes(versions);
        bytes[bytes.length - 12] ^= 0x40;
        Files.write(versions, bytes);

        assertThat(fixture.verify().problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("versions");
            assertThat(p.kind()).isEqualTo(Kind.CORRUPT);
        });
    }
}
