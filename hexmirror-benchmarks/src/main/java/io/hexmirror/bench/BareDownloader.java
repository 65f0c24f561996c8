package io.hexmirror.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bare operation a sync wraps: GET every path of a list with a fixed number of parallel
 * connections and write each body to a file, nothing else (no verification, no fsync, no index).
 * The JDK's HTTP client, reusing connections, as any plain downloader would.
 */
final class BareDownloader {
    private final URI base;
    private final int concurrency;

    BareDownloader(URI base, int concurrency) {
        this.base = base;
        this.concurrency = concurrency;
    }

    /** What one download of the list took. */
    record Result(int files, long bytes, int failures, Duration wall) {
    }

    Result download(List<String> paths, Path into) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
        AtomicInteger next = new AtomicInteger();
        AtomicLong bytes = new AtomicLong();
        AtomicInteger failures = new AtomicInteger();
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < paths.size(); i = next.getAndIncrement()) {
                        String path = paths.get(i);
                        Path file = into.resolve(path);
                        Files.createDirectories(file.getParent());
                        HttpResponse<Path> response = client.send(HttpRequest.newBuilder(URI.create(root + path)).GET().build(),
                                HttpResponse.BodyHandlers.ofFile(file));
                        if (response.statusCode() == 200) {
                            bytes.addAndGet(Files.size(file));
                        } else {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("bare download failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Result(paths.size(), bytes.get(), failures.get(), Duration.ofNanos(System.nanoTime() - started));
    }
}
