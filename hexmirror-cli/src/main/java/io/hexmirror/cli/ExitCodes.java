package io.hexmirror.cli;

/** The exit statuses of every hexmirror command, as documented in docs/commands.md. */
public final class ExitCodes {
    /** Everything asked for was done. */
    public static final int OK = 0;
    /** Finished, but something was left out (sync) or found missing or corrupt (verify). */
    public static final int INCOMPLETE = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;
    /** Upstream data or a bundle failed verification (signature, origin, checksum, completeness): nothing was published. */
    public static final int VERIFICATION_FAILED = 3;
    /** Network or storage failure. */
    public static final int IO_ERROR = 4;
    /** Another sync holds the mirror's lock. */
    public static final int LOCKED = 5;
    /** A bundle or request does not fit the mirror's generation (or comes from another mirror): nothing was changed. */
    public static final int WRONG_GENERATION = 6;
    /**
     * A sync published everything except releases upstream serves wrongly (quarantined: left out,
     * retried by every later sync); the mirror is consistent and up to date without them.
     */
    public static final int QUARANTINED = 7;
    /** A bug: please report it with the output of --stacktrace. */
    public static final int INTERNAL_ERROR = 70;

    private ExitCodes() {
    }
}
