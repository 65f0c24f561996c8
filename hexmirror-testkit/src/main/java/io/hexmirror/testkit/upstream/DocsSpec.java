package io.hexmirror.testkit.upstream;

import static java.util.Objects.requireNonNull;

import io.hexmirror.registry.RegistryPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a release's generated docs tarball looks like: ExDoc output of a given generation, the
 * packages its pages link to, and a revision (bumped to re-publish different docs for the same
 * release). Or, for bad-input tests, exact bytes. Immutable; the same spec always gives the same bytes.
 */
public final class DocsSpec {
    /** Which ExDoc generation's output to imitate. */
    public enum Format {
        /** ExDoc 0.30 and later: {@code dist/search_data-HASH.js} with {@code searchData={items:[...]}}. */
        SEARCH_DATA,
        /** ExDoc 0.20 to 0.29: {@code dist/search_items-HASH.js} with {@code searchNodes=[...]}. */
        SEARCH_ITEMS,
        /** No search data file at all: only HTML pages. */
        HTML_ONLY
    }

    /** A link from the docs to another package's docs, written in both hexdocs.pm URL forms. */
    public record Link(String name, String version) {
        public Link {
            RegistryPaths.checkName(name);
            if (version != null) {
                RegistryPaths.checkVersion(version);
            }
        }
    }

    private final Format format;
    private final List<Link> links;
    private final int revision;
    private final byte[] raw;
    private final boolean linksFromDependencies;

    private DocsSpec(Format format, List<Link> links, int revision, byte[] raw, boolean linksFromDependencies) {
        this.format = format;
        this.links = List.copyOf(links);
        this.revision = revision;
        this.raw = raw;
        this.linksFromDependencies = linksFromDependencies;
    }

    /**
     * Recent ExDoc output whose pages link to the latest published version (at publication) of each
     * of the release's dependencies. The default of {@link ReleaseBuilder#withDocs()}.
     */
    public static DocsSpec exDoc() {
        return new DocsSpec(Format.SEARCH_DATA, List.of(), 0, null, true);
    }

    /** ExDoc output of the given generation, linking to the release's dependencies. */
    public static DocsSpec of(Format format) {
        return new DocsSpec(requireNonNull(format, "format is null"), List.of(), 0, null, true);
    }

    /** Exactly these bytes as the docs tarball, however broken. */
    public static DocsSpec raw(byte[] tarball) {
        return new DocsSpec(Format.HTML_ONLY, List.of(), 0, requireNonNull(tarball, "tarball is null").clone(), false);
    }

    /** Also links to this package's docs (version null: the unversioned URL). */
    public DocsSpec linkingTo(String name, String version) {
        List<Link> more = new ArrayList<>(links);
        more.add(new Link(name, version));
        return new DocsSpec(format, more, revision, raw, linksFromDependencies);
    }

    /** Different content for the same release, as when docs are published again. */
    public DocsSpec revision(int newRevision) {
        return new DocsSpec(format, links, newRevision, raw, linksFromDependencies);
    }

    public Format format() {
        return format;
    }

    public List<Link> links() {
        return links;
    }

    public int revision() {
        return revision;
    }

    Optional<byte[]> raw() {
        return Optional.ofNullable(raw);
    }

    boolean linksFromDependencies() {
        return linksFromDependencies;
    }

    /** The spec with the links that depend on the repository's state at publication fixed. */
    DocsSpec resolved(List<Link> dependencyLinks) {
        if (!linksFromDependencies) {
            return this;
        }
        List<Link> all = new ArrayList<>(dependencyLinks);
        all.addAll(links);
        return new DocsSpec(format, all, revision, raw, false);
    }
}
