package io.hexmirror.it;

import io.hexmirror.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * One in-process run of the hexmirror command line ({@link Main#commandLine()}), with what it
 * printed: {@code out} and {@code err} are the command's own writers, {@code log} is what the
 * logger (slf4j-simple, which writes to {@link System#err}) printed meanwhile.
 */
record CommandRun(int exitCode, String out, String err, String log) {
    static CommandRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        int code;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            CommandLine commandLine = Main.commandLine();
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
            code = commandLine.execute(args);
        } finally {
            System.setErr(originalErr);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        // Still shown in the test output, for diagnosis.
        originalErr.print(logged);
        return new CommandRun(code, out.toString(), err.toString(), logged);
    }

    /** Everything printed, for failure messages. */
    String describe() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err + "--- log\n" + log;
    }
}
