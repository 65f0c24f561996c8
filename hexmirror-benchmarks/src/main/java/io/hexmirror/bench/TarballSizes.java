package io.hexmirror.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How many tarballs a mirror holds, their bytes, and how many a sync reads through a spill file rather than in
 * memory (over 1 MiB, {@code PackageSync.MAX_IN_MEMORY_TARBALL_BYTES}): so that a run shows it measured hex.pm's
 * bytes and both of the sync's paths.
 */
record TarballSizes(long count, long bytes, long overOneMiB) {
    static final long ONE_MIB = 1024 * 1024;

    static TarballSizes of(Path tarballs) throws IOException {
        long count = 0;
        long bytes = 0;
        long over = 0;
        try (var files = Files.list(tarballs)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                long size = Files.size(file);
                count++;
                bytes += size;
                over += size > ONE_MIB ? 1 : 0;
            }
        }
        return new TarballSizes(count, bytes, over);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%,d tarballs, %.2f GiB, %.1f KB on average, %,d over 1 MiB", count,
                bytes / (double) (1L << 30), count == 0 ? 0 : bytes / 1000.0 / count, overOneMiB);
    }
}
