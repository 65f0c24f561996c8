package io.hexmirror.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.testkit.mirror.RealisticPackages;
import io.hexmirror.testkit.mirror.StoredMirror;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Server-side search over the realistic package set: the ranking table, filters and sorts. */
class SearchRankingTest {
    @TempDir
    static Path dir;

    static Catalog catalog;
    static CatalogSearch search;

    @BeforeAll
    static void build() throws IOException {
        FileSystemStorage storage = FileSystemStorage.open(dir, false);
        RealisticPackages.write(storage);
        catalog = Catalog.open(storage, StoredMirror.reader(), CatalogOptions.defaults().withoutPages());
        catalog.rebuild();
        search = CatalogSearch.of(catalog);
    }

    static Stream<Arguments> ranking() {
        return RealisticPackages.RANKING.stream().map(row -> Arguments.of(row[0], row[1]));
    }

    private static List<String> names(String query) {
        return search.search(SearchQuery.parse(query, null), 10).packages().stream().map(PackageSummary::name).toList();
    }

    @ParameterizedTest(name = "\"{0}\" finds {1} first")
    @MethodSource("ranking")
    void rankingTable(String query, String expectedFirst) {
        assertThat(names(query)).first().isEqualTo(expectedFirst);
    }

    @Test
    void filtersKeepOnlyMatchingPackages() {
        assertThat(search.search(SearchQuery.parse("depends:hackney", null), 50).packages())
                .extracting(PackageSummary::name)
                .contains("httpoison", "tesla", "swoosh", "bamboo", "tzdata")
                .allSatisfy(name -> assertThat(catalog.summaries().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow()
                        .dependencies()).contains("hackney"));
        assertThat(names("build_tool:rebar3")).allSatisfy(name -> assertThat(catalog.get(name).orElseThrow().meta().buildTools())
                .contains("rebar3"));
        assertThat(names("license:isc")).containsExactlyInAnyOrder("cowboy", "cowlib", "ranch");
        assertThat(names("build_tool:nothing")).isEmpty();
    }

    @Test
    void sortsByNameAndUpdate() {
        assertThat(names("sort:name http client")).isSorted();
        List<PackageSummary> updated = search.search(SearchQuery.parse("http client", "updated"), 10).packages();
        assertThat(updated).extracting(PackageSummary::updatedAt).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void wordsMatchedAnywhereWhenNoPackageHasThemAll() {
        // No package is about both; each word still finds packages.
        assertThat(names("graphql redis")).contains("absinthe", "redix");
    }

    @Test
    void countsEveryMatch() {
        CatalogSearch.Result result = search.search(SearchQuery.parse("depends:telemetry", null), 3);
        assertThat(result.packages()).hasSize(3);
        assertThat(result.total()).isEqualTo(catalog.dependents("telemetry").size());
    }
}
