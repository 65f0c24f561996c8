package io.hexmirror.catalog;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a release's {@code metadata.config} says about it. Untrusted text, written by the publisher:
 * escape it wherever it is shown. Long texts are cut to {@link #MAX_DESCRIPTION_CHARS}.
 *
 * @param app the OTP application name; may be empty
 * @param description may be empty
 * @param licenses such as {@code Apache-2.0}
 * @param links link names to URLs, in file order (URLs are not checked here: see the page writer)
 * @param maintainers as the publisher listed them
 * @param buildTools such as {@code mix}, {@code rebar3}
 * @param elixirRequirement the Elixir version requirement, when there is one
 */
public record ReleaseMeta(String app, String description, List<String> licenses, Map<String, String> links,
        List<String> maintainers, List<String> buildTools, Optional<String> elixirRequirement) {
    /** Descriptions longer than this are cut: hex.pm caps them far lower, a hostile tarball may not. */
    public static final int MAX_DESCRIPTION_CHARS = 2000;

    public ReleaseMeta {
        requireNonNull(app, "app is null");
        requireNonNull(description, "description is null");
        requireNonNull(elixirRequirement, "elixirRequirement is null");
        licenses = List.copyOf(licenses);
        links = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(links));
        maintainers = List.copyOf(maintainers);
        buildTools = List.copyOf(buildTools);
    }

    /** Meta for a release whose tarball is not mirrored or could not be read. */
    public static ReleaseMeta unknown() {
        return new ReleaseMeta("", "", List.of(), Map.of(), List.of(), List.of(), Optional.empty());
    }
}
