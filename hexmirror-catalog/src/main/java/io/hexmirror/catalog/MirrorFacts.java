package io.hexmirror.catalog;

import java.time.Instant;
import java.util.Optional;

/**
 * What the front page says about the mirror.
 *
 * @param packages packages in the catalog
 * @param releases their releases, as the registry lists them
 * @param generation the mirror's generation at the last catalog update (0: none recorded)
 * @param generationAt when that generation was made
 * @param upstream where the mirror syncs from, when known
 * @param catalogUpdatedAt when the catalog was last updated
 */
public record MirrorFacts(long packages, long releases, long generation, Optional<Instant> generationAt, Optional<String> upstream,
        Instant catalogUpdatedAt) {
}
