package io.hexmirror.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.testkit.upstream.FakeHexRepository;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FullSizeBenchmarkTest {

    @Test
    void docsForLatestPublishesDocsForTheLatestReleaseOfEachPackageOnly() {
        FakeHexRepository repository = FakeHexRepository.create();

        SyntheticRegistry.populate(repository, 30, 200, 5, true);

        List<String> docs = repository.paths().stream().filter(p -> p.startsWith("docs/")).toList();
        assertThat(docs).hasSize(30);
        for (String name : repository.packageNames()) {
            List<String> versions = repository.versions(name);
            assertThat(docs).contains(FakeHexRepository.docsKey(name, versions.get(versions.size() - 1)));
        }
    }

    @Test
    void aMonthOfChangesNamesExactlyTheFilesThatChangedUpstream() {
        FakeHexRepository repository = FakeHexRepository.create();
        SyntheticRegistry.populate(repository, 40, 300, 9, true);
        repository.prebuild();
        Map<String, byte[]> before = new HashMap<>();
        repository.paths().forEach(p -> before.put(p, repository.file(p).orElseThrow()));

        FullSizeBenchmark.MonthOfChanges month = FullSizeBenchmark.MonthOfChanges.apply(repository, 20, 3, 0);
        repository.prebuild();

        List<String> differing = repository.paths().stream()
                .filter(p -> !p.equals("public_key"))
                .filter(p -> !before.containsKey(p) || !java.util.Arrays.equals(before.get(p), repository.file(p).orElseThrow()))
                .sorted().toList();
        assertThat(month.packages()).hasSize(20);
        assertThat(month.files()).containsExactlyInAnyOrderElementsOf(differing);
    }

    @Test
    void byDefaultTheUpstreamsTarballsAreHexpmsAverageSize() {
        FullSizeBenchmark defaults = options("--packages", "30");
        FullSizeBenchmark without = options("--packages", "30", "--payload-kb", "0");

        // hex.pm's 9 GB over 150,000 tarballs is 60 KB each (225 draws of a long tail here); without payloads, about 6 KB.
        assertThat(defaults.payloadKb).isEqualTo(49);
        assertThat(GeneratedTarballs.meanBytes(defaults.upstream())).isBetween(40_000.0, 80_000.0);
        assertThat(GeneratedTarballs.meanBytes(without.upstream())).isBetween(3_000.0, 8_000.0);
    }

    @Test
    void aMonthsNewReleasesCarryPayloadsOfTheSameDistribution() {
        FakeHexRepository repository = FakeHexRepository.create();
        SyntheticRegistry.populate(repository, 100, 700, 9, true, 30_000);
        List<String> before = repository.paths();

        FullSizeBenchmark.MonthOfChanges month = FullSizeBenchmark.MonthOfChanges.apply(repository, 100, 3, 30_000);

        // 50 new releases (the 10 replaced tarballs keep their payload's size); 50 draws of a long tail.
        List<String> released = month.tarballs().stream().filter(p -> !before.contains(p)).toList();
        double mean = released.stream().mapToLong(p -> repository.file(p).orElseThrow().length).average().orElseThrow();
        assertThat(released).hasSize(50);
        assertThat(mean).as("without payloads, about 5 KB").isBetween(20_000.0, 100_000.0);
    }

    private static FullSizeBenchmark options(String... args) {
        FullSizeBenchmark benchmark = new FullSizeBenchmark();
        List<String> all = new java.util.ArrayList<>(List.of("--cli-jar", "hexmirror.jar"));
        all.addAll(List.of(args));
        new CommandLine(benchmark).parseArgs(all.toArray(String[]::new));
        return benchmark;
    }
}
