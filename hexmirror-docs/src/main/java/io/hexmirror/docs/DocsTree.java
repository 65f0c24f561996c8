package io.hexmirror.docs;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.hexmirror.generation.Sha256;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.ObjectNotFoundException;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Derives the browsable tree of one docs version from its verbatim tarball in the storage:
 * {@code hexdocs/NAME/VERSION/...}, with links rewritten ({@link LinkRewriter}) and ExDoc's
 * {@code dist/} files stored once under {@code hexdocs/_dist/} for every package that shares them.
 *
 * <p>Safety: the tarball is checked whole ({@link DocsTarballs}) before anything is written, every
 * key written is below the version's own prefix or is a {@code _dist} file whose content matches
 * what is already there, so a bad tarball can never touch another package's docs or a registry
 * file. Each file is written atomically; files a previous derivation left and the new tarball no
 * longer holds are deleted afterwards.
 *
 * <p>Sharing {@code dist/}: ExDoc names these files by content hash, so equal names across packages
 * mean equal bytes. That is not trusted: a file goes to {@code _dist} only when {@code _dist} has no
 * file of that name or has exactly the same bytes. If any of a version's {@code dist/} files clashes,
 * the version keeps all its {@code dist/} files in its own tree (they refer to each other by
 * relative paths, so they stay together).
 */
public final class DocsTree {
    /** The marker's third field: the version's links are recorded ({@link DocsLinks}). */
    private static final String LINKS_RECORDED = "links";
    /** Derived files are synced in batches, not one by one (see {@link #deriveAll}). */
    static final WriteOptions DEFERRED = WriteOptions.defaults().withDeferredSync();
    /** How many versions' trees are written between two syncs. */
    private static final int SYNC_BATCH = 100;

    private final Storage storage;
    private final DocsLimits limits;
    private final DocsLinks links;

    public DocsTree(Storage storage, DocsLimits limits) {
        this.storage = requireNonNull(storage, "storage is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.links = new DocsLinks(storage);
    }

    /** What deriving one docs version wrote. */
    public record Derived(DocsRelease release, int files, long bytes, int sharedDistFiles, int newSharedDistFiles,
            boolean sharedDist, String tarballSha256) {
    }

    /**
     * Derives (or derives again) the tree of a docs version whose tarball is in the storage.
     *
     * @param docs the mirrored docs that links may point to
     * @throws ObjectNotFoundException when the tarball is not in the storage
     * @throws DocsTarballException when the tarball is refused; nothing has been written then
     */
    public Derived derive(DocsRelease release, MirroredDocs docs) throws IOException, DocsTarballException {
        List<DocsTarballException> refused = new ArrayList<>();
        List<Derived> derived = deriveAll(List.of(release), docs, refused);
        if (!refused.isEmpty()) {
            throw refused.get(0);
        }
        return derived.get(0);
    }

    /**
     * Derives the trees of many docs versions, in order, and returns what each wrote. A refused tarball
     * is added to {@code refused} (nothing written for it) and the others go on.
     *
     * <p>The files of a batch of versions are written without waiting for the disk, then synced all at
     * once ({@link Storage#syncDeferredWrites}); only then is each version's marker written, so a marker
     * never vouches for a tree that a crash could have cut short. A tree without its marker is derived
     * again by the next sync ({@link #isStale}).
     *
     * @throws ObjectNotFoundException when a tarball is not in the storage
     */
    public List<Derived> deriveAll(Collection<DocsRelease> releases, MirroredDocs docs, List<DocsTarballException> refused)
            throws IOException {
        requireNonNull(releases, "releases is null");
        requireNonNull(docs, "docs is null");
        requireNonNull(refused, "refused is null");
        List<Derived> derived = new ArrayList<>(releases.size());
        List<Unmarked> batch = new ArrayList<>();
        for (DocsRelease release : releases) {
            try {
                batch.add(deriveUnmarked(requireNonNull(release, "release is null"), docs));
            } catch (DocsTarballException e) {
                refused.add(e);
            }
            if (batch.size() == SYNC_BATCH) {
                mark(batch, derived);
            }
        }
        mark(batch, derived);
        // The last markers; the earlier ones were synced with the next batch's files.
        storage.syncDeferredWrites();
        return derived;
    }

    /** A version's tree and links written (not yet durable), its marker not yet. */
    private record Unmarked(Derived derived, byte[] marker) {
    }

    /** Syncs a batch's trees, then writes their markers (synced with the next batch, or at the end). */
    private void mark(List<Unmarked> batch, List<Derived> derived) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        storage.syncDeferredWrites();
        for (Unmarked done : batch) {
            storage.write(DocsPaths.derivedMarkerKey(done.derived().release()), done.marker(), DEFERRED);
            derived.add(done.derived());
        }
        batch.clear();
    }

    private Unmarked deriveUnmarked(DocsRelease release, MirroredDocs docs) throws IOException, DocsTarballException {
        DocsContents contents;
        try (InputStream in = storage.read(release.tarballKey())) {
            contents = DocsTarballs.check(release, in, limits);
        }
        // A tree derived before is about to change: it goes without a marker until its new files are
        // synced, so that a crash in between leaves it stale (derived again), never vouched for.
        storage.delete(DocsPaths.derivedMarkerKey(release));
        boolean shareDist = canShareDist(contents);
        LinkRewriter rewriter = new LinkRewriter(docs, shareDist);
        String prefix = release.treePrefix();
        Set<String> written = new HashSet<>();
        int[] shared = new int[2];
        long[] bytes = new long[1];
        try (InputStream in = storage.read(release.tarballKey())) {
            DocsTarballs.read(release, in, limits, (path, size, content) -> {
                if (shareDist && path.startsWith("dist/")) {
                    String key = DocsPaths.SHARED_DIST + path.substring("dist/".length());
                    shared[0]++;
                    if (storage.stat(key).isEmpty()) {
                        copy(key, content);
                        shared[1]++;
                    }
                    return;
                }
                String key = prefix + path;
                if (isHtml(path)) {
                    String page = new String(content.readAllBytes(), ISO_8859_1);
                    byte[] out = rewriter.rewrite(path, page).getBytes(ISO_8859_1);
                    storage.write(key, out, DEFERRED.withSha256(Sha256.hex(out)));
                    bytes[0] += out.length;
                } else {
                    bytes[0] += copy(key, content);
                }
                written.add(key);
            });
        }
        removeStale(prefix, written);
        links.record(release, rewriter.links(), docs);
        byte[] marker = (contents.sha256() + " " + contents.compressedSize() + " " + LINKS_RECORDED + "\n").getBytes(UTF_8);
        return new Unmarked(new Derived(release, written.size(), bytes[0], shared[0], shared[1], shareDist, contents.sha256()), marker);
    }

    /**
     * Whether the derived tree is missing or was made from a tarball other than the stored one, as far
     * as cheaply known: by the marker's size, and by its SHA-256 when the storage keeps one. A tree
     * whose links were not recorded (derived by an older hexmirror) is stale too, so that it is derived
     * once more and from then on follows the docs it links to.
     */
    public boolean isStale(DocsRelease release) throws IOException {
        Optional<ObjectInfo> tarball = storage.stat(release.tarballKey());
        if (tarball.isEmpty()) {
            return false;
        }
        Optional<String[]> marker = marker(release);
        if (marker.isEmpty()) {
            return true;
        }
        String[] fields = marker.get();
        if (fields.length < 3 || !fields[1].equals(Long.toString(tarball.get().size())) || !fields[2].equals(LINKS_RECORDED)) {
            return true;
        }
        return tarball.get().sha256().map(sha -> !sha.equals(fields[0])).orElse(false);
    }

    /** The derived versions with a link to {@code dep} that would now lead elsewhere than when they were derived. */
    List<DocsRelease> linkersToRelink(String dep, MirroredDocs docs) throws IOException {
        return links.outdated(dep, docs);
    }

    /** Deletes the derived tree of a docs version (when its tarball is gone). */
    public void remove(DocsRelease release) throws IOException {
        removeStale(release.treePrefix(), Set.of());
        links.forget(release);
        storage.delete(DocsPaths.derivedMarkerKey(release));
    }

    /** The docs versions that have a derived tree (a marker), from one listing of the markers. */
    static Set<DocsRelease> derived(Storage storage) throws IOException {
        Set<DocsRelease> derived = new HashSet<>();
        try (Stream<ObjectInfo> markers = storage.list(DocsPaths.DERIVED_MARKERS)) {
            markers.forEach(info -> {
                String stem = info.key().substring(DocsPaths.DERIVED_MARKERS.length());
                DocsRelease.fromTarballKey(DocsRelease.TARBALLS_PREFIX + stem + ".tar.gz").ifPresent(derived::add);
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return derived;
    }

    private Optional<String[]> marker(DocsRelease release) throws IOException {
        try (InputStream in = storage.read(DocsPaths.derivedMarkerKey(release))) {
            return Optional.of(new String(in.readAllBytes(), UTF_8).trim().split(" "));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    private boolean canShareDist(DocsContents contents) throws IOException {
        for (DocsEntry entry : contents.files()) {
            if (!entry.path().startsWith("dist/")) {
                continue;
            }
            String key = DocsPaths.SHARED_DIST + entry.path().substring("dist/".length());
            Optional<ObjectInfo> existing = storage.stat(key);
            if (existing.isEmpty()) {
                continue;
            }
            if (existing.get().size() != entry.size() || !sha256Of(key, existing.get()).equals(entry.sha256())) {
                return false;
            }
        }
        return true;
    }

    private String sha256Of(String key, ObjectInfo info) throws IOException {
        if (info.sha256().isPresent()) {
            return info.sha256().get();
        }
        try (InputStream in = storage.read(key)) {
            return Sha256.of(in).sha256();
        }
    }

    private long copy(String key, InputStream content) throws IOException {
        try (ObjectWrite write = storage.write(key, DEFERRED)) {
            long n = content.transferTo(write.stream());
            write.commit();
            return n;
        }
    }

    private void removeStale(String prefix, Set<String> keep) throws IOException {
        List<String> stale = new ArrayList<>();
        try (Stream<ObjectInfo> listing = storage.list(prefix)) {
            listing.map(ObjectInfo::key).filter(k -> !keep.contains(k)).forEach(stale::add);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (String key : stale) {
            storage.delete(key);
        }
    }

    static boolean isHtml(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return lower.endsWith(".html") || lower.endsWith(".htm");
    }
}
