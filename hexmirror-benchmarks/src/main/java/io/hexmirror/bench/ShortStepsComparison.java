package io.hexmirror.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.hexmirror.files.LocalFiles;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The short steps of {@link FullSizeBenchmark} (a sync with nothing new, a sync of a month of
 * changes, the export of that month and its import into the mirror as it was before it) by two CLI
 * jars, alternately, several rounds, each run on a fresh copy of the same mirror, over one generated
 * upstream: for comparing a change to the fixed costs of these steps with the code before it. The
 * mirror is made once, by a full sync of the baseline jar and a sync with nothing new of the measured one.
 */
@Command(name = "short-steps-comparison", mixinStandardHelpOptions = true,
        description = "No-op sync, a month's sync, export and import by two hexmirror jars, alternately.")
public final class ShortStepsComparison implements Callable<Integer> {
    private static final Pattern GENERATION = Pattern.compile("(?m)^generation: (\\d+)");
    private static final List<String> ALL_STEPS = List.of("noop", "month", "export", "import");

    @Option(names = "--baseline-jar", required = true, description = "The CLI jar to compare with (the code before a change).")
    Path baselineJar;

    @Option(names = "--month", description = "Packages changed in the month (default: 7.5%% of the packages).")
    Integer month;

    @Option(names = "--rounds", defaultValue = "3", description = "Runs of each step per jar, alternating (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--steps", split = ",", description = "Steps to measure, of noop, month, export, import (default: all).")
    List<String> steps = ALL_STEPS;

    @Mixin
    JarComparisonOptions options;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out = System.out;
    private final List<Run> runs = new ArrayList<>();
    private Path dir;

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.exit(new CommandLine(new ShortStepsComparison()).execute(args));
    }

    /** One run of one step by one jar. */
    private record Run(String step, String jar, int round, int exit, double wall, double cpu, String load) {
    }

    /** What a step does on a fresh copy of a mirror; returns the arguments of the command. */
    private interface Step {
        List<String> args(String jarName, Path copy);
    }

    @Override
    public Integer call() throws Exception {
        for (Path jar : List.of(baselineJar, options.cliJar)) {
            if (!Files.isRegularFile(jar)) {
                throw new ParameterException(spec.commandLine(), "no file " + jar);
            }
        }
        if (!ALL_STEPS.containsAll(steps)) {
            throw new ParameterException(spec.commandLine(), "--steps: one or more of " + ALL_STEPS);
        }
        int changed = month != null ? month : Math.max(10, options.packages * 3 / 40);
        dir = options.workDirectory("hexmirror-short-steps-", out);
        FakeHexRepository upstream = options.upstream();
        Path key = dir.resolve("upstream-key.pem");
        Files.writeString(key, upstream.publicKeyPem(), UTF_8);

        Path before = dir.resolve("mirror-before");
        Path after = dir.resolve("mirror-after");
        LocalFiles.deleteRecursively(before);
        LocalFiles.deleteRecursively(after);
        CliProcess setup = new CliProcess(baselineJar, options.heap, dir);
        boolean completed = true;
        try (FakeUpstreamServer server = FakeUpstreamServer.start(upstream)) {
            List<String> sync = List.of("sync", "--upstream", server.baseUri().toString(), "--upstream-key", key.toString(),
                    "--concurrency", Integer.toString(options.concurrency), "--docs", "latest");
            out.printf(Locale.ROOT, "full sync of %d packages (baseline jar)...%n", options.packages);
            check(setup.run("setup-full-sync", append(sync, before.toString())));
            // A sync with nothing new by the measured jar, so that it finds its own bookkeeping as its last
            // sync would leave it (the baseline's is there from the full sync, and the baseline ignores the rest).
            check(new CliProcess(options.cliJar, options.heap, dir).run("setup-noop-sync", append(sync, before.toString())));
            int generation = generation(setup, before);

            if (steps.contains("noop")) {
                completed &= measure("noop", before, (jar, copy) -> append(sync, copy.toString()));
            }
            FullSizeBenchmark.MonthOfChanges changes = FullSizeBenchmark.MonthOfChanges.apply(upstream, changed, options.seed, options.payloadBytes());
            upstream.prebuild();
            out.printf(Locale.ROOT, "a month upstream: %d packages changed, %d files%n", changes.packages().size(),
                    changes.files().size());
            if (steps.contains("month")) {
                completed &= measure("month", before, (jar, copy) -> append(sync, copy.toString()));
            }
            if (steps.contains("export") || steps.contains("import")) {
                shell("cp -a " + q(before) + " " + q(after));
                check(setup.run("setup-month-sync", append(sync, after.toString())));
                Path bundle = dir.resolve("month.bundle");
                Files.deleteIfExists(bundle);
                check(setup.run("setup-export", List.of("export", "--since", Integer.toString(generation), after.toString(),
                        bundle.toString())));
                if (steps.contains("export")) {
                    completed &= measure("export", null, (jar, copy) -> List.of("export", "--since", Integer.toString(generation),
                            after.toString(), dir.resolve("export-" + jar + ".bundle").toString()));
                }
                if (steps.contains("import")) {
                    completed &= measure("import", before, (jar, copy) -> List.of("import", "--upstream-key", key.toString(),
                            bundle.toString(), copy.toString()));
                }
            }
        }
        print();
        return completed ? 0 : 1;
    }

    /** Runs one step by each jar, alternately, each on a fresh copy of {@code mirror} (none when null). */
    private boolean measure(String step, Path mirror, Step what) throws IOException, InterruptedException {
        boolean completed = true;
        for (int round = 1; round <= rounds; round++) {
            List<Path> order = new ArrayList<>(List.of(baselineJar, options.cliJar));
            if (round % 2 == 0) {
                Collections.reverse(order);
            }
            for (Path jar : order) {
                String name = jar.equals(options.cliJar) ? "current" : "baseline";
                Path copy = dir.resolve("copy-" + name);
                LocalFiles.deleteRecursively(copy);
                if (mirror != null) {
                    // Flushed, so that the measured step does not pay for writing the copy's dirty pages back.
                    shell("cp -a " + q(mirror) + " " + q(copy) + " && sync");
                }
                Files.deleteIfExists(dir.resolve("export-" + name + ".bundle"));
                String label = step + "-" + name + "-" + round;
                CliProcess.Result result = new CliProcess(jar, options.heap, dir, options.jvmOptions).run(label, what.args(name, copy));
                Run run = new Run(step, name, round, result.exitCode(), result.wall().toNanos() / 1e9,
                        result.cpu().toNanos() / 1e9, ProcessSampler.loadAverage());
                runs.add(run);
                completed &= result.completed();
                out.printf(Locale.ROOT, "%s %s round %d: exit %d, wall %.2f s, cpu %.2f s; load %s%n", step, name, round,
                        run.exit(), run.wall(), run.cpu(), run.load());
                LocalFiles.deleteRecursively(copy);
            }
        }
        return completed;
    }

    private void print() {
        out.println();
        out.println("| step | baseline wall (median) | current wall (median) | ratio | baseline cpu | current cpu | ratio |");
        out.println("|---|---|---|---|---|---|---|");
        for (String step : steps) {
            double bw = median(step, "baseline", Run::wall);
            double cw = median(step, "current", Run::wall);
            double bc = median(step, "baseline", Run::cpu);
            double cc = median(step, "current", Run::cpu);
            out.printf(Locale.ROOT, "| %s | %.2f s | %.2f s | %.2f | %.2f s | %.2f s | %.2f |%n", step, bw, cw, cw / bw, bc, cc, cc / bc);
        }
        out.printf(Locale.ROOT, "ratio = current / baseline; %d rounds; load after: %s%n", rounds, ProcessSampler.loadAverage());
    }

    private double median(String step, String jar, ToDoubleFunction<Run> figure) {
        return Stats.median(runs.stream().filter(r -> r.step().equals(step) && r.jar().equals(jar)).mapToDouble(figure).toArray());
    }

    private void check(CliProcess.Result result) throws IOException {
        if (!result.completed()) {
            throw new IOException(result.label() + " failed with exit " + result.exitCode() + ", see " + result.output());
        }
    }

    private int generation(CliProcess cli, Path mirror) throws IOException, InterruptedException {
        CliProcess.Result status = cli.run("setup-status", List.of("status", mirror.toString()));
        Matcher m = GENERATION.matcher(Files.readString(status.output(), UTF_8));
        if (status.exitCode() != 0 || !m.find()) {
            throw new IOException("status did not name a generation, see " + status.output());
        }
        return Integer.parseInt(m.group(1));
    }

    private void shell(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "-c", command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IOException("failed: " + command);
        }
    }

    private static List<String> append(List<String> args, String last) {
        List<String> all = new ArrayList<>(args);
        all.add(last);
        return all;
    }

    private static String q(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }
}
