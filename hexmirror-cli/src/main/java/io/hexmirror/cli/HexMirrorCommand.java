package io.hexmirror.cli;

import io.hexmirror.HexMirrorVersion;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hexmirror} command: parses the command line and hands over to a subcommand. */
@Command(
        name = "hexmirror",
        mixinStandardHelpOptions = true,
        versionProvider = HexMirrorCommand.Version.class,
        description = "Mirrors the Hex.pm package repository (Elixir and Erlang) for networks the internet barely reaches.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  hexmirror sync ./mirror            mirror all of hex.pm into ./mirror",
            "  hexmirror serve ./mirror           serve it to Mix and rebar3",
            "  hexmirror sync --help              more about one command"
        })
public final class HexMirrorCommand implements Runnable {
    /**
     * The subcommands by name, in the order the usage lists them; added by {@link Main} rather than named in the
     * annotation, so that a command line can be built with only the one that runs.
     */
    static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> all = new LinkedHashMap<>();
        all.put("sync", SyncCommand::new);
        all.put("verify", VerifyCommand::new);
        all.put("serve", ServeCommand::new);
        all.put("plan", PlanCommand::new);
        all.put("keygen", KeygenCommand::new);
        all.put("status", StatusCommand::new);
        all.put("catalog", CatalogCommand::new);
        all.put("export", ExportCommand::new);
        all.put("import", ImportCommand::new);
        all.put("want", WantCommand::new);
        all.put("help", CommandLine.HelpCommand::new);
        return Collections.unmodifiableMap(all);
    }

    /** Prints the build's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"hexmirror " + HexMirrorVersion.get(), "Java " + Runtime.version()};
        }
    }
}
