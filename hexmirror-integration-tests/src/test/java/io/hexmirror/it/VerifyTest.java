package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.hexmirror.internal.verify.MirrorVerifier;
import io.hexmirror.registry.RegistryWriter;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.tarball.TarballReader;
import io.hexmirror.verify.VerifyReport;
import io.hexmirror.verify.VerifyReport.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
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
    void detectsACorruptedTarballByItsOuterChecksum() throws Exception {
        Path tarball = mirror.resolve("tarballs/mime-2.0.0.tar");
        flipMiddleBit(tarball);

        VerifyReport report = fixture.verify();

        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("tarballs/mime-2.0.0.tar");
            assertThat(p.kind()).isEqualTo(Kind.CORRUPT);
            assertThat(p.message()).contains("outer checksum");
        });
    }

    @Test
    void deepVerifyAlsoDetectsACorruptedTarball() throws Exception {
        Path tarball = mirror.resolve("tarballs/mime-2.0.0.tar");
        flipMiddleBit(tarball);

        assertThat(deepVerify().problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("tarballs/mime-2.0.0.tar");
            assertThat(p.kind()).isEqualTo(Kind.CORRUPT);
        });
    }

    @Test
    void detectsATarballLargerThanHexAllows() throws Exception {
        // Larger than any tarball hex.pm accepts: refused without hashing it all.
        Files.write(mirror.resolve("tarballs/mime-2.0.0.tar"), new byte[(int) TarballReader.DEFAULT_MAX_TARBALL_BYTES + 1]);

        assertThat(fixture.verify().problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("tarballs/mime-2.0.0.tar");
            assertThat(p.kind()).isEqualTo(Kind.CORRUPT);
            assertThat(p.message()).contains("exceeds the limit of " + TarballReader.DEFAULT_MAX_TARBALL_BYTES + " bytes");
        });
    }

    /**
     * A tarball whose inside is broken (its contents no longer hash to its CHECKSUM member) but whose
     * outer checksum the signed registry lists: what upstream would serve had it signed a broken
     * tarball. Only the deep check looks inside; the default one proves the bytes are the signed ones.
     */
    @Test
    void onlyDeepVerifyFindsABrokenTarballThatUpstreamSigned() throws Exception {
        String key = "tarballs/mime-2.0.0.tar";
        Path tarball = mirror.resolve(key);
        byte[] bytes = flipMiddleBit(tarball);
        signWithUpstreamKey("mime", "2.0.0", MessageDigest.getInstance("SHA-256").digest(bytes));

        assertThat(fixture.verify().sound()).as("the bytes are the ones the registry's signer listed").isTrue();
        assertThat(deepVerify().problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo(key);
            assertThat(p.kind()).isEqualTo(Kind.CORRUPT);
            assertThat(p.message()).contains("inner checksum mismatch");
        });
    }

    @Test
    void trustingStoredChecksumsOnAStoreThatKeepsNoneStillReadsEveryTarball() throws Exception {
        Path tarball = mirror.resolve("tarballs/mime-2.0.0.tar");
        flipMiddleBit(tarball);

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
    void aReleaseWithoutAnOuterChecksumIsInspectedInFull() throws Exception {
        // Older registries list only the inner checksum: without an outer one the default verify looks inside.
        String key = "tarballs/mime-2.0.0.tar";
        Path tarball = mirror.resolve(key);
        flipMiddleBit(tarball);
        signWithUpstreamKey("mime", "2.0.0", null);

        assertThat(fixture.verify().problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo(key);
            assertThat(p.kind()).isEqualTo(Kind.CORRUPT);
            assertThat(p.message()).contains("inner checksum mismatch");
        });
    }

    @Test
    void bothModesDetectAMissingTarball() throws Exception {
        Files.delete(mirror.resolve("tarballs/plug-1.14.0.tar"));

        for (VerifyReport report : List.of(fixture.verify(), deepVerify())) {
            assertThat(report.problems()).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo("tarballs/plug-1.14.0.tar");
                assertThat(p.kind()).isEqualTo(Kind.MISSING);
            });
        }
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

    @Test
    void theIndexesFindingsComeBeforeThePackagesThoughTheyAreCheckedAlongside() throws Exception {
        Files.delete(mirror.resolve("names"));
        Path versions = mirror.resolve("versions");
        byte[] bytes = Files.readAllBytes(versions);
        bytes[bytes.length - 12] ^= 0x40;
        Files.write(versions, bytes);
        flipMiddleBit(mirror.resolve("tarballs/mime-2.0.0.tar"));

        VerifyReport report = fixture.verify();

        assertThat(report.problems()).extracting(VerifyReport.Problem::key, VerifyReport.Problem::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("names", Kind.MISSING), org.assertj.core.groups.Tuple.tuple("versions", Kind.CORRUPT),
                org.assertj.core.groups.Tuple.tuple("tarballs/mime-2.0.0.tar", Kind.CORRUPT));
        // Without /names, no listed package counts as not mirrored.
        assertThat(report.packagesNotMirrored()).isZero();
        assertThat(report.tarballsChecked()).isEqualTo(7);
    }

    /**
     * Changes one bit in the middle of the file and returns its new content; the middle of a tarball of a
     * few KB lies in contents.tar.gz, the last member.
     */
    private static byte[] flipMiddleBit(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
        return bytes;
    }

    private VerifyReport deepVerify() throws IOException {
        return new MirrorVerifier(fixture.storage, fixture.upstream.reader()).deep(true).verify(key -> { });
    }

    /**
     * Rewrites the mirror's package file, signed with upstream's own key, to list this outer checksum
     * for the release, or none when null.
     */
    private void signWithUpstreamKey(String name, String version, byte[] outerChecksum) throws Exception {
        String key = "packages/" + name;
        Package pkg = fixture.upstream.reader().readPackage(name, fixture.storage.read(key).readAllBytes());
        Package.Builder changed = pkg.toBuilder();
        for (int i = 0; i < changed.getReleasesCount(); i++) {
            if (changed.getReleases(i).getVersion().equals(version)) {
                Release.Builder release = changed.getReleases(i).toBuilder();
                if (outerChecksum == null) {
                    release.clearOuterChecksum();
                } else {
                    release.setOuterChecksum(ByteString.copyFrom(outerChecksum));
                }
                changed.setReleases(i, release);
            }
        }
        byte[] file = new RegistryWriter(fixture.upstream.keyPair().getPrivate()).write(changed.build());
        fixture.storage.write(key, file, WriteOptions.defaults());
    }
}
