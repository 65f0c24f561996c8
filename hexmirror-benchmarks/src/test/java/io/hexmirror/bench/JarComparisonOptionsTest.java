package io.hexmirror.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class JarComparisonOptionsTest {

    @Test
    void payloadKbGivesTheFullSyncComparisonsUpstreamHexpmsTarballSizes() {
        FullSyncComparison hexpm = comparison("--packages", "30", "--payload-kb", "49");
        FullSyncComparison defaults = comparison("--packages", "30");

        // 225 draws of a long tail around 60 KB; without payloads (the default, as before), about 6 KB.
        assertThat(defaults.options.payloadKb).isZero();
        assertThat(GeneratedTarballs.meanBytes(hexpm.options.upstream())).isBetween(40_000.0, 80_000.0);
        assertThat(GeneratedTarballs.meanBytes(defaults.options.upstream())).isBetween(3_000.0, 8_000.0);
    }

    @Test
    void aPayloadLargerThanAnyTarballHexpmTakesIsRefused() {
        FullSyncComparison tooLarge = comparison("--packages", "3", "--payload-kb", "9000");

        assertThatThrownBy(() -> tooLarge.options.upstream()).hasMessageContaining("--payload-kb");
    }

    private static FullSyncComparison comparison(String... args) {
        FullSyncComparison comparison = new FullSyncComparison();
        List<String> all = new ArrayList<>(List.of("--cli-jar", "hexmirror.jar"));
        all.addAll(List.of(args));
        new CommandLine(comparison).parseArgs(all.toArray(String[]::new));
        return comparison;
    }
}
