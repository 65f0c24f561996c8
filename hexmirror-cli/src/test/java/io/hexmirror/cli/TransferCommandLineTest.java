package io.hexmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Parsing of status, export, import and want. */
class TransferCommandLineTest {
    @ParameterizedTest
    @ValueSource(strings = {"status", "export", "import", "want"})
    void everyTransferCommandHasHelp(String command) {
        CliRun run = CliRun.of(command, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: hexmirror " + command).contains("TARGET");
    }

    @Test
    void topLevelHelpListsTheTransferCommandsAndTheGenerationExitCode() {
        CliRun run = CliRun.of("--help");

        assertThat(run.out()).contains("status").contains("export").contains("import").contains("want")
                .contains("6    the bundle or request does not fit the mirror's generation");
    }

    @Test
    void exportNeedsExactlyOneOfSinceFullAndRequest() {
        CliRun none = CliRun.of("export", "mirror", "out.bundle");
        CliRun both = CliRun.of("export", "--since", "3", "--full", "mirror", "out.bundle");

        assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("--since=GENERATION").contains("--full").contains("--request=FILE");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("mutually exclusive");
    }

    @Test
    void importNeedsABundleAndATarget() {
        CliRun run = CliRun.of("import", "only-one");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("BUNDLE... TARGET");
    }

    @Test
    void aBadSplitSizeIsAUsageError() {
        CliRun run = CliRun.of("export", "--full", "--split", "lots", "mirror", "out.bundle");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("'lots' is not a size");
    }

    @ParameterizedTest
    @CsvSource({"700M, 734003200", "4G, 4294967296", "4095MiB, 4293918720", "100k, 102400", "512, 512", "2 GB, 2147483648"})
    void sizesUseBinaryUnits(String text, long bytes) {
        assertThat(new SizeConverter().convert(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5M", "1.5G", "8E", "9999999999999T"})
    void invalidSizesAreRefused(String text) {
        assertThatThrownBy(() -> new SizeConverter().convert(text)).isInstanceOf(CommandLine.TypeConversionException.class);
    }
}
