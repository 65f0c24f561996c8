package io.hexmirror.installs;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.registry.RepositoryKeys;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InstallsOptionsTest {
    private static KeyPair key;

    @BeforeAll
    static void key() {
        key = RepositoryKeys.generate();
    }

    private static String row(String version, String elixir) {
        return version + "," + "c".repeat(128) + "," + elixir + "\n";
    }

    private static InstallsCsv csv(InstallsIndex index, String text) throws Exception {
        byte[] bytes = text.getBytes(US_ASCII);
        return InstallsCsv.verify(index, bytes, InstallsCsvTest.sign(bytes, key), key.getPublic(), "from upstream");
    }

    private InstallsOptions options(List<String> elixir, List<Integer> otp) {
        return new InstallsOptions(elixir, otp, key.getPublic());
    }

    @Test
    void aSeriesGetsWhatMixOfEachOfItsVersionsWouldInstall() throws Exception {
        InstallsCsv csv = csv(InstallsIndex.HEX_1X, row("2.0.0", "1.13.0") + row("2.0.6", "1.13.0") + row("2.0.6", "1.14.0")
                + row("2.1.0", "1.14.0") + row("2.1.0", "1.14.2") + row("2.5.1", "1.15.0") + row("2.5.1", "1.14.0"));

        // Bottom-up, Mix 1.14.0 and 1.14.1 take 2.5.1 for 1.14.0 (the last row); 1.14.2+ the same row.
        assertThat(options(List.of("1.14"), List.of()).select(csv)).extracting(InstallsRow::key)
                .containsExactly("installs/1.14.0/hex-2.5.1.ez");
        assertThat(options(List.of("1.13"), List.of()).select(csv)).extracting(InstallsRow::key)
                .containsExactly("installs/1.13.0/hex-2.0.6.ez");
        assertThat(options(List.of("1.15", "1.19"), List.of()).select(csv)).extracting(InstallsRow::key)
                .as("1.19 reads hex.csv, not hex-1.x.csv").containsExactly("installs/1.14.0/hex-2.5.1.ez");
    }

    @Test
    void aPatchReleaseWithItsOwnRowGetsThatRowToo() throws Exception {
        InstallsCsv csv = csv(InstallsIndex.HEX_1X, row("2.0.6", "1.14.0") + row("2.1.0", "1.14.2"));

        assertThat(options(List.of("1.14"), List.of()).select(csv)).extracting(InstallsRow::key)
                .containsExactly("installs/1.14.0/hex-2.0.6.ez", "installs/1.14.2/hex-2.1.0.ez");
        assertThat(options(List.of("1.14.1"), List.of()).select(csv)).extracting(InstallsRow::key)
                .containsExactly("installs/1.14.0/hex-2.0.6.ez");
    }

    @Test
    void theOtpCsvsGiveOneBuildPerNamedOtpRelease() throws Exception {
        String sha = "d".repeat(128);
        InstallsCsv csv = csv(InstallsIndex.HEX, "2.5.1," + sha + ",1.19.0,26\n2.5.1," + sha + ",1.19.0,27\n2.5.1," + sha
                + ",1.19.0,28\n");

        assertThat(options(List.of("1.19"), List.of(26, 27)).select(csv)).extracting(InstallsRow::key)
                .containsExactly("installs/1.19.0/hex-2.5.1-otp-26.ez", "installs/1.19.0/hex-2.5.1-otp-27.ez");
        assertThat(options(List.of("1.18"), List.of(26, 27)).select(csv)).as("1.18 reads hex-1.x.csv").isEmpty();
    }

    @Test
    void namesThatAreNotVersionsAreRefused() {
        assertThatThrownBy(() -> options(List.of("1.x"), List.of()))
                .hasMessageContaining("'1.x' is not an Elixir version");
        assertThatThrownBy(() -> options(List.of("1.14"), List.of(3)))
                .hasMessageContaining("3 is not an OTP major release");
        assertThatThrownBy(() -> options(List.of(), List.of())).hasMessageContaining("at least one Elixir version");
    }
}
