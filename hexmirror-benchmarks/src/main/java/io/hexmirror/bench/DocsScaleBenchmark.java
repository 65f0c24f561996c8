package io.hexmirror.bench;

import io.hexmirror.docs.DocsContents;
import io.hexmirror.docs.DocsPolicy;
import io.hexmirror.docs.DocsRelease;
import io.hexmirror.docs.DocsSearchIndex;
import io.hexmirror.docs.DocsSync;
import io.hexmirror.docs.DocsSyncOptions;
import io.hexmirror.docs.DocsSyncSummary;
import io.hexmirror.docs.HexDocs;
import io.hexmirror.docs.MirroredDocs;
import io.hexmirror.docs.SearchHit;
import io.hexmirror.internal.sync.SyncEngine;
import io.hexmirror.internal.sync.SyncOptions;
import io.hexmirror.internal.upstream.UpstreamClient;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.sync.SyncListener;
import io.hexmirror.testkit.upstream.DocsSpec;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Docs at scale: a generated upstream with ExDoc-shaped docs for N packages (a fifth in the older
 * search_items format, pages linking to their dependencies), synced over loopback HTTP into a
 * filesystem mirror. Prints the docs sync's time, bytes and requests, the derived tree's files and
 * bytes against the tarballs' unpacked size (how much sharing {@code dist/} saves), the search
 * index's build time and size, search latency over many queries, and a no-op docs sync's requests.
 */
@Command(name = "docs-scale", mixinStandardHelpOptions = true)
public final class DocsScaleBenchmark implements Callable<Integer> {
    @Option(names = "--packages", defaultValue = "2000", description = "Packages with docs (default: ${DEFAULT-VALUE}).")
    int packages;

    @Option(names = "--queries", defaultValue = "1000", description = "Search queries timed (default: ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--seed", defaultValue = "20240101")
    long seed;

    @Option(names = "--work", description = "Directory for the mirror and index (default: a new temporary directory).")
    Path work;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.exit(new CommandLine(new DocsScaleBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("hexmirror-docs-bench-");
        SplittableRandom random = new SplittableRandom(seed);
        FakeHexRepository upstream = FakeHexRepository.create();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < packages; i++) {
            String name = "pkg" + i;
            var release = upstream.release(name, "1." + (i % 7) + ".0");
            int deps = names.isEmpty() ? 0 : random.nextInt(4);
            for (int d = 0; d < deps; d++) {
                String dep = names.get(random.nextInt(names.size()));
                try {
                    release.dependsOn(dep, ">= 0.0.0");
                } catch (IllegalArgumentException repeated) {
                    // The same dependency drawn twice.
                }
            }
            release.withDocs(DocsSpec.of(i % 5 == 0 ? DocsSpec.Format.SEARCH_ITEMS : DocsSpec.Format.SEARCH_DATA)).publish();
            names.add(name);
        }
        upstream.prebuild();
        out.printf(Locale.ROOT, "docs benchmark: %d packages with docs, work dir %s, %d cores, max heap %d MiB%n", packages, dir,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

        try (FakeUpstreamServer server = FakeUpstreamServer.start(upstream);
                UpstreamClient client = UpstreamClient.builder(server.baseUri()).concurrency(8).build();
                FileSystemStorage storage = FileSystemStorage.open(dir.resolve("mirror"), false)) {
            new SyncEngine(client, storage, upstream.reader(), SyncOptions.all().withConcurrency(8), SyncListener.NONE).run();

            long t0 = System.nanoTime();
            DocsSyncSummary sync = new DocsSync(client, storage, DocsSyncOptions.of(DocsPolicy.ALL).withConcurrency(8)).run();
            double syncSeconds = (System.nanoTime() - t0) / 1e9;
            out.printf(Locale.ROOT, "docs sync: %d tarballs in %.1f s, %s received in %d requests, %d failures%n",
                    sync.fetched(), syncSeconds, mib(sync.bytes()), sync.requests(), sync.failures().size());

            long unpacked = 0;
            long tarballs = 0;
            HexDocs docs = new HexDocs(storage);
            for (DocsRelease release : docs.mirrored().releases()) {
                DocsContents contents = docs.check(release);
                unpacked += contents.filesSize();
                tarballs += contents.compressedSize();
            }
            long[] tree = sizes(storage, "hexdocs/");
            long[] shared = sizes(storage, "hexdocs/_dist/");
            out.printf(Locale.ROOT, "tarballs: %s stored, %s unpacked%n", mib(tarballs), mib(unpacked));
            out.printf(Locale.ROOT, "derived tree: %d files, %s (of which hexdocs/_dist: %d files, %s); derived/unpacked = %.3f%n",
                    tree[0], mib(tree[1]), shared[0], mib(shared[1]), (double) tree[1] / unpacked);

            try (DocsSearchIndex index = DocsSearchIndex.open(dir.resolve("index"))) {
                long i0 = System.nanoTime();
                DocsSearchIndex.UpdateResult built = index.update(storage, MirroredDocs.load(storage));
                double indexSeconds = (System.nanoTime() - i0) / 1e9;
                out.printf(Locale.ROOT, "search index: %d versions, %d items in %.1f s, %s on disk%n", built.indexed(), built.items(),
                        indexSeconds, mib(index.sizeOnDisk()));
                long u0 = System.nanoTime();
                DocsSearchIndex.UpdateResult again = index.update(storage, MirroredDocs.load(storage));
                out.printf(Locale.ROOT, "search index update with nothing new: %d unchanged in %.2f s%n", again.unchanged(),
                        (System.nanoTime() - u0) / 1e9);

                List<String> words = new ArrayList<>(List.of("hello", "greets", "readme", "guide", "work"));
                for (int i = 0; i < 200; i++) {
                    words.add("zqpkg" + random.nextInt(packages) + "frob");
                    words.add("Pkg" + random.nextInt(packages) + ".hello/1");
                }
                for (int i = 0; i < 100; i++) {
                    index.search(words.get(random.nextInt(words.size())), Set.of(), 20);
                }
                long[] nanos = new long[queries];
                int hits = 0;
                for (int i = 0; i < queries; i++) {
                    String q = words.get(random.nextInt(words.size()));
                    Set<String> filter = i % 4 == 0 ? Set.of(names.get(random.nextInt(names.size()))) : Set.of();
                    long q0 = System.nanoTime();
                    List<SearchHit> result = index.search(q, filter, 20);
                    nanos[i] = System.nanoTime() - q0;
                    hits += result.isEmpty() ? 0 : 1;
                }
                Arrays.sort(nanos);
                out.printf(Locale.ROOT, "search: %d queries (a quarter filtered by package), %d with hits; median %.2f ms, p99 %.2f ms, max %.2f ms%n",
                        queries, hits, nanos[queries / 2] / 1e6, nanos[(int) Math.ceil(queries * 0.99) - 1] / 1e6,
                        nanos[queries - 1] / 1e6);
            }

            new SyncEngine(client, storage, upstream.reader(), SyncOptions.all(), SyncListener.NONE).run();
            long before = server.requestCount();
            long n0 = System.nanoTime();
            DocsSyncSummary noop = new DocsSync(client, storage, DocsSyncOptions.of(DocsPolicy.ALL)).run();
            out.printf(Locale.ROOT, "no-op docs sync (after a no-op registry sync): %d docs requests, upstream saw %d during it, %.2f s%n",
                    noop.requests(), server.requestCount() - before, (System.nanoTime() - n0) / 1e9);
        }
        if (work == null) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private static long[] sizes(FileSystemStorage storage, String prefix) throws IOException {
        try (Stream<ObjectInfo> s = storage.list(prefix)) {
            long[] total = new long[2];
            s.forEach(info -> {
                total[0]++;
                total[1] += info.size();
            });
            return total;
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
