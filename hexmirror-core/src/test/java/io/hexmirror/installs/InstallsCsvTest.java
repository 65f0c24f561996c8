package io.hexmirror.installs;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.ChecksumMismatchException;
import io.hexmirror.MalformedDataException;
import io.hexmirror.VerificationException;
import io.hexmirror.registry.RepositoryKeys;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallsCsvTest {
    private static KeyPair key;
    private static final String SHA_A = "a".repeat(128);
    private static final String SHA_B = "b".repeat(128);

    @TempDir
    Path tmp;

    @BeforeAll
    static void key() {
        key = RepositoryKeys.generate();
    }

    static byte[] sign(byte[] csv, KeyPair pair) throws Exception {
        Signature signer = Signature.getInstance("SHA512withRSA");
        signer.initSign(pair.getPrivate());
        signer.update(csv);
        return Base64.getEncoder().encode(signer.sign());
    }

    private static InstallsCsv verify(InstallsIndex index, String text) throws Exception {
        byte[] csv = text.getBytes(US_ASCII);
        return InstallsCsv.verify(index, csv, sign(csv, key), key.getPublic(), "from upstream");
    }

    @Test
    void rowsOfTheOneXCsvPointToTheArchivesMixDownloads() throws Exception {
        InstallsCsv csv = verify(InstallsIndex.HEX_1X, "2.0.6," + SHA_A + ",1.13.0\n2.5.1," + SHA_B.toUpperCase() + ",1.14.0\n");

        assertThat(csv.rows()).extracting(InstallsRow::key)
                .containsExactly("installs/1.13.0/hex-2.0.6.ez", "installs/1.14.0/hex-2.5.1.ez");
        assertThat(csv.rows().get(1).sha512()).isEqualTo(SHA_B);
        assertThat(csv.rows().get(1).line()).isEqualTo(2);
    }

    @Test
    void rowsOfTheOtpCsvsNameTheOtpRelease() throws Exception {
        assertThat(verify(InstallsIndex.HEX, "2.5.1," + SHA_A + ",1.19.0,27\n").rows()).extracting(InstallsRow::key)
                .containsExactly("installs/1.19.0/hex-2.5.1-otp-27.ez");
        assertThat(verify(InstallsIndex.REBAR, "3.24.0," + SHA_A + ",1.19.0,27\n").rows()).extracting(InstallsRow::key)
                .containsExactly("installs/1.19.0/rebar3-3.24.0-otp-27");
        assertThat(verify(InstallsIndex.REBAR3_1X, "3.19.0," + SHA_A + ",1.14.0\n").rows()).extracting(InstallsRow::key)
                .containsExactly("installs/1.14.0/rebar3-3.19.0");
    }

    @Test
    void aCsvThatDoesNotMatchItsSignatureIsRefused() throws Exception {
        byte[] csv = ("2.5.1," + SHA_A + ",1.14.0\n").getBytes(US_ASCII);
        byte[] otherKeysSignature = sign(csv, RepositoryKeys.generate());

        assertThatThrownBy(() -> InstallsCsv.verify(InstallsIndex.HEX_1X, csv, otherKeysSignature, key.getPublic(), "from upstream"))
                .isInstanceOf(VerificationException.class)
                .hasMessage("installs/hex-1.x.csv from upstream does not match its signature installs/hex-1.x.csv.signed"
                        + " with the installs key");
        assertThatThrownBy(() -> InstallsCsv.verify(InstallsIndex.HEX_1X, csv, "not base64!".getBytes(US_ASCII),
                key.getPublic(), "from upstream"))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining("installs/hex-1.x.csv.signed from upstream");
    }

    @Test
    void aRowThatWouldPointOutsideInstallsIsRefusedNamingTheLine() throws Exception {
        assertThatThrownBy(() -> verify(InstallsIndex.HEX_1X, "2.5.1," + SHA_A + ",1.14.0\n2.5.1," + SHA_A + ",../../tarballs\n"))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage("installs/hex-1.x.csv from upstream line 2: '../../tarballs' is not a version;"
                        + " as part of a path it would point outside /installs/");
        assertThatThrownBy(() -> verify(InstallsIndex.REBAR3_1X, "3.19.0/../../x," + SHA_A + ",1.14.0\n"))
                .hasMessageContaining("line 1: '3.19.0/../../x' is not a version");
        assertThatThrownBy(() -> verify(InstallsIndex.HEX, "2.5.1," + SHA_A + ",1.19.0,../27\n"))
                .hasMessageContaining("'../27' is not an OTP major release");
    }

    @Test
    void malformedRowsAreRefused() {
        assertThatThrownBy(() -> verify(InstallsIndex.HEX_1X, "2.5.1," + SHA_A + "\n"))
                .hasMessageContaining("line 1 has 2 field(s), expected 3 (VERSION,SHA512,ELIXIR)");
        assertThatThrownBy(() -> verify(InstallsIndex.HEX_1X, "2.5.1,abc,1.14.0\n"))
                .hasMessageContaining("'abc' is not a SHA-512");
        assertThatThrownBy(() -> verify(InstallsIndex.HEX_1X, "2.5.1," + SHA_A + ",1.14\n"))
                .hasMessageContaining("'1.14' is not an Elixir version");
    }

    @Test
    void aBuildIsCheckedAgainstItsRowsSha512AndAHexArchiveMustBeAWholeZip() throws Exception {
        byte[] ez = zip();
        byte[] truncated = java.util.Arrays.copyOf(ez, ez.length - 30);
        InstallsCsv csv = verify(InstallsIndex.HEX_1X, "2.5.1," + sha512(ez) + ",1.14.0\n2.6.0," + sha512(truncated) + ",1.14.0\n");
        Path good = Files.write(tmp.resolve("good.ez"), ez);
        Path cut = Files.write(tmp.resolve("cut.ez"), truncated);

        InstallsBuilds.verify(csv, csv.rows().get(0), good, "downloaded from upstream");
        assertThatThrownBy(() -> InstallsBuilds.verify(csv, csv.rows().get(0), cut, "downloaded from upstream"))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessage("installs/1.14.0/hex-2.5.1.ez downloaded from upstream has SHA-512 " + sha512(truncated)
                        + " (" + truncated.length + " bytes), but installs/hex-1.x.csv line 1 says " + sha512(ez));
        // Even when the CSV's own SHA-512 is of the truncated bytes, the archive is refused.
        assertThatThrownBy(() -> InstallsBuilds.verify(csv, csv.rows().get(1), cut, "downloaded from upstream"))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageStartingWith("installs/1.14.0/hex-2.6.0.ez downloaded from upstream is not a whole .ez (zip) archive");
    }

    @Test
    void installerPathsAreTheCsvsTheirSignaturesAndBuildsOneFolderDown() {
        assertThat(List.of("installs/hex-1.x.csv", "installs/rebar.csv.signed", "installs/1.14.0/hex-2.5.1.ez",
                "installs/1.19.0/hex-2.5.1-otp-27.ez", "installs/1.14.0/rebar3-3.19.0", "installs/1.19.0/rebar3-3.24.0-otp-27"))
                .allMatch(InstallsIndex::isInstallsPath);
        assertThat(List.of("installs/other.csv", "installs/hex-2.5.1.ez", "installs/1.14.0/evil.sh", "installs/../names",
                "installs/1.14.0/sub/hex-2.5.1.ez", "installs/../1.14.0/rebar3-1", "tarballs/x-1.0.0.tar"))
                .noneMatch(InstallsIndex::isInstallsPath);
    }

    @Test
    void theDefaultKeyIsTheElixirTeamsRsaKey() {
        assertThat(InstallsOptions.elixirTeamKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(InstallsOptions.defaults().elixirVersions()).isEqualTo(List.of("1.14", "1.15", "1.16", "1.17", "1.18", "1.19"));
    }

    static byte[] zip() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("hex-2.5.1/ebin/hex.app"));
            zip.write("{application,hex,[]}.".repeat(20).getBytes(US_ASCII));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    static String sha512(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(content));
    }
}
