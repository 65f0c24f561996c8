package io.hexmirror.docs;

import static java.util.Objects.requireNonNull;

import io.hexmirror.generation.Sha256;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The docs of a mirror, as one entry point: stores checked docs tarballs verbatim at
 * {@code docs/NAME-VERSION.tar.gz} and keeps the browsable tree under {@code hexdocs/} in line
 * with them. The tree can be rebuilt from the tarballs at any time ({@link #rebuild}).
 *
 * <p>Not thread-safe for concurrent changes to the same mirror; callers hold the mirror's lock.
 */
public final class HexDocs {
    private final Storage storage;
    private final DocsLimits limits;
    private final DocsTree tree;
    private final DocsPages pages;
    private final ParallelWork parallel;

    public HexDocs(Storage storage) {
        this(storage, DocsLimits.hexdocs());
    }

    public HexDocs(Storage storage, DocsLimits limits) {
        this(storage, limits, DocsTree.DEFAULT_DERIVERS);
    }

    /** Docs whose trees are derived by {@code derivers} threads at most. */
    HexDocs(Storage storage, DocsLimits limits, int derivers) {
        this.storage = requireNonNull(storage, "storage is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.tree = new DocsTree(storage, limits, derivers);
        this.parallel = new ParallelWork(derivers);
        this.pages = new DocsPages(storage);
    }

    /**
     * Checks a docs tarball and, when it passes, stores it verbatim. Nothing is written when it is
     * refused.
     *
     * @throws DocsTarballException naming the package, version and what is wrong
     */
    public DocsContents store(DocsRelease release, byte[] tarball) throws IOException, DocsTarballException {
        requireNonNull(tarball, "tarball is null");
        DocsContents contents = DocsTarballs.check(release, new ByteArrayInputStream(tarball), limits);
        storage.write(release.tarballKey(), tarball, WriteOptions.defaults().withSha256(contents.sha256()));
        return contents;
    }

    /** Checks a stored tarball again (for {@code verify} and {@code import}). */
    public DocsContents check(DocsRelease release) throws IOException, DocsTarballException {
        try (var in = storage.read(release.tarballKey())) {
            return DocsTarballs.check(release, in, limits);
        }
    }

    /** The docs versions the mirror holds now. */
    public MirroredDocs mirrored() throws IOException {
        return MirroredDocs.load(storage);
    }

    /**
     * What a refresh of the tree did.
     *
     * @param derived the versions derived, including those derived again for their links
     * @param removed how many versions' trees were removed
     * @param refused tarballs refused while deriving, their trees left as they were
     * @param packages the packages whose docs changed (derived, refused or removed versions), for pages that link to them
     * @param relinked versions derived again only because a package they link to changed its mirrored docs
     */
    public record TreeUpdate(List<DocsTree.Derived> derived, int removed, List<DocsTarballException> refused, Set<String> packages,
            List<DocsRelease> relinked) {
        public TreeUpdate {
            derived = List.copyOf(derived);
            refused = List.copyOf(refused);
            packages = Set.copyOf(packages);
            relinked = List.copyOf(relinked);
        }

        public long bytes() {
            return derived.stream().mapToLong(DocsTree.Derived::bytes).sum();
        }

        public int files() {
            return derived.stream().mapToInt(DocsTree.Derived::files).sum();
        }
    }

    /**
     * Derives the trees of the given docs versions (new or changed tarballs), removes the trees of
     * versions whose tarball is gone, and rewrites the pages of the packages concerned and the list.
     * Versions derived earlier whose pages link to one of those packages are derived again when
     * their links now lead elsewhere (to docs that arrived, to another version, or back to
     * hexdocs.pm when the docs are gone); see {@link DocsLinks}. A tarball refused here (stored by an older hexmirror, or damaged since) is reported and its
     * tree left as it was.
     */
    public TreeUpdate refresh(Collection<DocsRelease> changed, Collection<DocsRelease> gone) throws IOException {
        return refresh(mirrored(), changed, gone);
    }

    /** {@link #refresh(Collection, Collection)} with the docs the mirror holds, already listed. */
    TreeUpdate refresh(MirroredDocs mirrored, Collection<DocsRelease> changed, Collection<DocsRelease> gone)
            throws IOException {
        MirroredDocs docs = mirrored;
        List<DocsTree.Derived> derived = new ArrayList<>();
        List<DocsTarballException> refused = new ArrayList<>();
        Set<String> packages = new TreeSet<>();
        List<DocsRelease> toDerive = new ArrayList<>();
        for (DocsRelease release : changed) {
            if (docs.hasDocs(release.name(), release.version())) {
                toDerive.add(release);
                packages.add(release.name());
            }
        }
        derived.addAll(tree.deriveAll(toDerive, docs, refused));
        // A refused tarball's version is left out of every drop-down and list.
        docs = docs.without(refused.stream().map(DocsTarballException::release).toList());
        int removed = 0;
        for (DocsRelease release : gone) {
            if (!docs.hasDocs(release.name(), release.version())) {
                tree.remove(release);
                removed++;
                packages.add(release.name());
            }
        }
        List<DocsRelease> relinked = relink(packages, docs, derived, refused);
        MirroredDocs browsable = docs;
        parallel.forEach(List.copyOf(packages), name -> pages.writePackage(name, browsable));
        if (!packages.isEmpty() || (docs.size() > 0 && storage.stat(DocsPaths.LIST_PAGE).isEmpty())) {
            pages.writeList(docs);
        }
        storage.syncDeferredWrites();
        return new TreeUpdate(derived, removed, refused, packages, relinked);
    }

    /** Derives again the versions whose links to the changed packages now lead elsewhere. */
    private List<DocsRelease> relink(Set<String> changedPackages, MirroredDocs docs, List<DocsTree.Derived> derived,
            List<DocsTarballException> refused) throws IOException {
        Set<DocsRelease> todo = new LinkedHashSet<>();
        for (List<DocsRelease> linkers : parallel.map(List.copyOf(changedPackages), name -> tree.linkersToRelink(name, docs))) {
            for (DocsRelease linker : linkers) {
                if (docs.hasDocs(linker.name(), linker.version())) {
                    todo.add(linker);
                }
            }
        }
        List<DocsRelease> relinked = new ArrayList<>();
        for (DocsTree.Derived again : tree.deriveAll(todo, docs, refused)) {
            derived.add(again);
            relinked.add(again.release());
        }
        return relinked;
    }

    /**
     * Makes the tree match the tarballs: with {@code all}, derives every version again (to pick up
     * links to packages mirrored since); otherwise only versions whose tree is missing or stale.
     * Trees of versions without a tarball are removed.
     */
    public TreeUpdate rebuild(boolean all) throws IOException {
        return rebuild(mirrored(), DocsTree.derived(storage), all);
    }

    private TreeUpdate rebuild(MirroredDocs docs, Set<DocsRelease> derived, boolean all) throws IOException {
        TreeUpdate update = refresh(docs, all ? docs.releases() : stale(docs.releases()), gone(docs, derived));
        MirroredDocs browsable = docs.without(update.refused().stream().map(DocsTarballException::release).toList());
        parallel.forEach(List.copyOf(browsable.packages()), name -> pages.writePackage(name, browsable));
        if (browsable.size() > 0 || storage.stat(DocsPaths.LIST_PAGE).isPresent()) {
            pages.writeList(browsable);
        }
        storage.syncDeferredWrites();
        return update;
    }

    /**
     * Brings the tree up to date with tarballs changed without deriving it (by an import): derives the
     * versions whose tree is missing or stale among those changed since the tree was last up to date,
     * removes the trees whose tarball is gone and rewrites the pages of the packages either changed.
     * Where the mirror does not record when the tree was last up to date, it checks every version and
     * every page, as {@code rebuild(false)}.
     */
    public TreeUpdate catchUp() throws IOException {
        MirroredDocs docs = mirrored();
        Set<DocsRelease> derived = DocsTree.derived(storage);
        Optional<List<DocsRelease>> candidates = TreeCheckpoint.candidates(storage, docs.releases(), derived);
        TreeUpdate update = candidates.isPresent() ? refresh(docs, stale(candidates.get()), gone(docs, derived))
                : rebuild(docs, derived, false);
        if (update.refused().isEmpty()) {
            TreeCheckpoint.record(storage);
        }
        return update;
    }

    private List<DocsRelease> stale(List<DocsRelease> releases) throws IOException {
        List<Boolean> isStale = parallel.map(releases, tree::isStale);
        List<DocsRelease> stale = new ArrayList<>();
        for (int i = 0; i < releases.size(); i++) {
            if (isStale.get(i)) {
                stale.add(releases.get(i));
            }
        }
        return stale;
    }

    /** The versions with a derived tree whose tarball is gone, in the order of their markers' keys. */
    private static List<DocsRelease> gone(MirroredDocs docs, Set<DocsRelease> derived) {
        return derived.stream().filter(r -> !docs.hasDocs(r.name(), r.version()))
                .sorted(Comparator.comparing(DocsPaths::derivedMarkerKey)).toList();
    }

    /** The SHA-256 of content, for callers that record checksums. */
    static String sha256(byte[] content) {
        return Sha256.hex(content);
    }
}
