package io.hexmirror.docs;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * How a docs sync runs.
 *
 * @param policy which releases' docs to mirror
 * @param elixirVersions Elixir versions whose own docs ({@link DocsSync#ELIXIR_APPS}) to mirror
 * @param named releases whose docs are wanted whatever the policy (from lock files, {@code --docs-for NAME@VERSION})
 * @param namedPackages packages whose latest mirrored release's docs are wanted whatever the policy
 *     ({@code --docs-for NAME})
 * @param refresh ask again for every wanted release: for docs re-published upstream and for
 *     releases remembered as having none
 * @param recentWindow releases published this recently are asked again for missing docs on every
 *     sync (docs often follow a release by minutes)
 * @param concurrency how many docs tarballs are fetched at once
 * @param clock the time, for the recent window
 */
public record DocsSyncOptions(DocsPolicy policy, List<String> elixirVersions, Set<DocsRelease> named, Set<String> namedPackages,
        boolean refresh, Duration recentWindow, int concurrency, Clock clock) {
    /** The default window in which a release without docs is asked again. */
    public static final Duration DEFAULT_RECENT_WINDOW = Duration.ofDays(7);

    public DocsSyncOptions {
        requireNonNull(policy, "policy is null");
        elixirVersions = List.copyOf(elixirVersions);
        named = Set.copyOf(named);
        namedPackages = Set.copyOf(namedPackages);
        requireNonNull(recentWindow, "recentWindow is null");
        requireNonNull(clock, "clock is null");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
        }
    }

    /** The given policy, nothing else named, default window, 4 at once. */
    public static DocsSyncOptions of(DocsPolicy policy) {
        return new DocsSyncOptions(policy, List.of(), Set.of(), Set.of(), false, DEFAULT_RECENT_WINDOW, 4, Clock.systemUTC());
    }

    public DocsSyncOptions withElixirVersions(List<String> versions) {
        return new DocsSyncOptions(policy, versions, named, namedPackages, refresh, recentWindow, concurrency, clock);
    }

    public DocsSyncOptions withNamed(Set<DocsRelease> releases) {
        return new DocsSyncOptions(policy, elixirVersions, releases, namedPackages, refresh, recentWindow, concurrency, clock);
    }

    /** Also the docs of these packages' latest mirrored releases. */
    public DocsSyncOptions withNamedPackages(Set<String> names) {
        return new DocsSyncOptions(policy, elixirVersions, named, names, refresh, recentWindow, concurrency, clock);
    }

    public DocsSyncOptions refreshing(boolean again) {
        return new DocsSyncOptions(policy, elixirVersions, named, namedPackages, again, recentWindow, concurrency, clock);
    }

    public DocsSyncOptions withClock(Clock newClock) {
        return new DocsSyncOptions(policy, elixirVersions, named, namedPackages, refresh, recentWindow, concurrency, newClock);
    }

    public DocsSyncOptions withConcurrency(int n) {
        return new DocsSyncOptions(policy, elixirVersions, named, namedPackages, refresh, recentWindow, n, clock);
    }
}
