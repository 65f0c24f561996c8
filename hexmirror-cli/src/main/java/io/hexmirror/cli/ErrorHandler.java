package io.hexmirror.cli;

import io.hexmirror.BadSignatureException;
import io.hexmirror.InvalidInputException;
import io.hexmirror.PublicKeyMismatchException;
import io.hexmirror.VerificationException;
import io.hexmirror.mirror.MirrorLockedException;
import io.hexmirror.transfer.GenerationMismatchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Turns an exception from a command into one line on standard error and an exit code; the stack
 * trace only with {@code --stacktrace}.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    /** How every error line of every command starts. */
    static final String PREFIX = "hexmirror: error: ";

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
        boolean stacktrace = parseResult.expandedArgs().contains("--stacktrace");
        commandLine.getErr().println(PREFIX + message(cause));
        hint(cause, innermost(parseResult).hasMatchedOption("--break-lock"))
                .ifPresent(hint -> commandLine.getErr().println("hexmirror: hint: " + hint));
        signatureHint(cause, parseResult).ifPresent(commandLine.getErr()::println);
        if (stacktrace) {
            cause.printStackTrace(commandLine.getErr());
        } else if (exitCode(cause) == ExitCodes.INTERNAL_ERROR) {
            commandLine.getErr().println("hexmirror: this looks like a bug; rerun with --stacktrace and report it");
        }
        commandLine.getErr().flush();
        return exitCode(cause);
    }

    /**
     * A bad signature, or a bundle carrying another public key, most often means the mirror copies a
     * repository other than hex.pm and was not given that repository's key: say how to give it.
     */
    static Optional<String> signatureHint(Throwable e, CommandLine.ParseResult parseResult) {
        if (!(e instanceof BadSignatureException || e instanceof PublicKeyMismatchException)) {
            return Optional.empty();
        }
        CommandLine.ParseResult command = innermost(parseResult);
        if (command.commandSpec().findOption("--upstream-key") == null || command.hasMatchedOption("--upstream-key")) {
            return Optional.empty();
        }
        String upstream = command.commandSpec().findOption("--upstream") == null ? null
                : command.matchedOptionValue("--upstream", java.net.URI.create(UpstreamOptions.DEFAULT_UPSTREAM)).toString();
        if (upstream == null) {
            return Optional.of("hexmirror: hint: if this mirror copies a repository other than hex.pm, "
                    + "give that repository's public key with --upstream-key PEM_FILE");
        }
        if (upstream.equals(UpstreamOptions.DEFAULT_UPSTREAM)) {
            return Optional.empty();
        }
        return Optional.of("hexmirror: hint: " + upstream + " is not hex.pm: give its public key with --upstream-key PEM_FILE");
    }

    static int exitCode(Throwable e) {
        if (e instanceof MirrorLockedException) {
            return ExitCodes.LOCKED;
        }
        if (e instanceof GenerationMismatchException) {
            return ExitCodes.WRONG_GENERATION;
        }
        if (e instanceof VerificationException) {
            return ExitCodes.VERIFICATION_FAILED;
        }
        // What the user wrote: an option, a requirement in --package, a lock file or a selection file.
        if (e instanceof InvalidInputException) {
            return ExitCodes.USAGE;
        }
        if (e instanceof IOException) {
            return ExitCodes.IO_ERROR;
        }
        // Anything else (IllegalArgumentException included) is a bug: never dressed up as a usage error.
        return ExitCodes.INTERNAL_ERROR;
    }

    /** The parse result of the command that ran (the last subcommand). */
    private static CommandLine.ParseResult innermost(CommandLine.ParseResult parseResult) {
        CommandLine.ParseResult command = parseResult;
        while (command.hasSubcommand()) {
            command = command.subcommand();
        }
        return command;
    }

    /**
     * What the user can do about a failure, in the command line's terms: the library's messages do not name options.
     *
     * @param breakLockGiven whether the command ran with {@code --break-lock}: then suggesting it again is no help
     */
    static Optional<String> hint(Throwable e, boolean breakLockGiven) {
        if (e instanceof MirrorLockedException locked) {
            // Breaking the lock of a writer that still runs on this host is refused: do not suggest it.
            if (breakLockGiven || !locked.breakable()) {
                return Optional.empty();
            }
            return Optional.of("if no other hexmirror process is writing this mirror, run again with --break-lock");
        }
        if (e instanceof GenerationMismatchException) {
            return Optional.of("hexmirror export --full writes a bundle for an empty or unrelated mirror;"
                    + " hexmirror want writes a request for a bundle that fits");
        }
        return Optional.empty();
    }

    private static String message(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        // java.nio says only the path: say what is wrong with it.
        if (e instanceof NoSuchFileException) {
            return "no such file: " + message;
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + message;
        }
        // Network errors often say only "Connection refused": keep the type when it adds meaning.
        if (e instanceof java.net.ConnectException || e instanceof java.net.UnknownHostException) {
            return e.getClass().getSimpleName() + ": " + message;
        }
        return message;
    }
}
