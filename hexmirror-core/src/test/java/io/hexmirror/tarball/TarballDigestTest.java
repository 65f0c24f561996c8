package io.hexmirror.tarball;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.ChecksumMismatchException;
import io.hexmirror.MalformedDataException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/** What a mirror checks of a tarball: structure, limits and checksums, whatever its metadata says. */
class TarballDigestTest {
    private final TarballReader reader = TarballReader.withDefaultLimits();

    @Test
    void theRealDecimalTarballDigestsToItsKnownChecksums() throws Exception {
        Path fixture = Path.of(TarballDigestTest.class.getResource("/fixtures/decimal-2.0.0.tar").toURI());

        TarballDigest digest = reader.digest(fixture, "tarballs/decimal-2.0.0.tar");

        assertThat(java.util.HexFormat.of().formatHex(digest.outerChecksum()))
                .isEqualTo("34666e9c55dea81013e77d9d87370fe6cb6291d1ef32f46a1600230b1d44f577");
        assertThat(java.util.HexFormat.of().formatHex(digest.innerChecksum()))
                .isEqualTo("a78296e617b0f5dd4c6caf57c714431347912ffb1d0842e998e9792b5642d697");
        assertThat(digest.size()).isEqualTo(Files.size(fixture));
    }

    @Test
    void metadataThisReaderFindsOddDoesNotStopAMirror() throws Exception {
        byte[] odd = "{<<\"name\">>,<<\"old\">>}.\n{<<\"version\">>,<<\"0.1.0\">>}.\n{<<\"licenses\">>,42}.\n"
                .getBytes(StandardCharsets.UTF_8);
        byte[] tarball = TestTarballs.tarball(odd, TestTarballs.contents());

        assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(tarball), "tarballs/old-0.1.0.tar"))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining("licenses");
        TarballDigest digest = reader.digest(new ByteArrayInputStream(tarball), "tarballs/old-0.1.0.tar");
        assertThat(digest.outerChecksum()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(tarball));
    }

    @Test
    void aCorruptedTarballIsStillRefused() {
        byte[] tarball = TestTarballs.validTarball();
        tarball[tarball.length / 2] ^= 0x01;

        assertThatThrownBy(() -> reader.digest(new ByteArrayInputStream(tarball), "tarballs/x-1.0.0.tar"))
                .isInstanceOfAny(ChecksumMismatchException.class, MalformedDataException.class)
                .hasMessageContaining("tarballs/x-1.0.0.tar");
    }
}
