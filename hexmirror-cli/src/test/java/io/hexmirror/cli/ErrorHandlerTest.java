package io.hexmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.InvalidInputException;
import io.hexmirror.selection.SelectionSyntaxException;
import io.hexmirror.mirror.MirrorLockedException;
import io.hexmirror.transfer.GenerationMismatchException;
import io.hexmirror.version.VersionParseException;
import java.io.IOException;
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
        assertThat(ErrorHandler.hint(locked)).get().asString().contains("--break-lock");
        assertThat(ErrorHandler.hint(new GenerationMismatchException("m is at generation 3"))).get().asString()
                .contains("hexmirror export --full").contains("hexmirror want");
        assertThat(ErrorHandler.hint(new IOException("disk full"))).isEmpty();
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
