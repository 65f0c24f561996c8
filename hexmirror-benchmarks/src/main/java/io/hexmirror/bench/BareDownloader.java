package io.hexmirror.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;

/**
 * The yardstick of the WAN benchmark: fetches a list of URLs with N threads over a pool of N kept-alive
 * connections (Apache HttpClient 5, as hexmirror uses) and writes each body to a file, with no verification,
 * no ordering and no fsync. What any parallel downloader would do with the same list.
 */
final class BareDownloader {
    private BareDownloader() {
    }

    /** What a run fetched. */
    record Result(int requests, long bytes, double seconds) {
    }

    static Result fetchAll(URI base, List<String> paths, int concurrency, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        AtomicLong bytes = new AtomicLong();
        AtomicInteger index = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        try (CloseableHttpClient http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(concurrency).setMaxConnPerRoute(concurrency).build())
                .disableContentCompression()
                .disableAutomaticRetries()
                .build()) {
            long started = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>(paths.size());
            for (String path : paths) {
                futures.add(threads.submit(() -> {
                    Path file = dir.resolve("f" + index.incrementAndGet());
                    try (ClassicHttpResponse response = http.executeOpen(null, new HttpGet(base.resolve("/" + path)), null)) {
                        if (response.getCode() != 200) {
                            throw new IOException(path + ": HTTP " + response.getCode());
                        }
                        try (InputStream in = response.getEntity().getContent(); OutputStream out = Files.newOutputStream(file)) {
                            bytes.addAndGet(in.transferTo(out));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    throw new IOException("bare download failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
            return new Result(paths.size(), bytes.get(), (System.nanoTime() - started) / 1e9);
        } finally {
            threads.shutdownNow();
        }
    }
}
