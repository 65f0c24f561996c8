package io.hexmirror.bench;

import io.hexmirror.concurrent.Futures;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The plainest way to turn docs tarballs into browsable trees: each tarball's regular files written into a
 * directory of its own, as {@code tar -xzf} would, with no check, no link rewriting, no temporary file and no
 * fsync, on as many threads as the machine has cores. The full-size benchmark adds its time to the bare download
 * as what docs trees cost on this machine's file system before any check, link rewriting or durability.
 * (hexmirror writes more files than this: pages for each package, and a marker and link records for each version.)
 */
final class BareExtract {
    private BareExtract() {
    }

    /** What a run extracted. */
    record Result(int tarballs, long files, long bytes, double seconds) {
    }

    static Result extractAll(List<Path> tarballs, Path dir) throws IOException {
        Files.createDirectories(dir);
        AtomicLong files = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            long started = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>(tarballs.size());
            for (int i = 0; i < tarballs.size(); i++) {
                Path tarball = tarballs.get(i);
                Path tree = dir.resolve("t" + i);
                futures.add(threads.submit(() -> {
                    extract(tarball, tree, files, bytes);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                Futures.await(future, "bare extract");
            }
            return new Result(tarballs.size(), files.get(), bytes.get(), (System.nanoTime() - started) / 1e9);
        } finally {
            threads.shutdownNow();
        }
    }

    private static void extract(Path tarball, Path tree, AtomicLong files, AtomicLong bytes) throws IOException {
        Set<Path> directories = new HashSet<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(tarball), 65536))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (!entry.isFile()) {
                    continue;
                }
                Path file = tree.resolve(entry.getName()).normalize();
                if (!file.startsWith(tree)) {
                    throw new IOException(tarball + ": entry " + entry.getName() + " leaves its directory");
                }
                if (directories.add(file.getParent())) {
                    Files.createDirectories(file.getParent());
                }
                try (OutputStream out = Files.newOutputStream(file)) {
                    bytes.addAndGet(tar.transferTo(out));
                }
                files.incrementAndGet();
            }
        }
    }
}
