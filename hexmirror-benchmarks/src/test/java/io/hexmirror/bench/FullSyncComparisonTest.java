package io.hexmirror.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FullSyncComparisonTest {

    @Test
    void theCatalogUpdatesTimeIsReadAsTheCliPrintsIt() {
        String now = "docs complete in 10.3s\ncatalog updated: 2000 packages read, 0 removed, 2000 pages written in 5.0s\n";
        String before = "catalog updated: 2000 packages read, 0 removed, 2000 pages written in 850 ms\n";

        assertThat(FullSyncComparison.seconds(FullSyncComparison.CATALOG, now)).isEqualTo(5.0);
        assertThat(FullSyncComparison.seconds(FullSyncComparison.CATALOG, before)).isEqualTo(0.85);
        assertThat(FullSyncComparison.seconds(FullSyncComparison.CATALOG, "docs complete in 1.0s\n")).isNaN();
    }
}
