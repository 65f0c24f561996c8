package io.hexmirror.bench;

import io.hexmirror.registry.proto.RetirementReason;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Changes a number of distinct packages upstream as a day on hex.pm does: in every ten packages,
 * five get a new release, four get a release retired and one has its latest tarball replaced.
 */
final class UpstreamChanges {

    /** What changed; every new release and every replaced release is one tarball to download. */
    record ChangeSet(int packages, int newReleases, int retirements, int replacedTarballs) {
        int newTarballs() {
            return newReleases + replacedTarballs;
        }
    }

    private UpstreamChanges() {
    }

    /**
     * @throws IllegalArgumentException when the repository has fewer packages than asked to change
     */
    static ChangeSet apply(FakeHexRepository repository, int count, long seed) {
        return apply(repository, count, seed, 0);
    }

    /**
     * As {@link #apply(FakeHexRepository, int, long)}, each new release's tarball carrying a payload of the
     * distribution {@link SyntheticRegistry} gives the others ({@link PayloadSizes}), averaging
     * {@code meanPayloadBytes} (none when 0). A replaced tarball keeps its payload's size.
     *
     * @throws IllegalArgumentException when the repository has fewer packages than asked to change
     */
    static ChangeSet apply(FakeHexRepository repository, int count, long seed, int meanPayloadBytes) {
        PayloadSizes payloads = new PayloadSizes(meanPayloadBytes, seed * 31 + 17);
        List<String> names = new ArrayList<>(repository.packageNames());
        if (count > names.size()) {
            throw new IllegalArgumentException("cannot change " + count + " of " + names.size() + " packages");
        }
        Collections.shuffle(names, new Random(seed));
        int newReleases = 0;
        int retirements = 0;
        int replaced = 0;
        for (int i = 0; i < count; i++) {
            String name = names.get(i);
            List<String> versions = repository.versions(name);
            String latest = versions.get(versions.size() - 1);
            switch (i % 10) {
                case 0, 1, 2, 3, 4 -> {
                    repository.release(name, nextVersion(latest, Set.copyOf(versions))).payloadBytes(payloads.next()).publish();
                    newReleases++;
                }
                case 5, 6, 7, 8 -> {
                    repository.retire(name, versions.get(0), RetirementReason.RETIRED_DEPRECATED, "benchmark: superseded");
                    retirements++;
                }
                default -> {
                    repository.replaceTarball(name, latest);
                    replaced++;
                }
            }
        }
        return new ChangeSet(count, newReleases, retirements, replaced);
    }

    /** The next patch release after {@code latest} (or its release, when it is a pre-release). */
    static String nextVersion(String latest, Set<String> taken) {
        int dash = latest.indexOf('-');
        String release = dash < 0 ? latest : latest.substring(0, dash);
        String[] parts = release.split("\\.");
        if (dash >= 0 && !taken.contains(release)) {
            return release;
        }
        int patch = Integer.parseInt(parts[2]) + 1;
        String candidate = parts[0] + "." + parts[1] + "." + patch;
        while (taken.contains(candidate)) {
            candidate = parts[0] + "." + parts[1] + "." + ++patch;
        }
        return candidate;
    }
}
