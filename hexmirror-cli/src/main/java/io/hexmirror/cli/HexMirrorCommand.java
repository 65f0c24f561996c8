package io.hexmirror.cli;

import io.hexmirror.HexMirrorVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hexmirror} command: parses the command line and hands over to a subcommand. */
@Command(
        name = "hexmirror",
        mixinStandardHelpOptions = true,
        versionProvider = HexMirrorCommand.Version.class,
        description = "Mirrors the Hex.pm package repository (Elixir and Erlang) for networks the internet barely reaches.",
        subcommands = {
            SyncCommand.class,
            VerifyCommand.class,
            ServeCommand.class,
            PlanCommand.class,
            KeygenCommand.class,
            StatusCommand.class,
            CatalogCommand.class,
            ExportCommand.class,
            ImportCommand.class,
            WantCommand.class,
            CommandLine.HelpCommand.class
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  hexmirror sync ./mirror            mirror all of hex.pm into ./mirror",
            "  hexmirror serve ./mirror           serve it to Mix and rebar3",
            "  hexmirror sync --help              more about one command"
        })
public final class HexMirrorCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    /** Prints the build's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"hexmirror " + HexMirrorVersion.get(), "Java " + Runtime.version()};
        }
    }
}
