package io.hexmirror.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.version.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link CatalogPackage#latest()} and {@link CatalogPackage#releasesNewestFirst()} parse each version once; they choose
 * and order exactly as the streams they replaced (kept here as the reference), ties and unparseable versions included.
 */
class CatalogPackageLatestTest {
    private static final List<String> VERSIONS = List.of("1.0.0", "1.0.0+build.1", "1.0.0+build.2", "1.0.1", "2.0.0-rc.1",
            "2.0.0-rc.1+b", "2.0.0", "0.9.0", "10.0.0", "1.10.0", "not-a-version", "also bad", "1.0", "3.0.0-alpha");

    @Test
    void choosesAndOrdersAsTheStreamsDid() {
        Random random = new Random(24);
        for (int i = 0; i < 5_000; i++) {
            List<CatalogRelease> releases = new ArrayList<>();
            int count = random.nextInt(7);
            for (int r = 0; r < count; r++) {
                releases.add(release(VERSIONS.get(random.nextInt(VERSIONS.size())), random.nextInt(3) == 0, r));
            }
            CatalogPackage pkg = new CatalogPackage("p", "hexpm", releases, List.of(), Optional.empty(), Instant.EPOCH);
            Optional<CatalogRelease> expected = referenceLatest(pkg.releases());
            assertThat(pkg.latest()).as("%s", releases).isEqualTo(expected);
            // The very release of the list, not an equal one: callers find it by identity.
            expected.ifPresent(e -> assertThat(pkg.latest().orElseThrow()).isSameAs(e));
            assertThat(pkg.releasesNewestFirst()).as("%s", releases).containsExactlyElementsOf(referenceNewestFirst(pkg.releases()));
        }
    }

    private static CatalogRelease release(String version, boolean retired, int index) {
        // The index tells equal versions apart, so that a wrong choice between them shows.
        return new CatalogRelease(version, Optional.of(Instant.ofEpochSecond(index)),
                retired ? Optional.of(Retirement.of(1, "gone")) : Optional.empty(), List.of(), List.of(), "c" + index, true, false,
                Optional.empty());
    }

    private static Version parsed(CatalogRelease release) {
        return Version.tryParse(release.version()).orElse(null);
    }

    private static Optional<CatalogRelease> referenceLatest(List<CatalogRelease> releases) {
        Comparator<CatalogRelease> byVersion = Comparator.comparing(CatalogPackageLatestTest::parsed,
                Comparator.nullsFirst(Version::comparePrecedence));
        Optional<CatalogRelease> stable = releases.stream()
                .filter(r -> !r.retired() && parsed(r) != null && !parsed(r).isPreRelease())
                .max(byVersion);
        if (stable.isPresent()) {
            return stable;
        }
        Optional<CatalogRelease> live = releases.stream().filter(r -> !r.retired()).max(byVersion);
        return live.isPresent() ? live : releases.stream().max(byVersion);
    }

    private static List<CatalogRelease> referenceNewestFirst(List<CatalogRelease> releases) {
        return releases.stream()
                .sorted(Comparator.comparing(CatalogPackageLatestTest::parsed, Comparator.nullsFirst(Version::comparePrecedence))
                        .reversed())
                .toList();
    }
}
