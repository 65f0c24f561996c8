package io.hexmirror.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * What lists and search need of a package, kept for every package in the catalog's index.
 *
 * @param name the package name
 * @param latestVersion see {@link CatalogPackage#latest()}
 * @param description the latest release's description, cut to {@link #MAX_DESCRIPTION_CHARS}
 * @param licenses of the latest release
 * @param buildTools of the latest release
 * @param dependencies the packages the latest release depends on
 * @param releases how many releases the registry lists
 * @param updatedAt see {@link CatalogPackage#updatedAt()}
 * @param retired whether every release is retired
 */
public record PackageSummary(String name, String latestVersion, String description, List<String> licenses,
        List<String> buildTools, List<String> dependencies, int releases, Instant updatedAt, boolean retired) {
    /** Summaries keep this much description: enough for a result line, small enough for the static index. */
    public static final int MAX_DESCRIPTION_CHARS = 300;

    public PackageSummary {
        requireNonNull(name, "name is null");
        requireNonNull(latestVersion, "latestVersion is null");
        requireNonNull(description, "description is null");
        requireNonNull(updatedAt, "updatedAt is null");
        licenses = List.copyOf(licenses);
        buildTools = List.copyOf(buildTools);
        dependencies = List.copyOf(dependencies);
    }

    static PackageSummary of(CatalogPackage pkg) {
        ReleaseMeta meta = pkg.meta();
        String description = meta.description().strip();
        if (description.length() > MAX_DESCRIPTION_CHARS) {
            description = description.substring(0, MAX_DESCRIPTION_CHARS) + "…";
        }
        List<String> dependencies = pkg.latest().map(r -> r.dependencies().stream().map(Dependency::name).distinct().toList())
                .orElse(List.of());
        return new PackageSummary(pkg.name(), pkg.latest().map(CatalogRelease::version).orElse(""), description,
                meta.licenses(), meta.buildTools(), dependencies, pkg.releases().size(), pkg.updatedAt(), pkg.allRetired());
    }
}
