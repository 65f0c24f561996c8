package io.hexmirror.docs;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What a docs sync did.
 *
 * @param wanted docs versions the policy asks for
 * @param present wanted docs already in the mirror, not asked for
 * @param fetched docs tarballs downloaded, checked and stored (new or changed)
 * @param unchanged docs tarballs asked for again and found the same (304 or same bytes)
 * @param notFound releases upstream has no docs for (remembered; see {@link DocsSync})
 * @param skippedMissing releases remembered as having no docs and not asked again
 * @param removed docs tarballs removed because their release left the mirror
 * @param bytes bytes received for docs
 * @param requests HTTP requests made for docs
 * @param treeFiles files written to the browsable tree
 * @param treeBytes bytes written to the browsable tree
 * @param treePackages the packages whose browsable docs changed
 * @param failures one message per docs version that could not be mirrored (refused, upstream error)
 * @param duration how long it took
 */
public record DocsSyncSummary(int wanted, int present, int fetched, int unchanged, int notFound, int skippedMissing,
        int removed, long bytes, long requests, long treeFiles, long treeBytes, Set<String> treePackages, List<String> failures, Duration duration) {
    public DocsSyncSummary {
        treePackages = Set.copyOf(treePackages);
        failures = List.copyOf(failures);
    }

    public boolean succeeded() {
        return failures.isEmpty();
    }
}
