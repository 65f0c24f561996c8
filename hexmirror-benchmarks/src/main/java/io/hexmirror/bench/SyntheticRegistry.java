package io.hexmirror.bench;

import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.ReleaseBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Fills a {@link FakeHexRepository} with a registry shaped like hex.pm's: many packages with a few
 * releases and a long tail of packages with hundreds, names of hex.pm's typical length, SemVer
 * histories with the odd pre-release, and dependencies on other packages. A pure function of its
 * arguments, so runs with the same seed mirror the same bytes.
 */
final class SyntheticRegistry {
    private static final String[] SYLLABLES = {
        "ba", "co", "de", "fi", "ga", "ho", "ju", "ka", "lo", "mi", "no", "pa", "qu", "ri", "su", "ta", "ve",
        "wo", "xi", "ze", "plug", "phx", "ecto", "json", "tele", "cow", "mime", "http", "auth", "live",
    };
    private static final String[] SUFFIXES = {"", "", "", "_ex", "_erl", "_web", "_core", "_utils"};
    /** Spread of the releases-per-package distribution (log-normal): hex.pm's tail reaches hundreds. */
    private static final double SPREAD = 1.3;

    /** What was published. */
    record Shape(List<String> names, int releases) {
    }

    private SyntheticRegistry() {
    }

    /**
     * Publishes {@code packages} packages holding {@code releases} releases in all.
     *
     * @throws IllegalArgumentException when there are fewer releases than packages
     */
    static Shape populate(FakeHexRepository repository, int packages, int releases, long seed) {
        return populate(repository, packages, releases, seed, false);
    }

    /**
     * Publishes {@code packages} packages holding {@code releases} releases in all, with ExDoc-shaped
     * docs for the latest release of each package when {@code docsForLatest} (as hex.pm has docs for
     * nearly every package's latest release).
     *
     * @throws IllegalArgumentException when there are fewer releases than packages
     */
    static Shape populate(FakeHexRepository repository, int packages, int releases, long seed, boolean docsForLatest) {
        return populate(repository, packages, releases, seed, docsForLatest, 0);
    }

    /**
     * Publishes {@code packages} packages holding {@code releases} releases in all, as
     * {@link #populate(FakeHexRepository, int, int, long, boolean)} does, each release's tarball carrying
     * an incompressible payload of a log-normally distributed size averaging {@code meanPayloadBytes}
     * (none when 0; see {@link PayloadSizes}): the generated tarballs are otherwise about 5 KB, where
     * hex.pm's average about 60 KB.
     * The payload sizes come from a random sequence of their own, so the registry's shape is the same
     * with and without them.
     *
     * @throws IllegalArgumentException when there are fewer releases than packages, or the mean is negative
     */
    static Shape populate(FakeHexRepository repository, int packages, int releases, long seed, boolean docsForLatest,
            int meanPayloadBytes) {
        PayloadSizes payloads = new PayloadSizes(meanPayloadBytes, ~seed);
        if (packages < 1 || releases < packages) {
            throw new IllegalArgumentException("need at least one release per package: " + packages + " packages, "
                    + releases + " releases");
        }
        Random random = new Random(seed);
        List<String> names = names(packages, random);
        int[] counts = releaseCounts(packages, releases, random);
        List<List<String>> versions = new ArrayList<>(packages);
        for (int i = 0; i < packages; i++) {
            versions.add(versionHistory(counts[i], random));
        }
        for (int i = 0; i < packages; i++) {
            // Dependencies on packages earlier in the list, as real ecosystems depend on older packages.
            int dependencyCount = i == 0 ? 0 : Math.min(i, random.nextInt(4));
            Set<Integer> dependencies = new HashSet<>();
            while (dependencies.size() < dependencyCount) {
                dependencies.add(random.nextInt(i));
            }
            List<String> history = versions.get(i);
            for (String version : history) {
                ReleaseBuilder release = repository.release(names.get(i), version);
                for (int d : dependencies) {
                    release.dependsOn(names.get(d), "~> " + majorMinor(versions.get(d).get(0)));
                }
                if (docsForLatest && version.equals(history.get(history.size() - 1))) {
                    release.withDocs();
                }
                release.payloadBytes(payloads.next()).publish();
            }
        }
        return new Shape(names, releases);
    }

    /** Unique package names of two to four syllables and an optional suffix, sorted as generated. */
    private static List<String> names(int count, Random random) {
        Set<String> seen = new HashSet<>();
        List<String> names = new ArrayList<>(count);
        while (names.size() < count) {
            StringBuilder name = new StringBuilder();
            int syllables = 2 + random.nextInt(3);
            for (int s = 0; s < syllables; s++) {
                name.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            name.append(SUFFIXES[random.nextInt(SUFFIXES.length)]);
            String candidate = name.toString();
            if (!seen.add(candidate)) {
                candidate = candidate + "_" + names.size();
                seen.add(candidate);
            }
            names.add(candidate);
        }
        return names;
    }

    /**
     * One release each, plus the rest spread by log-normal weights; rounding by largest remainder
     * makes the total exact.
     */
    private static int[] releaseCounts(int packages, int releases, Random random) {
        double[] weights = new double[packages];
        double sum = 0;
        for (int i = 0; i < packages; i++) {
            weights[i] = Math.exp(SPREAD * random.nextGaussian());
            sum += weights[i];
        }
        int extra = releases - packages;
        int[] counts = new int[packages];
        double[] remainders = new double[packages];
        int assigned = 0;
        for (int i = 0; i < packages; i++) {
            double share = extra * weights[i] / sum;
            counts[i] = 1 + (int) share;
            remainders[i] = share - (int) share;
            assigned += (int) share;
        }
        Integer[] order = new Integer[packages];
        for (int i = 0; i < packages; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(remainders[b], remainders[a]));
        for (int k = 0; assigned < extra; k++, assigned++) {
            counts[order[k % packages]]++;
        }
        return counts;
    }

    /** Ascending versions: mostly patch releases, some minor and major ones, a release candidate before some of those. */
    private static List<String> versionHistory(int count, Random random) {
        List<String> versions = new ArrayList<>(count);
        int major = random.nextInt(3) == 0 ? 1 : 0;
        int minor = 1;
        int patch = 0;
        while (versions.size() < count) {
            if (versions.size() == count - 1 || random.nextInt(8) != 0) {
                versions.add(major + "." + minor + "." + patch);
                int bump = random.nextInt(10);
                if (bump < 7) {
                    patch++;
                } else if (bump < 9) {
                    minor++;
                    patch = 0;
                } else {
                    major++;
                    minor = 0;
                    patch = 0;
                }
            } else {
                // A release candidate of the next version, which then follows it.
                versions.add(String.format(Locale.ROOT, "%d.%d.%d-rc.%d", major, minor, patch, 1 + random.nextInt(3)));
                versions.add(major + "." + minor + "." + patch);
                patch++;
            }
        }
        return versions.subList(0, count);
    }

    private static String majorMinor(String version) {
        String[] parts = version.split("[.-]");
        return parts[0] + "." + parts[1];
    }
}
