package io.hexmirror.bench;

import io.hexmirror.catalog.Catalog;
import io.hexmirror.catalog.CatalogLayout;
import io.hexmirror.catalog.CatalogOptions;
import io.hexmirror.catalog.CatalogSearch;
import io.hexmirror.catalog.CatalogUpdate;
import io.hexmirror.catalog.SearchQuery;
import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The package catalog at hex.pm's size: a synthetic mirror of 20,000 packages and 150,000 releases
 * (every tarball present) is written to a directory, then the catalog is built from scratch, updated
 * after 50 packages gained a release, and searched. Prints the full build's time and peak heap, the
 * incremental update's time, the static search index's size (raw and gzip), and server-side search
 * latency (median and p99). Run with {@code bench/catalog-scale.sh}.
 */
@Command(name = "catalog-benchmark", mixinStandardHelpOptions = true)
public final class CatalogBenchmark implements Callable<Integer> {
    @Option(names = "--packages", defaultValue = "20000")
    int packages;

    @Option(names = "--releases", defaultValue = "150000")
    int releases;

    @Option(names = "--changed", defaultValue = "50")
    int changed;

    @Option(names = "--queries", defaultValue = "2000")
    int queries;

    @Option(names = "--work-dir", description = "Where to write the mirror (default: a temporary directory).")
    Path workDir;

    @Option(names = "--browser", negatable = true, defaultValue = "true",
            description = "Also time the static search in headless Chromium (needs chromium and chromium-driver; default: on).")
    boolean browser;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CatalogBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path root = Files.createTempDirectory(workDir == null ? Path.of(System.getProperty("java.io.tmpdir"))
                : Files.createDirectories(workDir), "catalog-bench");
        FakeHexRepository upstream = FakeHexRepository.create();
        long t0 = System.nanoTime();
        SyntheticRegistry.Shape shape = SyntheticRegistry.populate(upstream, packages, releases, seed);
        upstream.prebuild();
        writeMirror(upstream, root, upstream.paths());
        System.out.printf(Locale.ROOT, "mirror: %,d packages, %,d releases written to %s in %.1f s%n", shape.names().size(),
                shape.releases(), root, seconds(t0));

        try (FileSystemStorage storage = FileSystemStorage.open(root, false)) {
            resetPeaks();
            long t1 = System.nanoTime();
            Catalog catalog = Catalog.open(storage, upstream.reader(), CatalogOptions.defaults());
            CatalogUpdate full = catalog.rebuild();
            System.out.printf(Locale.ROOT, "full build: %.1f s, %,d packages, %,d package pages, %d problems, peak heap %,d MB%n",
                    seconds(t1), full.packagesRead(), full.pagesWritten(), full.problems().size(), peakHeapBytes() / (1024 * 1024));

            byte[] index = Files.readAllBytes(root.resolve(CatalogLayout.SEARCH_INDEX));
            System.out.printf(Locale.ROOT, "static search index: %,d bytes raw, %,d bytes gzip%n", index.length, gzip(index).length);

            // 50 packages gain a release upstream; the mirror receives their new files.
            Random random = new Random(seed + 1);
            List<String> names = new ArrayList<>(shape.names());
            List<String> changedNames = new ArrayList<>();
            for (int i = 0; i < changed; i++) {
                String name = names.remove(random.nextInt(names.size()));
                upstream.publish(name, "999.0." + i);
                changedNames.add(name);
            }
            List<String> paths = new ArrayList<>();
            for (String name : changedNames) {
                paths.add("packages/" + name);
                for (String version : upstream.versions(name)) {
                    if (version.startsWith("999.0.")) {
                        paths.add("tarballs/" + name + "-" + version + ".tar");
                    }
                }
            }
            writeMirror(upstream, root, paths);
            long t2 = System.nanoTime();
            CatalogUpdate named = catalog.update(changedNames);
            System.out.printf(Locale.ROOT, "incremental update of %d named packages: %.2f s (%d packages read, %d package pages written)%n",
                    changed, seconds(t2), named.packagesRead(), named.pagesWritten());

            for (int i = 0; i < changed; i++) {
                upstream.publish(changedNames.get(i), "999.1." + i);
            }
            List<String> again = new ArrayList<>();
            for (String name : changedNames) {
                again.add("packages/" + name);
                again.add("tarballs/" + name + "-999.1." + changedNames.indexOf(name) + ".tar");
            }
            writeMirror(upstream, root, again);
            long t3 = System.nanoTime();
            CatalogUpdate found = catalog.refresh();
            System.out.printf(Locale.ROOT, "incremental refresh (finds the %d changed packages itself): %.2f s (%d packages read)%n",
                    changed, seconds(t3), found.packagesRead());

            long t4 = System.nanoTime();
            CatalogSearch search = CatalogSearch.of(catalog);
            System.out.printf(Locale.ROOT, "server-side search index: built in %.2f s%n", seconds(t4));
            List<String> texts = queries(shape.names(), new Random(seed + 2));
            for (int i = 0; i < 500; i++) {
                search.search(SearchQuery.parse(texts.get(i % texts.size()), null), 100);
            }
            long[] nanos = new long[queries];
            for (int i = 0; i < queries; i++) {
                SearchQuery query = SearchQuery.parse(texts.get(i % texts.size()), null);
                long start = System.nanoTime();
                search.search(query, 100);
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "server-side search over %,d queries: median %.2f ms, p99 %.2f ms, max %.2f ms%n", queries,
                    nanos[queries / 2] / 1e6, nanos[(int) (queries * 0.99)] / 1e6, nanos[queries - 1] / 1e6);
            if (browser) {
                InBrowserSearch.measure(root, Files.createTempDirectory(root.getParent(), "browser"), texts.subList(0, Math.min(queries, texts.size())));
            }
        }
        return 0;
    }

    /** Names, name prefixes, name words and filters, as people type them. */
    private static List<String> queries(List<String> names, Random random) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String name = names.get(random.nextInt(names.size()));
            texts.add(name);
            texts.add(name.substring(0, Math.max(2, name.length() / 2)));
            texts.add(name.replace('_', ' ') + " package");
            texts.add("depends:" + names.get(random.nextInt(Math.min(200, names.size()))));
            texts.add("generated tests");
        }
        return texts;
    }

    /** Writes the files straight into the directory, in parallel (no fsync: this is test data). */
    private static void writeMirror(FakeHexRepository upstream, Path root, List<String> paths) {
        paths.parallelStream().forEach(path -> {
            try {
                Path file = root.resolve(path);
                Files.createDirectories(file.getParent());
                Files.write(file, upstream.file(path).orElseThrow());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeapBytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
