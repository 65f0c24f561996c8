package io.hexmirror.upstream;

import java.io.IOException;

/** Tells a failure of the upstream (its answer, or the way to it) from any other I/O failure, such as the mirror's own disk. */
public final class UpstreamFailures {
    private UpstreamFailures() {
    }

    /**
     * Whether {@code e} is one of the exceptions the upstream client reports: they all live in this package, and the
     * client, which lives elsewhere, throws no other kind for what upstream did.
     */
    public static boolean isUpstreamFailure(IOException e) {
        return e.getClass().getPackageName().equals(UpstreamFailures.class.getPackageName());
    }
}
