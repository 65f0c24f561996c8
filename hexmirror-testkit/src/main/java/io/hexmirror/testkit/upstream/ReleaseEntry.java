package io.hexmirror.testkit.upstream;

import io.hexmirror.registry.proto.RetirementStatus;
import java.time.Instant;

/**
 * One release in the repository's state. Immutable: changes make a new entry. The checksums are
 * computed once, when first needed, and shared by every entry made from the same tarball spec, so
 * retiring a release does not rebuild its tarball.
 */
final class ReleaseEntry {
    private final TarballSpec spec;
    private final Instant publishedAt;
    private final RetirementStatus retirement;
    /** The docs, with links resolved at publication; null when the release has none. */
    private final DocsSpec docs;
    private final Memo<TarballChecksums> checksums;

    private ReleaseEntry(TarballSpec spec, Instant publishedAt, RetirementStatus retirement, DocsSpec docs,
            Memo<TarballChecksums> checksums) {
        this.spec = spec;
        this.publishedAt = publishedAt;
        this.retirement = retirement;
        this.docs = docs;
        this.checksums = checksums;
    }

    static ReleaseEntry of(TarballSpec spec, Instant publishedAt, DocsSpec docs) {
        return new ReleaseEntry(spec, publishedAt, null, docs, checksumsOf(spec));
    }

    private static Memo<TarballChecksums> checksumsOf(TarballSpec spec) {
        return new Memo<>(() -> Tarballs.packageTarball(spec).checksums());
    }

    TarballSpec spec() {
        return spec;
    }

    String version() {
        return spec.version();
    }

    Instant publishedAt() {
        return publishedAt;
    }

    /** The retirement, or null when the release is not retired. */
    RetirementStatus retirement() {
        return retirement;
    }

    boolean hasDocs() {
        return docs != null;
    }

    /** The docs tarball; only for a release with docs. */
    byte[] docsTarball() {
        return ExDocOutput.tarball(spec.name(), spec.version(), docs);
    }

    TarballChecksums checksums() {
        return checksums.get();
    }

    /**
     * Builds the tarball; its checksums are kept so that serving first does not build twice, and once known they are
     * not computed again (the bytes are the same on every build).
     */
    byte[] tarball() {
        Tarballs.Built built = Tarballs.packageTarball(spec, checksums.peek());
        checksums.offer(built.checksums());
        return built.bytes();
    }

    ReleaseEntry withRetirement(RetirementStatus newRetirement) {
        return new ReleaseEntry(spec, publishedAt, newRetirement, docs, checksums);
    }

    /** With these docs (already resolved), or none for null. */
    ReleaseEntry withDocs(DocsSpec newDocs) {
        return new ReleaseEntry(spec, publishedAt, retirement, newDocs, checksums);
    }

    ReleaseEntry withNextRevision() {
        TarballSpec next = spec.withRevision(spec.revision() + 1);
        return new ReleaseEntry(next, publishedAt, retirement, docs, checksumsOf(next));
    }
}
