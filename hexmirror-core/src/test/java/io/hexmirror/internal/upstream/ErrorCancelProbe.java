package io.hexmirror.internal.upstream;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs in a JVM of its own with a small heap: fetches an endless body into memory until the heap
 * runs out, then checks that the client dropped the connection instead of reading on. Prints what
 * happened; exits 0 when the request was cancelled, 1 otherwise.
 */
final class ErrorCancelProbe {
    private ErrorCancelProbe() {
    }

    public static void main(String[] args) throws Exception {
        CompletableFuture<Long> serverStopped = new CompletableFuture<>();
        try (TestServer server = TestServer.start()) {
            server.route("/names", (req, resp, cb, n) -> {
                resp.setStatus(200);
                long sent = 0;
                try {
                    byte[] chunk = new byte[64 * 1024];
                    while (true) {
                        TestServer.writePart(resp, chunk);
                        sent += chunk.length;
                    }
                } catch (Exception e) {
                    cb.failed(e);
                } finally {
                    serverStopped.complete(sent);
                }
            });
            try (UpstreamClient client = UpstreamClient.builder(server.uri()).retries(0).build()) {
                try {
                    client.fetch("names", null, Integer.MAX_VALUE - 8);
                    System.out.println("the endless body ended");
                    System.exit(1);
                } catch (OutOfMemoryError e) {
                    System.out.println("OutOfMemoryError while fetching");
                }
                Long sent = serverStopped.get(20, TimeUnit.SECONDS);
                System.out.println("request cancelled: the server stopped sending after " + sent + " bytes");
            }
        }
        System.exit(0);
    }
}
