package io.hexmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.HexMirrorVersion;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Option parsing, help, version and usage errors. */
class CommandLineTest {
    @Test
    void versionPrintsTheBuildVersion() {
        CliRun run = CliRun.of("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("hexmirror " + HexMirrorVersion.get());
        assertThat(HexMirrorVersion.get()).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "verify"})
    void everyCommandHasHelp(String command) {
        CliRun run = CliRun.of(command, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: hexmirror " + command).contains("TARGET");
    }

    @Test
    void eachCommandBuiltAloneHelpsAndRefusesAsAmongAllTheOthers() {
        for (String command : HexMirrorCommand.SUBCOMMANDS.keySet()) {
            for (String[] args : List.of(new String[] {command, "--help"}, new String[] {command, "--no-such-option"})) {
                assertThat(CliRun.of(args)).as(String.join(" ", args)).isEqualTo(CliRun.withEverySubcommand(args));
            }
        }
        assertThat(Main.commandLine(new String[] {"sync", "./mirror"}).getSubcommands()).containsOnlyKeys("sync");
        assertThat(Main.commandLine(new String[] {"help", "sync"}).getSubcommands()).containsKeys("sync", "serve", "import");
    }

    @Test
    void topLevelHelpListsCommandsAndExitCodes() {
        CliRun run = CliRun.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("sync").contains("verify").contains("Exit codes:");
    }

    @Test
    void missingTargetIsAUsageError() {
        CliRun run = CliRun.of("sync");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Missing required parameter: 'TARGET'");
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(CliRun.of().exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void invalidPackageNameIsAUsageErrorInOneLine() {
        CliRun run = CliRun.of("sync", "--package", "../etc", "target");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("hexmirror: error: invalid package name '../etc' ").hasLineCount(1);
    }

    @Test
    void unknownStorageSchemeListsTheProvidersFound() {
        CliRun run = CliRun.of("verify", "nosuch://bucket/x");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("no storage provider for scheme 'nosuch'").contains("providers found: file");
    }
}
