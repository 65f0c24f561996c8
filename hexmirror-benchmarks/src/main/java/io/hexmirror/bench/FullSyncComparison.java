package io.hexmirror.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.hexmirror.files.LocalFiles;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The first step of {@link FullSizeBenchmark} (a full sync with docs for the latest release of each
 * package, into an empty mirror, {@code -Xmx256m}) by two CLI jars, alternately over one generated
 * upstream, split into its parts as the sync reports them: the registry, the catalog update (the first one
 * reported: after the registry in builds that update the catalog twice, after the docs in those that update it
 * once), the docs (fetching the tarballs and deriving the browsable trees), and the rest (the JVM's start, and in
 * builds that update the catalog twice, the second update, for the docs). Wall and CPU time (user and system) of
 * the whole sync. For comparing a change with the code before it, side by side on the same machine at the same time.
 */
@Command(name = "full-sync-comparison", mixinStandardHelpOptions = true,
        description = "A full sync with docs by two hexmirror jars, alternately, split into its parts.")
public final class FullSyncComparison implements Callable<Integer> {
    private static final Pattern REGISTRY = Pattern.compile("(?m)^sync of .* complete in (\\S+)$");
    /** The CLI prints the catalog update's time as its other durations ({@code 5.0s}); builds before it, in ms. */
    static final Pattern CATALOG = Pattern.compile("(?m)^catalog updated: (\\d+) packages read, .* in (\\d+ ms|\\S+)$");
    private static final Pattern DOCS = Pattern.compile("(?m)^docs complete in (\\S+)$");
    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:([\\d.]+)s)?");

    @Option(names = "--baseline-jar", description = "The CLI jar to compare with (the code before a change); without it, only --cli-jar runs.")
    Path baselineJar;

    @Option(names = "--rounds", defaultValue = "1", description = "Syncs per jar, alternating (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Mixin
    JarComparisonOptions options;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.exit(new CommandLine(new FullSyncComparison()).execute(args));
    }

    /** One sync, split into its parts (seconds). */
    private record Parts(String jar, int round, int exit, double wall, double cpu, double registry, double catalog, double docs,
            GcLog gc, long peakRss) {
        double rest() {
            return wall - registry - catalog - docs;
        }
    }

    @Override
    public Integer call() throws Exception {
        List<Path> jars = baselineJar == null ? List.of(options.cliJar) : List.of(baselineJar, options.cliJar);
        for (Path jar : jars) {
            if (!Files.isRegularFile(jar)) {
                throw new ParameterException(spec.commandLine(), "no file " + jar);
            }
        }
        Path dir = options.workDirectory("hexmirror-sync-compare-", out);
        FakeHexRepository upstream = options.upstream();
        Path key = dir.resolve("upstream-key.pem");
        Files.writeString(key, upstream.publicKeyPem(), UTF_8);
        out.printf(Locale.ROOT, "upstream: %d packages, %d releases, docs for the latest release of each, payloads of %d KB on"
                + " average%n", options.packages, options.releases(), options.payloadKb);

        List<Parts> all = new ArrayList<>();
        boolean completed = true;
        try (FakeUpstreamServer server = FakeUpstreamServer.start(upstream)) {
            for (int round = 1; round <= rounds; round++) {
                // Alternate which jar goes first, so that neither always meets the same load.
                List<Path> order = new ArrayList<>(jars);
                if (round % 2 == 0) {
                    Collections.reverse(order);
                }
                for (Path jar : order) {
                    String name = jar.equals(options.cliJar) ? "current" : "baseline";
                    Path mirror = dir.resolve("mirror-" + name);
                    LocalFiles.deleteRecursively(mirror);
                    CliProcess cli = new CliProcess(jar, options.heap, dir, options.jvmOptions);
                    String label = "sync-" + name + "-" + round;
                    CliProcess.Result result = cli.run(label, List.of("sync", "--upstream", server.baseUri().toString(),
                            "--upstream-key", key.toString(), "--concurrency", Integer.toString(options.concurrency), "--docs", "latest",
                            mirror.toString()));
                    Parts parts = parts(name, round, result);
                    all.add(parts);
                    completed &= result.completed();
                    out.printf(Locale.ROOT, "%s round %d: exit %d, %.1f s, CPU %.1f s (registry %.1f, catalog %.1f, docs %.1f, rest %.1f); load %s%n",
                            name, round, result.exitCode(), parts.wall(), parts.cpu(), parts.registry(), parts.catalog(), parts.docs(), parts.rest(),
                            ProcessSampler.loadAverage());
                    LocalFiles.deleteRecursively(mirror);
                }
            }
        }
        print(all);
        return completed ? 0 : 1;
    }

    private Parts parts(String name, int round, CliProcess.Result result) throws java.io.IOException {
        String output = Files.readString(result.output(), UTF_8);
        return new Parts(name, round, result.exitCode(), result.wall().toNanos() / 1e9, result.cpu().toNanos() / 1e9,
                seconds(REGISTRY, output), seconds(CATALOG, output), seconds(DOCS, output), result.gc(), result.peakRssBytes());
    }

    /**
     * A duration as the CLI prints it ({@code 31.9s}, {@code 3m46s}, {@code 1h02m}, or {@code 850 ms}), the last group of
     * {@code line}, in seconds; NaN when absent.
     */
    static double seconds(Pattern line, String output) {
        Matcher m = line.matcher(output);
        if (!m.find()) {
            return Double.NaN;
        }
        String text = m.group(m.groupCount());
        if (text.endsWith(" ms")) {
            return Long.parseLong(text.substring(0, text.length() - 3)) / 1000.0;
        }
        Matcher d = DURATION.matcher(text);
        if (!d.matches()) {
            return Double.NaN;
        }
        double s = d.group(3) == null ? 0 : Double.parseDouble(d.group(3));
        s += d.group(2) == null ? 0 : Long.parseLong(d.group(2)) * 60;
        s += d.group(1) == null ? 0 : Long.parseLong(d.group(1)) * 3600;
        return s;
    }

    private void print(List<Parts> all) {
        out.println();
        out.printf(Locale.ROOT, "| jar | round | exit | wall | CPU (user+sys) | registry | catalog update | docs | docs packages/s | rest | heap after GC, max | full GCs | peak RSS |%n");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Parts p : all) {
            out.printf(Locale.ROOT, "| %s | %d | %d | %.1f s | %.1f s | %.1f s | %.1f s | %.1f s | %.1f | %.1f s | %d MiB | %d | %d MiB |%n",
                    p.jar(), p.round(), p.exit(), p.wall(), p.cpu(), p.registry(), p.catalog(), p.docs(), options.packages / p.docs(), p.rest(),
                    p.gc().peakAfterBytes() >> 20, p.gc().fullPauses(), p.peakRss() >> 20);
        }
        double[] base = medians(all, "baseline");
        double[] cur = medians(all, "current");
        if (baselineJar != null) {
            out.printf(Locale.ROOT, "ratio baseline/current (medians): wall %.2f, CPU %.2f, registry %.2f, catalog update %.2f, docs %.2f,"
                    + " rest %.2f%n", base[0] / cur[0], base[5] / cur[5], base[1] / cur[1], base[2] / cur[2], base[3] / cur[3],
                    base[4] / cur[4]);
        }
        out.printf(Locale.ROOT, "load after: %s%n", ProcessSampler.loadAverage());
    }

    private static double[] medians(List<Parts> all, String jar) {
        List<Parts> mine = all.stream().filter(p -> p.jar().equals(jar)).toList();
        return new double[] {Stats.median(mine.stream().mapToDouble(Parts::wall).toArray()),
            Stats.median(mine.stream().mapToDouble(Parts::registry).toArray()), Stats.median(mine.stream().mapToDouble(Parts::catalog).toArray()),
            Stats.median(mine.stream().mapToDouble(Parts::docs).toArray()), Stats.median(mine.stream().mapToDouble(Parts::rest).toArray()),
            Stats.median(mine.stream().mapToDouble(Parts::cpu).toArray())};
    }
}
