package io.hexmirror.cli;

import io.hexmirror.InvalidInputException;
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
    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
        boolean stacktrace = parseResult.expandedArgs().contains("--stacktrace");
        commandLine.getErr().println("hexmirror: error: " + message(cause));
        hint(cause).ifPresent(hint -> commandLine.getErr().println("hexmirror: " + hint));
        if (stacktrace) {
            cause.printStackTrace(commandLine.getErr());
        } else if (exitCode(cause) == ExitCodes.INTERNAL_ERROR) {
            commandLine.getErr().println("hexmirror: this looks like a bug; rerun with --stacktrace and report it");
        }
        commandLine.getErr().flush();
        return exitCode(cause);
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

    /** What the user can do about a failure, in the command line's terms: the library's messages do not name options. */
    static Optional<String> hint(Throwable e) {
        if (e instanceof MirrorLockedException) {
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
