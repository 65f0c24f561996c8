package io.hexmirror.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogUpdateTest {
    @Test
    void twoUpdatesOneAfterTheOtherAddUpTheirCountsProblemsAndTimes() {
        CatalogUpdate registry = new CatalogUpdate(3, 1, 2, List.of("packages/a: bad"), Duration.ofMillis(300));
        CatalogUpdate docs = new CatalogUpdate(2, 0, 2, List.of("packages/b: bad"), Duration.ofMillis(200));

        assertThat(registry.plus(docs)).isEqualTo(
                new CatalogUpdate(5, 1, 4, List.of("packages/a: bad", "packages/b: bad"), Duration.ofMillis(500)));
    }
}
