package io.hexmirror.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * A command line picocli cannot parse: one line saying what is wrong, suggestions for a mistyped
 * option or command, and where the help is; not the whole help, which would bury the error.
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println(ErrorHandler.PREFIX + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("see '" + commandLine.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return ExitCodes.USAGE;
    }
}
