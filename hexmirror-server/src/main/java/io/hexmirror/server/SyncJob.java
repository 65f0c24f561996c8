package io.hexmirror.server;

/**
 * One re-sync of the served storage from upstream, run by {@link MirrorServer} in the background.
 *
 * <p>The server serves straight from the same storage while a job runs, so a job must publish its
 * changes in an order that keeps every intermediate state consistent for clients: new tarballs and
 * package files before the {@code names}/{@code versions} files that mention them, and each object
 * atomically (the storage SPI's commit-on-close writes guarantee the latter). The sync engine does
 * exactly that; this interface only lets the server schedule it without depending on it.
 *
 * <p>The server never runs two jobs at once: runs are serialised on a single thread. A job that is
 * still running when the server stops is interrupted.
 */
@FunctionalInterface
public interface SyncJob {

    /**
     * Brings the storage up to date.
     *
     * @return what was done, shown on the server's home page and logged
     * @throws Exception any failure; the server keeps serving what the storage holds, records the
     *     failure's message with its time, logs it, and tries again at the next interval
     */
    SyncOutcome run() throws Exception;
}
