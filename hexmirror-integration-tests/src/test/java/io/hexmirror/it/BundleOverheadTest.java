package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.generation.GenerationRecorder;
import io.hexmirror.internal.transfer.BundleExporter;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.transfer.ExportOptions;
import io.hexmirror.transfer.ExportResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The overhead goal: a bundle is at most 2% plus 64 KiB larger than the files it carries. Measured
 * on mirrors shaped like hex.pm's (tarballs of 10 to 100 KB, package files of 0.5 to 10 KB, the two
 * indexes of 0.6 and 1.5 MB), including bundles of small files only, where tar's 512-byte headers
 * and padding alone would cost 15% and more. Prints the figures.
 */
class BundleOverheadTest {
    private static final long FIXED = 64 * 1024;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // scenario,                         tarballs, package files, min package, max package, indexes
        "a day of hex.pm,                          150,           120,        1000,       10000, true",
        "a sample of the whole mirror,            1500,           400,        1000,       10000, true",
        "small tarballs only,                     1000,             0,           0,           0, false",
        "a retirement storm (package files only),    0,          2000,         500,        4000, false",
    })
    void aBundleStaysWithinTwoPercentAndSixtyFourKibibytes(String scenario, int tarballs, int packages, int minPackage,
            int maxPackage, boolean indexes) throws Exception {
        FileSystemStorage mirror = FileSystemStorage.open(dir.resolve("mirror"), false);
        Random random = new Random(scenario.hashCode());
        GenerationRecorder.record(mirror, s -> {
            for (int i = 0; i < tarballs; i++) {
                // Log-uniform between 10 and 100 KB: most tarballs are small.
                int size = (int) (10_000 * Math.pow(10, random.nextDouble()));
                s.write("tarballs/pkg" + i + "-1." + (i % 40) + "." + (i % 7) + ".tar", bytes(random, size), WriteOptions.defaults());
            }
            for (int i = 0; i < packages; i++) {
                s.write("packages/package_" + i, bytes(random, minPackage + random.nextInt(maxPackage - minPackage)), WriteOptions.defaults());
            }
            if (indexes) {
                s.write("names", bytes(random, 600_000), WriteOptions.defaults());
                s.write("versions", bytes(random, 1_500_000), WriteOptions.defaults());
            }
            return null;
        });

        ExportResult result = new BundleExporter(mirror).export(ExportOptions.since(0), dir.resolve("b.bundle"));

        long content = result.manifest().contentBytes();
        long allowed = content / 50 + FIXED;
        assertThat(Files.size(dir.resolve("b.bundle"))).isEqualTo(result.bundleBytes());
        System.out.printf(Locale.ROOT, "bundle overhead, %s: %d files, %d bytes of files, bundle %d bytes:"
                        + " overhead %d bytes (%.3f%% of the files; %d bytes per file); allowed %d bytes%n",
                scenario, result.manifest().fileCount(), content, result.bundleBytes(), result.overheadBytes(),
                100.0 * result.overheadBytes() / content, result.overheadBytes() / result.manifest().fileCount(), allowed);
        assertThat(result.overheadBytes()).as(scenario).isLessThanOrEqualTo(allowed);
    }

    private static byte[] bytes(Random random, int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }
}
