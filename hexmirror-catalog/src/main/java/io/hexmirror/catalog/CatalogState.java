package io.hexmirror.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@code catalog/index.json} holds: every package's summary and fingerprint, and what the front page
 * says about the mirror.
 *
 * @param format the file's format version
 * @param generation the mirror's generation when the catalog was last updated (0 when it records none)
 * @param generationAt when that generation was made
 * @param upstream the upstream the mirror syncs from, when a sync said so
 * @param updatedAt when an update last changed the catalog (wrote any of its files or changed this index); an
 *     update that finds nothing to change keeps it
 * @param packages one entry per package, in name order
 * @param downloadsAt the date of the download counts the pages show (empty: none; absent in older files)
 */
record CatalogState(int format, long generation, Optional<Instant> generationAt, Optional<String> upstream, Instant updatedAt,
        List<Entry> packages, Optional<Instant> downloadsAt) {
    static final int FORMAT = 1;

    /**
     * @param summary the package's summary
     * @param fingerprint its storage fingerprint when it was read
     */
    record Entry(PackageSummary summary, String fingerprint) {
    }

    CatalogState {
        // An index written before download counts existed has no such field.
        downloadsAt = downloadsAt == null ? Optional.empty() : downloadsAt;
    }

    CatalogState withUpdatedAt(Instant time) {
        return new CatalogState(format, generation, generationAt, upstream, time, packages, downloadsAt);
    }

    static CatalogState empty() {
        return new CatalogState(FORMAT, 0, Optional.empty(), Optional.empty(), Instant.EPOCH, List.of(), Optional.empty());
    }
}
