package io.hexmirror.docs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.hexmirror.concurrent.DaemonThreads;
import io.hexmirror.concurrent.Futures;
import io.hexmirror.generation.Sha256;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.ObjectNotFoundException;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import java.io.ByteArrayInputStream;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
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
    /** The most bytes of a tarball's files kept from its check to write them (the rest is read a second time). */
    static final long KEPT_BYTES = 8L << 20;
    /** Files up to this size are written in one call. */
    private static final long SMALL_FILE = 1L << 20;
    /** How many threads derive trees by default: the work is bound by the CPU. */
    static final int DEFAULT_DERIVERS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private final Storage storage;
    private final DocsLimits limits;
    private final DocsLinks links;
    private final int derivers;

    public DocsTree(Storage storage, DocsLimits limits) {
        this(storage, limits, DEFAULT_DERIVERS);
    }

    /** A tree derived by {@code derivers} threads at most. */
    DocsTree(Storage storage, DocsLimits limits, int derivers) {
        this.storage = requireNonNull(storage, "storage is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.links = new DocsLinks(storage);
        if (derivers < 1) {
            throw new IllegalArgumentException("derivers must be at least 1, not " + derivers);
        }
        this.derivers = derivers;
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
     * Derives the trees of many docs versions and returns what each wrote, in their order. A refused
     * tarball is added to {@code refused} (nothing written for it) and the others go on.
     *
     * <p>Versions are derived side by side on {@link #derivers} threads (the work is bound by the CPU:
     * inflating, hashing, rewriting pages and the file system's calls), with the same result as one after
     * the other: which versions share their {@code dist/} files is decided in their order ({@link DistClaims}).
     *
     * <p>The files of a batch of versions are written without waiting for the disk, then synced all at
     * once ({@link Storage#syncDeferredWrites}); only then is each version's marker written, so a marker
     * never vouches for a tree that a crash could have cut short. The threads go on deriving the next
     * versions meanwhile; a version's marker is written only after a sync that began once its tree was
     * complete. A tree without its marker is derived again by the next sync ({@link #isStale}). When a
     * version fails with an I/O error, the versions after it get no marker and the error is thrown once
     * every thread has stopped.
     *
     * @throws ObjectNotFoundException when a tarball is not in the storage
     */
    public List<Derived> deriveAll(Collection<DocsRelease> releases, MirroredDocs docs, List<DocsTarballException> refused)
            throws IOException {
        requireNonNull(releases, "releases is null");
        requireNonNull(docs, "docs is null");
        requireNonNull(refused, "refused is null");
        List<DocsRelease> ordered = new ArrayList<>(releases.size());
        for (DocsRelease release : releases) {
            ordered.add(requireNonNull(release, "release is null"));
        }
        List<Derived> derived = new ArrayList<>(ordered.size());
        if (ordered.isEmpty()) {
            storage.syncDeferredWrites();
            return derived;
        }
        DistClaims claims = new DistClaims(storage);
        ExecutorService pool = DaemonThreads.pool(Math.min(derivers, ordered.size()), "hexmirror-docs-tree");
        try {
            // Submitted in order to a FIFO queue: a version waiting for its turn at the claims never waits
            // for one that no thread has started.
            List<Future<Outcome>> outcomes = new ArrayList<>(ordered.size());
            for (int i = 0; i < ordered.size(); i++) {
                int turn = i;
                DocsRelease release = ordered.get(i);
                outcomes.add(pool.submit(() -> deriveUnmarked(release, docs, claims, turn)));
            }
            List<Unmarked> batch = new ArrayList<>();
            for (Future<Outcome> future : outcomes) {
                Outcome outcome = Futures.await(future, "deriving docs trees");
                if (outcome.refused() != null) {
                    refused.add(outcome.refused());
                } else {
                    batch.add(outcome.unmarked());
                }
                if (batch.size() == SYNC_BATCH) {
                    mark(batch, derived);
                }
            }
            mark(batch, derived);
            // The last markers; the earlier ones were synced with the next batch's files.
            storage.syncDeferredWrites();
        } finally {
            ParallelWork.stop(pool);
        }
        return derived;
    }

    /** Writes a file of the tarball into the tree; {@code sha256} is its content's, or null when not known yet. */
    @FunctionalInterface
    private interface FileWriter {
        void write(String path, long size, InputStream content, String sha256) throws IOException;
    }

    /** A version's tree and links written (not yet durable), its marker not yet. */
    private record Unmarked(Derived derived, byte[] marker) {
    }

    /** What deriving one version came to: written but unmarked, or refused (nothing written). */
    private record Outcome(Unmarked unmarked, DocsTarballException refused) {
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

    /** A tarball checked whole, with its files' bytes when they were small enough to keep. */
    private record Checked(DocsContents contents, List<byte[]> kept) {
    }

    /**
     * Reads and checks the whole tarball, keeping its files' bytes (up to {@value #KEPT_BYTES} bytes in
     * all) so that they are written without inflating and checking the tarball a second time.
     */
    private Checked check(DocsRelease release) throws IOException, DocsTarballException {
        List<byte[]> kept = new ArrayList<>();
        long[] keptBytes = new long[1];
        boolean[] tooLarge = new boolean[1];
        DocsContents contents;
        try (InputStream in = storage.read(release.tarballKey())) {
            contents = DocsTarballs.read(release, in, limits, (path, size, content) -> {
                if (tooLarge[0] || keptBytes[0] + size > KEPT_BYTES) {
                    tooLarge[0] = true;
                    kept.clear();
                    return;
                }
                byte[] bytes = content.readAllBytes();
                keptBytes[0] += bytes.length;
                kept.add(bytes);
            });
        }
        return new Checked(contents, tooLarge[0] ? null : kept);
    }

    private Outcome deriveUnmarked(DocsRelease release, MirroredDocs docs, DistClaims claims, int turn) throws IOException {
        Checked checked;
        try {
            checked = check(release);
        } catch (DocsTarballException e) {
            claims.pass(turn);
            return new Outcome(null, e);
        }
        // An I/O error above leaves the turn unpassed: the versions after this one wait at the claims until
        // deriveAll, which meets this version's failure first, stops the pool.
        DistClaims.Decision dist = claims.decide(turn, checked.contents());
        try {
            return new Outcome(writeTree(release, docs, checked, dist), null);
        } catch (DocsTarballException e) {
            return new Outcome(null, e);
        }
    }

    private Unmarked writeTree(DocsRelease release, MirroredDocs docs, Checked checked, DistClaims.Decision dist)
            throws IOException, DocsTarballException {
        DocsContents contents = checked.contents();
        // A tree derived before is about to change: it goes without a marker until its new files are
        // synced, so that a crash in between leaves it stale (derived again), never vouched for.
        storage.delete(DocsPaths.derivedMarkerKey(release));
        boolean shareDist = dist.share();
        LinkRewriter rewriter = new LinkRewriter(docs, shareDist);
        String prefix = release.treePrefix();
        Set<String> written = new HashSet<>();
        int[] shared = new int[2];
        long[] bytes = new long[1];
        FileWriter writer = (path, size, content, sha256) -> {
            if (shareDist && path.startsWith("dist/")) {
                String key = DocsPaths.SHARED_DIST + path.substring("dist/".length());
                shared[0]++;
                // The claims say the bytes match what is (or is about to be) there; the first claimant
                // writes it, any other only when it is still missing, with the same bytes.
                if (dist.firstClaims().contains(key)) {
                    copy(key, size, content);
                    shared[1]++;
                } else if (storage.stat(key).isEmpty()) {
                    copy(key, size, content);
                }
                return;
            }
            String key = prefix + path;
            if (isHtml(path)) {
                byte[] page = content.readAllBytes();
                byte[] out = rewriter.rewrite(path, page);
                // Most pages of a version that keeps its dist/ and links to no mirrored docs are left as they
                // are: their hash is the one the check computed.
                String outSha256 = out == page && sha256 != null ? sha256 : Sha256.hex(out);
                storage.write(key, out, DEFERRED.withSha256(outSha256));
                bytes[0] += out.length;
            } else {
                bytes[0] += copy(key, size, content);
            }
            written.add(key);
        };
        if (checked.kept() != null) {
            List<DocsEntry> files = contents.files();
            for (int i = 0; i < files.size(); i++) {
                byte[] content = checked.kept().get(i);
                writer.write(files.get(i).path(), content.length, new ByteArrayInputStream(content), files.get(i).sha256());
            }
        } else {
            try (InputStream in = storage.read(release.tarballKey())) {
                DocsTarballs.read(release, in, limits, (path, size, content) -> writer.write(path, size, content, null));
            }
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

    /** Writes a file of the tarball; a small one in one call, from its bytes read at once. */
    private long copy(String key, long size, InputStream content) throws IOException {
        if (size <= SMALL_FILE) {
            byte[] bytes = content.readAllBytes();
            storage.write(key, bytes, DEFERRED);
            return bytes.length;
        }
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
