package io.hexmirror.bench;

import io.hexmirror.testkit.upstream.FakeHexRepository;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * What the comparisons of two CLI jars side by side ({@link FullSyncComparison}, {@link ShortStepsComparison})
 * share: the jar measured, the generated upstream, how each hexmirror JVM runs, and where mirrors and logs go.
 */
final class JarComparisonOptions {
    @Option(names = "--cli-jar", required = true, description = "The CLI jar measured (hexmirror-cli/target/hexmirror.jar).")
    Path cliJar;

    @Option(names = "--packages", defaultValue = "2000", description = "Packages upstream (default: ${DEFAULT-VALUE}).")
    int packages;

    @Option(names = "--heap", defaultValue = "256m", description = "-Xmx of every hexmirror JVM (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--concurrency", defaultValue = "8", description = "The syncs' --concurrency (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--jvm-option", description = "A JVM option for every measured run of both jars, e.g. "
            + "-XX:StartFlightRecording=filename={label}.jfr,settings=profile ({label} names the run).")
    List<String> jvmOptions = List.of();

    /** As {@link FullSizeBenchmark}'s: 49 gives tarballs of 60 KB on average, hex.pm's bytes. */
    @Option(names = "--payload-kb", defaultValue = "0", description = "Mean size in KB (1000 bytes) of an incompressible"
            + " payload in each tarball, log-normal (default: ${DEFAULT-VALUE}: none, tarballs of about 5 KB; 49 gives"
            + " hex.pm's 60 KB on average).")
    int payloadKb;

    @Option(names = "--seed", defaultValue = "20240101")
    long seed;

    @Option(names = "--work", description = "Directory for the mirrors and logs (default: a new temporary directory).")
    Path work;

    /** Releases upstream: 7.5 per package, as many as hex.pm has. */
    int releases() {
        return (int) (packages * 7.5);
    }

    /** {@code --work}, or a new temporary directory named with {@code prefix}; printed with the machine it runs on. */
    Path workDirectory(String prefix, PrintStream out) throws IOException {
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory(prefix);
        out.printf(Locale.ROOT, "machine: %d cores, Java %s; load %s%nwork dir and logs: %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), ProcessSampler.loadAverage(), dir);
        return dir;
    }

    /** The mean payload of a tarball in bytes; checked here as the comparisons share this option. */
    int payloadBytes() {
        return PayloadSizes.meanBytesOfKb(payloadKb);
    }

    /** The generated upstream, with docs for the latest release of each package and {@code --payload-kb}, its files built. */
    FakeHexRepository upstream() {
        FakeHexRepository upstream = FakeHexRepository.create();
        SyntheticRegistry.populate(upstream, packages, releases(), seed, true, payloadBytes());
        upstream.prebuild();
        return upstream;
    }
}
