package io.hexmirror.cli;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/** Entry point of {@code java -jar hexmirror.jar}. */
public final class Main {
    /** The exit statuses, as every command's help lists them. */
    static final Map<String, String> EXIT_CODES = exitCodes();

    private Main() {
    }

    public static void main(String[] args) {
        Logging.configureFrom(args);
        System.exit(commandLine(args).execute(args));
    }

    /** The configured command line with every subcommand, for tests to run in-process. */
    public static CommandLine commandLine() {
        return configure(HexMirrorCommand.SUBCOMMANDS.keySet());
    }

    /**
     * The command line for these arguments: when they start with a subcommand's name, with only that subcommand,
     * since picocli's reading of every subcommand's options takes a good part of a short command's CPU time.
     * {@code help} lists the others, so it gets them all.
     */
    static CommandLine commandLine(String[] args) {
        if (args.length > 0 && HexMirrorCommand.SUBCOMMANDS.containsKey(args[0]) && !args[0].equals("help")) {
            return configure(Set.of(args[0]));
        }
        return commandLine();
    }

    private static CommandLine configure(Collection<String> subcommands) {
        CommandLine commandLine = new CommandLine(new HexMirrorCommand());
        HexMirrorCommand.SUBCOMMANDS.forEach((name, command) -> {
            if (subcommands.contains(name)) {
                commandLine.addSubcommand(name, command.get());
            }
        });
        commandLine.setExecutionExceptionHandler(new ErrorHandler());
        commandLine.setParameterExceptionHandler(new UsageErrorHandler());
        // "@FILE" arguments are not a documented feature: expanding them would turn a target or package
        // that starts with '@' into a file read, failing with a stack trace on a directory or binary file.
        commandLine.setExpandAtFiles(false);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setUsageHelpAutoWidth(true);
        TerminalWidth.fromEnvironment(System.getenv()).ifPresent(commandLine::setUsageHelpWidth);
        addExitCodes(commandLine);
        CommandLine serve = commandLine.getSubcommands().get("serve");
        if (serve != null) {
            OptionSections.apply(serve, ServeCommand.optionSections(), "Other options");
        }
        return commandLine;
    }

    private static void addExitCodes(CommandLine commandLine) {
        CommandLine.Model.UsageMessageSpec usage = commandLine.getCommandSpec().usageMessage();
        if (usage.exitCodeList().isEmpty() && !(commandLine.getCommand() instanceof CommandLine.HelpCommand)) {
            usage.exitCodeListHeading("%nExit codes:%n").exitCodeList(EXIT_CODES);
        }
        commandLine.getSubcommands().values().forEach(Main::addExitCodes);
    }

    private static Map<String, String> exitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(Integer.toString(ExitCodes.OK), "success");
        codes.put(Integer.toString(ExitCodes.INCOMPLETE), "finished, but something was left out or found missing or corrupt");
        codes.put(Integer.toString(ExitCodes.USAGE), "invalid command line or input file");
        codes.put(Integer.toString(ExitCodes.VERIFICATION_FAILED),
                "upstream data or a bundle failed verification; nothing was published");
        codes.put(Integer.toString(ExitCodes.IO_ERROR), "network or storage error");
        codes.put(Integer.toString(ExitCodes.LOCKED), "another sync or import holds the mirror's lock");
        codes.put(Integer.toString(ExitCodes.WRONG_GENERATION),
                "the bundle or request does not fit the mirror's generation; nothing was changed");
        codes.put(Integer.toString(ExitCodes.QUARANTINED),
                "sync published all but releases upstream serves wrongly (quarantined, retried next time)");
        codes.put(Integer.toString(ExitCodes.INTERNAL_ERROR), "internal error (a bug; rerun with --stacktrace and report it)");
        return java.util.Collections.unmodifiableMap(codes);
    }
}
