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
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:finished, but something was left out or found missing or corrupt",
            "2:invalid command line",
            "3:upstream data or a bundle failed verification; nothing was published",
            "4:network or storage error",
            "5:another sync holds the mirror's lock",
            "6:the bundle or request does not fit the mirror's generation; nothing was changed",
            "70:internal error (a bug; rerun with --stacktrace and report it)"
        })
public final class HexMirrorCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'hexmirror sync --help'");
    }

    /** Prints the build's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"hexmirror " + HexMirrorVersion.get(), "Java " + Runtime.version()};
        }
    }
}
