package io.hexmirror.cli;

import io.hexmirror.HexMirror;
import io.hexmirror.HexMirrorException;
import io.hexmirror.MirrorOptions;
import io.hexmirror.mirror.MirrorLockedException;
import java.io.IOException;
import java.io.PrintWriter;

/** Opens the mirror a command works on, with the options its mixins gave; the lock is the facade's business. */
final class MirrorOpener {
    private MirrorOpener() {
    }

    /**
     * The options of a command: {@code owner} names the command in the mirror's lock; the mixins that the command
     * lacks are null.
     */
    static MirrorOptions options(String owner, UpstreamOptions upstream, RepositoryOptions repository, SelectionOptions selection)
            throws IOException, HexMirrorException {
        MirrorOptions.Builder options = MirrorOptions.builder().owner(owner);
        if (upstream != null) {
            upstream.applyTo(options);
        }
        if (repository != null) {
            repository.applyTo(options);
        }
        if (selection != null) {
            selection.applyTo(options);
        }
        return options.build();
    }

    /** Removes a lock left by a dead process when {@code --break-lock} was given, and says so on {@code err}. */
    static void breakLockIfAsked(boolean breakLock, HexMirror mirror, PrintWriter err) throws IOException, MirrorLockedException {
        if (breakLock && mirror.breakLock()) {
            err.println("hexmirror: removed the lock of " + mirror.describe());
            err.flush();
        }
    }
}
