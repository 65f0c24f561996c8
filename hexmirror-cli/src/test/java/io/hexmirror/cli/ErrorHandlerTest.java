package io.hexmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.InvalidInputException;
import io.hexmirror.mirror.MirrorLock;
import io.hexmirror.mirror.MirrorLockedException;
import io.hexmirror.selection.SelectionSyntaxException;
import io.hexmirror.transfer.GenerationMismatchException;
import io.hexmirror.version.VersionParseException;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which failures are the user's to fix (usage), which are bugs, and the hints the command line adds. */
class ErrorHandlerTest {
    @Test
    void onlyInvalidInputIsAUsageError() throws Exception {
        assertThat(ErrorHandler.exitCode(new InvalidInputException("--newest takes a number"))).isEqualTo(ExitCodes.USAGE);
        assertThat(ErrorHandler.exitCode(new SelectionSyntaxException("mix.lock", 1, 2, "unexpected ','")))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(ErrorHandler.exitCode(parseFailure())).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void anUnexpectedIllegalArgumentIsReportedAsABugNotAsUsage() {
        assertThat(ErrorHandler.exitCode(new IllegalArgumentException("index out of range"))).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(ErrorHandler.exitCode(new IllegalStateException("oops"))).isEqualTo(ExitCodes.INTERNAL_ERROR);
    }

    @Test
    void ioFailuresKeepTheirOwnCode() {
        assertThat(ErrorHandler.exitCode(new IOException("disk full"))).isEqualTo(ExitCodes.IO_ERROR);
    }

    @Test
    void aLockedMirrorGetsTheBreakLockHintThatTheLibraryLeavesOut() {
        MirrorLockedException locked = new MirrorLockedException("mirror m is locked by hexmirror sync", null);

        assertThat(ErrorHandler.exitCode(locked)).isEqualTo(ExitCodes.LOCKED);
        assertThat(ErrorHandler.hint(locked, false)).get().asString().contains("--break-lock");
        assertThat(ErrorHandler.hint(new GenerationMismatchException("m is at generation 3"), false)).get().asString()
                .contains("hexmirror export --full").contains("hexmirror want");
        assertThat(ErrorHandler.hint(new IOException("disk full"), false)).isEmpty();
    }

    @Test
    void breakLockIsNotSuggestedWhenItWasGivenOrWouldBeRefused() throws Exception {
        MirrorLockedException unreadable = new MirrorLockedException("mirror m is locked", null);
        assertThat(ErrorHandler.hint(unreadable, true)).as("--break-lock was given and refused").isEmpty();

        Process running = new ProcessBuilder("sleep", "60").start();
        try {
            MirrorLock.Holder runningHere = new MirrorLock.Holder("hexmirror sync", thisHost(), running.pid(),
                    Instant.parse("2025-01-02T03:04:05Z"), "0123456789abcdef");
            assertThat(ErrorHandler.hint(new MirrorLockedException("mirror m is locked by a running sync", runningHere), false))
                    .as("breaking the lock of a writer that still runs on this host is refused").isEmpty();
        } finally {
            running.destroy();
            running.waitFor();
        }
        MirrorLock.Holder elsewhere = new MirrorLock.Holder("hexmirror sync", "elsewhere.example", running.pid(),
                Instant.parse("2025-01-02T03:04:05Z"), "0123456789abcdef");
        assertThat(ErrorHandler.hint(new MirrorLockedException("mirror m is locked by another host", elsewhere), false))
                .get().asString().contains("--break-lock");
    }

    /** The host name a lock records for this machine. */
    private static String thisHost() throws Exception {
        try (io.hexmirror.storage.Storage storage = new io.hexmirror.testkit.storage.MemoryStorage();
                MirrorLock probe = MirrorLock.acquire(storage, "probe")) {
            return probe.holder().host();
        }
    }

    private static VersionParseException parseFailure() {
        try {
            io.hexmirror.version.Requirement.parse("~> 1..0");
            throw new AssertionError("the requirement parsed");
        } catch (VersionParseException e) {
            return e;
        }
    }
}
