package io.hexmirror.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A security advisory the signed registry attaches to a package; releases point at it by index.
 *
 * @param id such as {@code GHSA-...} or {@code EEF-CVE-...}; may be empty
 * @param summary one line; may be empty
 * @param url a page about it (upstream, not mirrored); may be empty
 * @param severity {@code none}, {@code low}, {@code medium}, {@code high} or {@code critical}
 * @param cvssScore when upstream gives one
 * @param aliases other ids of the same advisory
 */
public record Advisory(String id, String summary, String url, String severity, Optional<Float> cvssScore, List<String> aliases) {
    public Advisory {
        requireNonNull(id, "id is null");
        requireNonNull(summary, "summary is null");
        requireNonNull(url, "url is null");
        requireNonNull(severity, "severity is null");
        requireNonNull(cvssScore, "cvssScore is null");
        aliases = List.copyOf(aliases);
    }
}
