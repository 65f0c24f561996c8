package io.hexmirror.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of the hexmirror command line, with what it printed. */
record CliRun(int exitCode, String out, String err) {
    /** As {@code main} runs them: with only the subcommand the arguments name. */
    static CliRun of(String... args) {
        return run(Main.commandLine(args), args);
    }

    /** With every subcommand in the command line. */
    static CliRun withEverySubcommand(String... args) {
        return run(Main.commandLine(), args);
    }

    private static CliRun run(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
