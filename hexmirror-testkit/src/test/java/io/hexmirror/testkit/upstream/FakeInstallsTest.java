package io.hexmirror.testkit.upstream;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.installs.InstallsCsv;
import io.hexmirror.installs.InstallsIndex;
import io.hexmirror.installs.InstallsRow;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The fake repository's {@code /installs/}: CSVs signed as builds.hex.pm signs them, and the builds they list. */
class FakeInstallsTest {
    @Test
    void publishedBuildsAreListedWithTheirSha512InCsvsThatVerifyWithTheRepositoryKey() throws Exception {
        FakeHexRepository repo = FakeHexRepository.create();
        byte[] ez = "zip bytes".getBytes(US_ASCII);
        byte[] escript = "#!/usr/bin/env escript\n".getBytes(US_ASCII);
        repo.publishHexArchive("2.5.1", "1.14.0", ez).publishRebar3("3.24.0", "1.19.0", 27, escript);

        byte[] csv = repo.file("installs/hex-1.x.csv").orElseThrow();
        assertThat(new String(csv, US_ASCII)).isEqualTo("2.5.1," + sha512(ez) + ",1.14.0\n");
        InstallsCsv hex = InstallsCsv.verify(InstallsIndex.HEX_1X, csv, repo.file("installs/hex-1.x.csv.signed").orElseThrow(),
                repo.publicKey(), "from the fake");
        assertThat(hex.rows()).extracting(InstallsRow::key).containsExactly("installs/1.14.0/hex-2.5.1.ez");
        assertThat(repo.file("installs/1.14.0/hex-2.5.1.ez")).hasValue(ez);

        InstallsCsv rebar = InstallsCsv.verify(InstallsIndex.REBAR, repo.file("installs/rebar.csv").orElseThrow(),
                repo.file("installs/rebar.csv.signed").orElseThrow(), repo.publicKey(), "from the fake");
        assertThat(rebar.rows()).extracting(InstallsRow::key).containsExactly("installs/1.19.0/rebar3-3.24.0-otp-27");
        assertThat(repo.file("installs/1.19.0/rebar3-3.24.0-otp-27")).hasValue(escript);
        assertThat(repo.paths()).contains("installs/hex-1.x.csv", "installs/hex-1.x.csv.signed", "installs/rebar.csv",
                "installs/1.19.0/rebar3-3.24.0-otp-27");
        assertThat(repo.file("installs/hex.csv")).isEmpty();
    }

    @Test
    void aReplacedBuildNoLongerMatchesItsRowAndARawRowIsSignedAsGiven() throws Exception {
        FakeHexRepository repo = FakeHexRepository.create();
        repo.publishHexArchive("2.5.1", "1.14.0", "a".getBytes(US_ASCII))
                .replaceInstallsFile("installs/1.14.0/hex-2.5.1.ez", "b".getBytes(US_ASCII))
                .addInstallsRow("hex-1.x.csv", "anything,at,all");

        assertThat(repo.file("installs/1.14.0/hex-2.5.1.ez")).hasValue("b".getBytes(US_ASCII));
        byte[] csv = repo.file("installs/hex-1.x.csv").orElseThrow();
        assertThat(new String(csv, US_ASCII)).endsWith("\nanything,at,all\n");
        assertThat(repo.file("installs/hex-1.x.csv.signed")).hasValue(repo.installsSignature(csv));
    }

    private static String sha512(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
    }
}
