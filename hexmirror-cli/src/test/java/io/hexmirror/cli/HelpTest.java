package io.hexmirror.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** What a newcomer reads: every command's help, the command list, and what a usage error prints. */
class HelpTest {
    static Stream<String> commands() {
        return Main.commandLine().getSubcommands().keySet().stream().filter(name -> !name.equals("help"));
    }

    private static String help(int width, String... command) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setUsageHelpWidth(width);
        CommandLine target = commandLine;
        for (String name : command) {
            target = target.getSubcommands().get(name);
        }
        StringWriter out = new StringWriter();
        target.usage(new PrintWriter(out), CommandLine.Help.Ansi.OFF);
        return out.toString();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandHasExamplesAndExitCodesAndFitsEightyColumns(String command) {
        String help = help(80, command);

        assertThat(help).contains("Usage: hexmirror " + command).contains("\nExamples:\n  hexmirror " + command)
                .contains("\nExit codes:\n  0    success").contains("  3    upstream data or a bundle failed verification");
        assertThat(help.lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyExampleParses(String command) {
        CommandLine.Model.CommandSpec spec = Main.commandLine().getSubcommands().get(command).getCommandSpec();
        List<String> examples = new ArrayList<>();
        for (String line : spec.usageMessage().footer()) {
            if (line.startsWith("  hexmirror ")) {
                examples.add(line.strip());
            }
        }

        assertThat(examples).isNotEmpty();
        for (String example : examples) {
            List<String> args = words(example);
            assertThatCode(() -> Main.commandLine().parseArgs(args.subList(1, args.size()).toArray(String[]::new)))
                    .as(example).doesNotThrowAnyException();
        }
    }

    @Test
    void theCommandListHasOneWholeSentencePerCommand() {
        String help = help(80);
        String list = help.substring(help.indexOf("Commands:\n") + 10, help.indexOf("\nExit codes:"));

        List<String> lines = list.lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).hasSize((int) commands().count() + 1);
        assertThat(lines).allSatisfy(line -> assertThat(line).matches("  [a-z]+ +[A-Z].*\\.$"));
    }

    @Test
    void noDescriptionIsHardWrapped() {
        Main.commandLine().getSubcommands().values().stream().filter(sub -> !sub.getCommandName().equals("help")).forEach(sub -> {
            for (String paragraph : sub.getCommandSpec().usageMessage().description()) {
                assertThat(paragraph).as(sub.getCommandName()).endsWith(".");
            }
        });
    }

    @Test
    void importsSynopsisNamesItsArgumentsOnce() {
        String help = help(200, "import");

        assertThat(help).containsOnlyOnce("BUNDLE... TARGET\n").doesNotContain("TARGET BUNDLE");
    }

    @Test
    void serveGroupsItsOptionsByPurpose() {
        String help = help(80, "serve");

        int serving = help.indexOf("\nServing:\n");
        int syncing = help.indexOf("\nSyncing in the background (with --sync-interval):\n");
        int selection = help.indexOf("\nWhat to sync (default: everything upstream):\n");
        int other = help.indexOf("\nOther options:\n");
        assertThat(serving).isPositive().isLessThan(help.indexOf("--bind=ADDR")).isLessThan(syncing);
        assertThat(syncing).isLessThan(help.indexOf("--sync-interval=DURATION")).isLessThan(selection);
        assertThat(selection).isLessThan(help.indexOf("--package=")).isLessThan(other);
        assertThat(other).isLessThan(help.indexOf("--stacktrace"));
        assertThat(help).containsOnlyOnce("--upstream-key=").containsOnlyOnce("      --stacktrace ");
    }

    @Test
    void aUsageErrorIsOneLineAndPointsToTheCommandsHelp() {
        CliRun run = CliRun.of("sync", "--bogus", "target");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("hexmirror: error: Unknown option: '--bogus'" + System.lineSeparator()
                + "see 'hexmirror sync --help'" + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aMistypedCommandGetsASuggestion() {
        CliRun run = CliRun.of("syn", "./mirror");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("hexmirror: error: ").contains("hexmirror sync").contains("see 'hexmirror --help'")
                .doesNotContain("Usage:");
    }

    @Test
    void bareHexmirrorPointsToItsHelp() {
        CliRun run = CliRun.of();

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("hexmirror: error: missing command" + System.lineSeparator()
                + "see 'hexmirror --help'" + System.lineSeparator());
    }

    @Test
    void theHelpWidthFollowsColumns() {
        assertThat(TerminalWidth.fromEnvironment(Map.of("COLUMNS", "120"))).isEqualTo(OptionalInt.of(120));
        assertThat(TerminalWidth.fromEnvironment(Map.of("COLUMNS", "20"))).isEqualTo(OptionalInt.of(TerminalWidth.MIN));
        assertThat(TerminalWidth.fromEnvironment(Map.of("COLUMNS", "wide"))).isEmpty();
        assertThat(TerminalWidth.fromEnvironment(Map.of())).isEmpty();
    }

    @Test
    void wantAcceptsEveryPackageForm(@TempDir Path dir) throws Exception {
        for (String form : List.of("jason", "jason:~> 1.4", "jason ~> 1.4")) {
            Path out = dir.resolve("want-" + form.length() + ".json");
            CliRun run = CliRun.of("want", "--package", form, dir.resolve("mirror").toString(), out.toString());

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(io.hexmirror.transfer.TransferRequest.read(out).packages())
                    .containsExactly(form.equals("jason") ? "jason" : "jason ~> 1.4");
        }
    }

    /** Splits an example into words as a shell would, for single quotes only. */
    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    words.add(word.toString());
                }
                word.setLength(0);
                any = false;
            } else {
                word.append(c);
                any = true;
            }
        }
        if (any) {
            words.add(word.toString());
        }
        return words;
    }
}
