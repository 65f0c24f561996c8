package io.hexmirror.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.testkit.upstream.FakeHexRepository;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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

        FullSizeBenchmark.MonthOfChanges month = FullSizeBenchmark.MonthOfChanges.apply(repository, 20, 3);
        repository.prebuild();

        List<String> differing = repository.paths().stream()
                .filter(p -> !p.equals("public_key"))
                .filter(p -> !before.containsKey(p) || !java.util.Arrays.equals(before.get(p), repository.file(p).orElseThrow()))
                .sorted().toList();
        assertThat(month.packages()).hasSize(20);
        assertThat(month.files()).containsExactlyInAnyOrderElementsOf(differing);
    }
}
