package io.hexmirror.cli;

import picocli.CommandLine.Option;

/** Options every command takes. Logging levels are read in {@link Logging} before parsing. */
final class CommonOptions {
    @Option(names = "--stacktrace", description = "Print the full stack trace of an error.")
    boolean stacktrace;

    @Option(names = "--verbose", description = "Log details (debug level).")
    boolean verbose;

    @Option(names = "--quiet", description = "Log warnings and errors only; no progress.")
    boolean quiet;
}
