package io.hexmirror.cli;

import picocli.CommandLine;

/** Entry point of {@code java -jar hexmirror.jar}. */
public final class Main {
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
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }
}
