package io.hexmirror.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/** Entry point of {@code java -jar hexmirror.jar}. */
public final class Main {
    /** The exit statuses, as every command's help lists them. */
    static final Map<String, String> EXIT_CODES = exitCodes();

    private Main() {
    }

    public static void main(String[] args) {
        Logging.configureFrom(args);
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for tests to run in-process. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new HexMirrorCommand());
        commandLine.setExecutionExceptionHandler(new ErrorHandler());
        commandLine.setParameterExceptionHandler(new UsageErrorHandler());
        // "@FILE" arguments are not a documented feature: expanding them would turn a target or package
        // that starts with '@' into a file read, failing with a stack trace on a directory or binary file.
        commandLine.setExpandAtFiles(false);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setUsageHelpAutoWidth(true);
        TerminalWidth.fromEnvironment(System.getenv()).ifPresent(commandLine::setUsageHelpWidth);
        addExitCodes(commandLine);
        OptionSections.apply(commandLine.getSubcommands().get("serve"), ServeCommand.optionSections(), "Other options");
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
