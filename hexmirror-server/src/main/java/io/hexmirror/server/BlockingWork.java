package io.hexmirror.server;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Work of a request that may block (a storage that streams over the network, a request body, a
 * page built from the catalog), moved off the thread that called a non-blocking handler.
 *
 * <p>Why the handlers are non-blocking at all: Jetty then runs them on the selector thread that
 * read the request, as nginx's workers do, instead of handing every request to a pool thread.
 * Serving a file the server has seen before from a local store takes a couple of {@code stat}s
 * and a read from the page cache, much less than the hand-over, and the pool no longer grows to
 * hundreds of threads under a few hundred connections. Anything else goes through here.
 */
final class BlockingWork {
    /** The work, which completes the callback itself. */
    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    private BlockingWork() {
    }

    /** Runs the work on the server's thread pool; a failure is answered as the server answers any failed handler. */
    static void dispatch(Request request, Response response, Callback callback, Work work) {
        request.getComponents().getThreadPool().execute(() -> {
            try {
                work.run();
            } catch (Throwable failure) {
                Response.writeError(request, response, callback, failure);
            }
        });
    }
}
