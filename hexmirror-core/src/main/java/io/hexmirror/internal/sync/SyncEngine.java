package io.hexmirror.internal.sync;

import static java.util.Objects.requireNonNull;

import io.hexmirror.RollbackException;
import io.hexmirror.VerificationException;
import io.hexmirror.concurrent.Futures;
import io.hexmirror.downloads.DownloadCountsOptions;
import io.hexmirror.files.LocalFiles;
import io.hexmirror.files.StoredObjects;
import io.hexmirror.generation.GenerationRecorder;
import io.hexmirror.generation.Quarantine;
import io.hexmirror.generation.QuarantinedRelease;
import io.hexmirror.generation.Sha256;
import io.hexmirror.internal.upstream.UpstreamClient;
import io.hexmirror.internal.verify.RegistryRollback;
import io.hexmirror.mirror.ContentTypes;
import io.hexmirror.registry.RegistryFilter;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.RegistryWriter;
import io.hexmirror.registry.RepositoryKeys;
import io.hexmirror.registry.proto.Names;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.registry.proto.Versions;
import io.hexmirror.selection.DependencyClosure;
import io.hexmirror.selection.Selection;
import io.hexmirror.selection.SelectionNote;
import io.hexmirror.selection.SelectionRequest;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.Storage;
import io.hexmirror.sync.RegistryMode;
import io.hexmirror.sync.SyncFailure;
import io.hexmirror.sync.SyncListener;
import io.hexmirror.sync.SyncPlanReport;
import io.hexmirror.sync.SyncSummary;
import io.hexmirror.upstream.FetchResult;
import io.hexmirror.version.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a mirror up to date with an upstream Hex repository.
 *
 * <p>The order of work keeps the mirror usable at every instant: fetch and verify {@code /names} and
 * {@code /versions}; find the packages that differ from the mirror's own copies (or, for a
 * {@linkplain SyncOptions#selection() selection}, its dependency closure, from registry files alone);
 * for each, fetch and verify {@code /packages/NAME}, download and verify the tarballs it needs,
 * publish them, then publish the package file; delete what upstream removed or the selection no
 * longer needs; last publish {@code /versions} and {@code /names}. Every write is atomic, so a sync
 * killed at any moment leaves files that clients can use, and the next sync resumes: tarballs already
 * published are checked locally, not downloaded again. What a sync changes is recorded as a new
 * generation of the mirror (see {@code io.hexmirror.generation}).
 *
 * <p>Registry files are stored byte for byte as upstream sent them, or, in
 * {@link RegistryMode#RESIGN}, rewritten to list only the mirrored releases and signed with the
 * mirror's key (upstream's originals kept under {@code .hexmirror/upstream/}). Nothing is published
 * before its signature, origin and checksums verify. A failure is recorded and the rest goes on. If
 * anything failed for a transient reason (network, 5xx, truncated download), {@code /names} and
 * {@code /versions} keep their previous content so the next sync finds the same differences and
 * retries. A deterministic failure (upstream's file fails verification: it would fail the same way
 * again) is quarantined instead (see {@link io.hexmirror.generation.Quarantine}): the package keeps
 * its last good copy, or in {@link RegistryMode#RESIGN} is published without the broken releases,
 * the indexes are published anyway, and every later sync retries the quarantined packages until
 * they go through.
 *
 * <p>With {@link SyncOptions#installs()}, the installer files under {@code /installs/} are mirrored
 * last (see {@link InstallsSync}), in the same generation; with {@link #withDownloadCounts}, after them a
 * snapshot of the download counts (see {@link DownloadCountsSync}). Neither holds back the packages: a
 * failure is reported and the mirror keeps its last good copy.
 *
 * <p>A single engine runs one sync at a time; callers make sure only one sync writes to a mirror
 * (see {@code MirrorLock}).
 *
 * <p><b>Not API.</b> Implementation behind {@link io.hexmirror.HexMirror}, public only so that hexmirror's own
 * modules and tests can reach it; it may change or disappear in any release. Use the facade.
 */
public final class SyncEngine {
    private static final Logger LOG = LoggerFactory.getLogger(SyncEngine.class);
    /** Upstream ETags of the indexes last published, so an unchanged index costs a 304 and no body. */
    static final String ETAGS_KEY = ".hexmirror/upstream-etags";
    /** hex.pm's /versions is a few MB; this only guards against a hostile upstream. */
    static final long MAX_REGISTRY_FILE_BYTES = 16L * 1024 * 1024;
    /** Worker threads of each kind per upstream connection (see the WAN benchmark in docs/performance.md). */
    static final int WORKERS_PER_CONNECTION = 2;

    private final UpstreamClient upstream;
    private final Storage storage;
    private final RegistryReader reader;
    private final SyncOptions options;
    private final SyncListener listener;
    private Optional<DownloadCounts> downloadCounts = Optional.empty();

    /** The download counts step: the client of the Hex API to ask, and how. */
    private record DownloadCounts(UpstreamClient api, DownloadCountsOptions options) {
    }

    public SyncEngine(UpstreamClient upstream, Storage storage, RegistryReader reader, SyncOptions options, SyncListener listener) {
        this.upstream = requireNonNull(upstream, "upstream is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.reader = requireNonNull(reader, "reader is null");
        this.options = requireNonNull(options, "options is null");
        this.listener = requireNonNull(listener, "listener is null");
    }

    /**
     * Also fetches a snapshot of the download counts, last, from {@code api} (a client whose base URL is the
     * options' API URL, set up like the sync's own); the caller closes it.
     */
    public SyncEngine withDownloadCounts(UpstreamClient api, DownloadCountsOptions countsOptions) {
        this.downloadCounts = Optional.of(new DownloadCounts(requireNonNull(api, "api is null"),
                requireNonNull(countsOptions, "countsOptions is null")));
        return this;
    }

    /**
     * Runs one sync.
     *
     * @return the summary; {@link SyncSummary#succeeded()} is false when anything was left out
     * @throws VerificationException when {@code /names} or {@code /versions} from upstream fail
     *     verification, or a lock file's checksum disagrees with the registry: nothing is changed in
     *     the mirror
     * @throws IOException when upstream or the storage cannot be used at all
     */
    public SyncSummary run() throws IOException, VerificationException {
        // What the sync changes becomes a new generation of the mirror, even if it fails part-way.
        return GenerationRecorder.record(storage,
                recording -> {
                    SyncEngine recorded = new SyncEngine(upstream, recording, reader, options, listener);
                    recorded.downloadCounts = downloadCounts;
                    return recorded.runRecorded();
                });
    }

    private SyncSummary runRecorded() throws IOException, VerificationException {
        long started = System.nanoTime();
        long requestsBefore = upstream.requestCount();
        long bytesBefore = upstream.bytesReceived();
        SyncCounters counters = new SyncCounters(listener);
        State state = readState();
        Plan plan = plan(state, counters);

        listener.stage("syncing " + plan.tasks().size() + " packages");
        listener.packagesPlanned(plan.tasks().size());
        MirroredReleases next = MirroredReleases.empty();
        Set<String> failed = ConcurrentHashMap.newKeySet();
        Set<String> succeeded = ConcurrentHashMap.newKeySet();
        Path workDir = StagingDirectory.create(Path.of(System.getProperty("java.io.tmpdir")), "sync");
        try {
            syncPackages(plan.tasks(), state, next, failed, succeeded, workDir, counters);
        } finally {
            LocalFiles.deleteAsFarAsPossible(workDir);
            recordProgress(() -> state.progress().save(storage));
        }
        for (String name : plan.removed()) {
            removePackage(name, state.layout(), counters);
        }
        writePublicKey();
        if (options.selective()) {
            // Packages left as they were (failed, or kept though unselected) keep their entries.
            state.previous().ifPresent(previous -> {
                failed.forEach(name -> previous.copyPackageTo(name, next));
                plan.kept().forEach(name -> previous.copyPackageTo(name, next));
            });
            next.save(storage);
        } else {
            storage.delete(MirroredReleases.KEY);
        }
        // Before the indexes: once they are published, only this record makes the next sync retry.
        QuarantineUpdate quarantine = updateQuarantine(state.quarantine(), plan, succeeded, counters);
        // The indexes go last: until they are published, the next sync sees the same differences
        // and finishes whatever this one could not.
        boolean publishIndexes = !counters.retryNeeded();
        if (publishIndexes) {
            listener.stage("publishing /versions and /names");
            publishIndexes(state, next);
            recordProgress(() -> SyncProgress.clear(storage));
        } else {
            LOG.warn("{} failure(s): /names and /versions keep their previous content; the next sync retries",
                    counters.failures().size());
        }

        if (options.installs().isPresent()) {
            listener.stage("mirroring /installs/");
            InstallsSync.Report installs = new InstallsSync(upstream, storage, options.installs().get()).run();
            // Installs stand apart from the registry: a refused CSV keeps its last good copy and does
            // not hold back /names and /versions.
            installs.failures().forEach((key, message) -> counters.reject(new SyncFailure(key, message)));
        }
        if (downloadCounts.isPresent()) {
            listener.stage("fetching download counts from " + downloadCounts.get().options().apiUrl());
            DownloadCountsSync.Report counts = new DownloadCountsSync(downloadCounts.get().api(), storage,
                    downloadCounts.get().options()).run();
            counts.failure().ifPresent(message -> counters.reject(new SyncFailure("download counts", message)));
        }

        return new SyncSummary(
                counters.added(), counters.updated(), counters.removed(),
                counters.tarballsDownloaded(), counters.tarballsRemoved(),
                upstream.bytesReceived() - bytesBefore, upstream.requestCount() - requestsBefore,
                Duration.ofNanos(System.nanoTime() - started), publishIndexes, counters.failures(),
                quarantine.next().entries(), quarantine.cleared());
    }

    private QuarantineUpdate updateQuarantine(Quarantine before, Plan plan, Set<String> succeeded, SyncCounters counters)
            throws IOException {
        Set<String> tried = new TreeSet<>();
        plan.tasks().forEach(task -> tried.add(task.name()));
        QuarantineUpdate update = QuarantineUpdate.of(before, counters.deterministic(), tried, succeeded, Instant.now());
        if (update.changedFrom(before)) {
            update.next().save(storage);
        }
        Set<String> foundNow = new TreeSet<>();
        counters.deterministic().forEach(d -> foundNow.add(d.name()));
        for (QuarantinedRelease entry : update.next().entries()) {
            if (foundNow.contains(entry.name())) {
                listener.quarantined(entry);
            }
        }
        for (QuarantinedRelease entry : update.cleared()) {
            LOG.info("{} went through: no longer quarantined (since {})", entry.describe(), entry.since());
            listener.quarantineCleared(entry);
        }
        if (!update.next().isEmpty()) {
            LOG.warn("{} release(s) quarantined: upstream serves them wrongly; they are left out and retried by every sync",
                    update.next().entries().size());
        }
        return update;
    }

    /**
     * Works out what a sync would do without writing anything: the packages and releases it covers,
     * which are already in the mirror, and the bytes still to download (from {@code HEAD} requests).
     * Fetches only registry files and sizes.
     */
    public SyncPlanReport plan() throws IOException, VerificationException {
        long requestsBefore = upstream.requestCount();
        SyncCounters counters = new SyncCounters(listener);
        State state = readState();
        Plan plan = plan(state, counters);
        int releases = 0;
        int present = 0;
        long bytes = 0;
        int unknownSizes = 0;
        List<SyncPlanReport.PlannedRelease> planned = new ArrayList<>();
        for (PackageTask task : plan.tasks()) {
            Optional<UpstreamPackages.Fetched> fetched = task.prefetched().isPresent()
                    ? task.prefetched() : plan.packages().fetched(task.name());
            if (fetched.isEmpty()) {
                continue;
            }
            for (Release release : fetched.get().pkg().getReleasesList()) {
                if (task.wanted().isPresent() && !task.wanted().get().contains(release.getVersion())) {
                    continue;
                }
                if (!RegistryPaths.isValidRelease(task.name(), release.getVersion())) {
                    continue;
                }
                releases++;
                String key = RegistryPaths.tarballKey(task.name(), release.getVersion());
                Optional<ObjectInfo> info = storage.stat(key);
                boolean sameBytes = info.flatMap(ObjectInfo::sha256)
                        .map(sha -> sha.equalsIgnoreCase(PackageSync.checksumOf(release)))
                        .orElse(true);
                planned.add(new SyncPlanReport.PlannedRelease(task.name(), release.getVersion(), release.hasRetired(),
                        info.isPresent() && sameBytes));
                if (info.isPresent() && sameBytes) {
                    present++;
                } else {
                    OptionalLong size = upstream.size(key);
                    if (size.isPresent()) {
                        bytes += size.getAsLong();
                    } else {
                        unknownSizes++;
                    }
                }
            }
        }
        return new SyncPlanReport(plan.tasks().size(), releases, present, bytes, unknownSizes,
                new ArrayList<>(plan.removed()), plan.notes(), counters.failures(),
                upstream.requestCount() - requestsBefore, planned);
    }

    /** What the mirror holds, and what upstream's indexes say now. */
    private record State(RegistryLayout layout, UpstreamEtags etags, MirrorIndexes mirror, IndexFile names,
            IndexFile versions, Names upstreamNames, Versions upstreamVersions, UpstreamIndexes upstreamIndexes,
            Optional<MirroredReleases> previous, Quarantine quarantine, SyncProgress progress) {
    }

    /** The packages to sync, to remove, and to leave alone though unselected. */
    private record Plan(List<PackageTask> tasks, Set<String> removed, Set<String> kept, UpstreamPackages packages,
            List<String> notes) {
    }

    private State readState() throws IOException, VerificationException {
        RegistryLayout layout = RegistryLayout.of(options.registryMode());
        listener.stage("reading the mirror's current state");
        UpstreamEtags etags = UpstreamEtags.load(storage, ETAGS_KEY);
        MirrorIndexes mirror = MirrorIndexes.load(storage, reader, layout);
        listener.stage("fetching /names and /versions");
        IndexFile names = fetchIndex(RegistryPaths.NAMES, layout, mirror.namesBytes(), etags);
        IndexFile versions = fetchIndex(RegistryPaths.VERSIONS, layout, mirror.versionsBytes(), etags);
        // With nothing new upstream these are the mirror's own copies, verified and parsed once by MirrorIndexes.
        Names upstreamNames = mirror.namesFrom(names.bytes(), reader);
        refuseRollback(mirror, layout, upstreamNames);
        Versions upstreamVersions = mirror.versionsFrom(versions.bytes(), reader);
        return new State(layout, etags, mirror, names, versions, upstreamNames, upstreamVersions,
                UpstreamIndexes.of(upstreamNames, upstreamVersions), MirroredReleases.load(storage), Quarantine.load(storage),
                SyncProgress.load(storage, mirror.namesBytes()));
    }

    /**
     * Refuses a {@code /names} from upstream that is older than the mirror's copy: validly signed,
     * but served again by someone who kept it, to undo releases or retirements. Nothing is changed.
     */
    private void refuseRollback(MirrorIndexes mirror, RegistryLayout layout, Names upstreamNames)
            throws VerificationException {
        if (mirror.namesBytes().isEmpty()) {
            return;
        }
        // Parsed already unless the mirror's /versions is missing.
        Names mirrorNames = mirror.names().isPresent() ? mirror.names().get() : reader.readNames(mirror.namesBytes().get());
        List<String> older = RegistryRollback.olderPackages(mirrorNames, upstreamNames);
        if (!older.isEmpty()) {
            String copy = layout.upstreamCopy(RegistryPaths.NAMES);
            throw new RollbackException(RegistryPaths.NAMES + " from upstream " + upstream.baseUrl() + " is older than the mirror's copy"
                    + " (" + copy + "): the last change of " + older.size() + " package(s) goes backwards ("
                    + RegistryRollback.summary(older) + "). An older registry, though validly signed, would undo releases and"
                    + " retirements: nothing was changed. If upstream really went back (restored from a backup), delete "
                    + copy + " from the mirror and sync again.");
        }
    }

    private Plan plan(State state, SyncCounters counters) throws IOException, VerificationException {
        UpstreamIndexes upstreamIndexes = state.upstreamIndexes();
        UpstreamIndexes mirrorIndexes = state.mirror().indexes();
        Set<String> present = state.mirror().packageFiles();
        Set<String> quarantined = state.quarantine().packages();
        UpstreamPackages packages = new UpstreamPackages(upstream, storage, reader, state.layout(),
                upstreamIndexes, mirrorIndexes, listener, quarantined, counters);
        for (String invalid : UpstreamIndexes.invalidNames(state.upstreamNames())) {
            counters.reject(new SyncFailure(RegistryPaths.NAMES, "upstream lists a package named '" + abbreviate(invalid)
                    + "', which is not a valid package name: skipped (a problem upstream, not in this mirror)"));
        }
        List<PackageTask> tasks = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        // A package whose file is gone but which the mirror's index still lists was being removed when
        // an earlier sync stopped: remove it again to delete what is left of it.
        Set<String> removed = new TreeSet<>(present);
        removed.addAll(mirrorIndexes.names().keySet());
        removed.removeAll(upstreamIndexes.names().keySet());
        Set<String> kept = new TreeSet<>();

        if (options.selection().isEmpty()) {
            for (String name : new TreeSet<>(upstreamIndexes.names().keySet())) {
                // A package an earlier, stopped sync already finished against these very entries is done;
                // a quarantined package is retried though the indexes, published, no longer show it.
                boolean resumed = present.contains(name) && state.progress().finished(name, upstreamIndexes);
                boolean changed = !present.contains(name) || upstreamIndexes.differsFrom(mirrorIndexes, name);
                if ((changed && !resumed) || quarantined.contains(name)) {
                    tasks.add(new PackageTask(name, present.contains(name), mirrorIndexes.versions().get(name),
                            Optional.empty(), Optional.empty()));
                }
            }
            return new Plan(tasks, removed, kept, packages, notes);
        }

        SelectionRequest request = options.selection().get();
        listener.stage("resolving the selection's dependencies");
        for (String root : rootNames(request)) {
            if (!upstreamIndexes.names().containsKey(root)) {
                // Not retryable: the indexes are still published.
                counters.reject(new SyncFailure(RegistryPaths.packageKey(root), "no such package upstream"));
            }
        }
        Selection selection = DependencyClosure.compute(request, packages);
        for (SelectionNote note : selection.notes()) {
            notes.add(note.message());
            if (note.severity() == SelectionNote.Severity.WARNING) {
                LOG.warn("selection: {}", note.message());
            } else {
                LOG.debug("selection: {}", note.message());
            }
        }
        for (Map.Entry<String, SortedSet<Version>> entry : selection.packages().entrySet()) {
            String name = entry.getKey();
            Optional<UpstreamPackages.Fetched> fetched = packages.fetched(name);
            if (fetched.isPresent()) {
                Set<String> wanted = new TreeSet<>();
                entry.getValue().forEach(version -> wanted.add(version.toString()));
                tasks.add(new PackageTask(name, present.contains(name), mirrorIndexes.versions().get(name),
                        fetched, Optional.of(wanted)));
            }
        }
        for (String name : present) {
            if (!selection.packages().containsKey(name) && upstreamIndexes.names().containsKey(name)) {
                (options.keepUnselected() ? kept : removed).add(name);
            }
        }
        return new Plan(tasks, removed, kept, packages, notes);
    }

    private static Set<String> rootNames(SelectionRequest request) {
        Set<String> names = new TreeSet<>();
        request.packages().forEach(selector -> names.add(selector.name()));
        request.locked().forEach(locked -> names.add(locked.name()));
        return names;
    }

    private void syncPackages(List<PackageTask> tasks, State state, MirroredReleases next, Set<String> failed,
            Set<String> succeeded, Path workDir, SyncCounters counters) throws IOException {
        // The connection pool holds the requests on the wire to the concurrency. Twice as many threads keep
        // it busy while others verify, write and fsync: over a long link every idle connection costs a round trip.
        int threads = options.concurrency() * WORKERS_PER_CONNECTION;
        // Package tasks wait for their tarball tasks, so each kind gets its own pool: no deadlock.
        ExecutorService packagePool = Executors.newFixedThreadPool(threads, daemonThreads("hexmirror-package"));
        ExecutorService tarballPool = Executors.newFixedThreadPool(threads, daemonThreads("hexmirror-tarball"));
        try {
            Optional<RegistryWriter> resigner = options.signingKey().map(RegistryWriter::new);
            PackageSync packageSync = new PackageSync(upstream, storage, reader, state.layout(), resigner,
                    options.keepUnselected(), state.previous(), options.selective() ? Optional.of(next) : Optional.empty(),
                    tarballPool, threads, workDir, counters);
            List<Future<?>> futures = new ArrayList<>(tasks.size());
            for (PackageTask task : tasks) {
                futures.add(packagePool.submit(() -> {
                    PackageSync.Outcome outcome = packageSync.sync(task);
                    if (outcome.keptAsItWas()) {
                        failed.add(task.name());
                    } else if (outcome == PackageSync.Outcome.DONE) {
                        succeeded.add(task.name());
                        if (!options.selective()) {
                            recordProgress(() -> state.progress().record(storage, task.name(), state.upstreamIndexes()));
                        }
                    }
                    listener.packageFinished(task.name());
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                Futures.await(future, "sync");
                if (packageSync.localFailure().isPresent() || packageSync.stall().isPresent()) {
                    break;
                }
            }
            if (packageSync.stall().isPresent()) {
                // Published files stay (each write is atomic); the indexes do not move, so the next sync resumes.
                throw packageSync.stall().get();
            }
            Optional<IOException> local = packageSync.localFailure();
            if (local.isPresent()) {
                // A full disk, say: every later write would fail alike. The mirror keeps what was
                // published (each write is atomic); the next sync resumes from there.
                throw new IOException(local.get().getMessage() + " (the sync stopped at this first failed write; free the"
                        + " space or fix the storage, then sync again to resume)", local.get());
            }
            // Tarballs of packages that were not published (a failed or quarantined release beside them) had no
            // batch sync of their own; the journal of this generation will list them.
            storage.syncDeferredWrites();
        } finally {
            // On an error, stop the remaining work before returning: nothing may write after run() ends.
            packagePool.shutdownNow();
            tarballPool.shutdownNow();
            awaitTermination(packagePool);
            awaitTermination(tarballPool);
        }
    }

    private interface ProgressWrite {
        void run() throws IOException;
    }

    /** The resume record only saves work: failing to write it never fails the sync. */
    private static void recordProgress(ProgressWrite write) {
        try {
            write.run();
        } catch (IOException e) {
            LOG.warn("cannot write {} (a stopped sync would fetch package files again): {}", SyncProgress.PARTS, e.getMessage());
        }
    }

    /** Publishes {@code /versions} then {@code /names}: upstream's bytes, or rewritten and re-signed. */
    private void publishIndexes(State state, MirroredReleases mirrored) throws IOException {
        RegistryLayout layout = state.layout();
        publishIndex(layout.upstreamCopy(RegistryPaths.VERSIONS), state.versions(), state.etags());
        publishIndex(layout.upstreamCopy(RegistryPaths.NAMES), state.names(), state.etags());
        if (layout.keepsSeparateCopies()) {
            RegistryWriter writer = new RegistryWriter(options.signingKey().orElseThrow());
            Map<String, SortedSet<String>> byPackage = mirrored.versionsByPackage();
            writeIfChanged(RegistryPaths.VERSIONS, writer.write(RegistryFilter.keepReleases(state.upstreamVersions(), byPackage)));
            writeIfChanged(RegistryPaths.NAMES, writer.write(RegistryFilter.keepPackages(state.upstreamNames(), byPackage.keySet())));
        }
        state.etags().save(storage, ETAGS_KEY);
    }

    private void writeIfChanged(String key, byte[] bytes) throws IOException {
        Optional<byte[]> current = StoredObjects.readIfPresent(storage, key, MAX_REGISTRY_FILE_BYTES);
        if (current.isEmpty() || !Arrays.equals(current.get(), bytes)) {
            storage.write(key, bytes, ContentTypes.writeOptionsFor(key).withSha256(Sha256.hex(bytes)));
        }
    }

    private IndexFile fetchIndex(String path, RegistryLayout layout, Optional<byte[]> mirrorCopy, UpstreamEtags etags)
            throws IOException {
        // Ask conditionally only when the mirror holds the copy that the ETag describes. ETags are
        // kept by the key of that copy: after a switch of registry mode the other layout's copy may
        // be older than what upstream last answered, and a 304 must never vouch for it.
        String etag = mirrorCopy.isPresent() ? etags.get(layout.upstreamCopy(path)) : null;
        FetchResult result = upstream.fetch(path, etag, MAX_REGISTRY_FILE_BYTES);
        listener.bytesReceived(result.notModified() ? 0 : result.body().length);
        if (result.notModified()) {
            return new IndexFile(mirrorCopy.orElseThrow(), etag, false);
        }
        boolean changed = mirrorCopy.isEmpty() || !Arrays.equals(mirrorCopy.get(), result.body());
        return new IndexFile(result.body(), result.etag(), changed);
    }

    private void publishIndex(String key, IndexFile file, UpstreamEtags etags) throws IOException {
        if (file.changed()) {
            storage.write(key, file.bytes(), ContentTypes.writeOptionsFor(key).withSha256(Sha256.hex(file.bytes())));
        }
        etags.put(key, file.etag());
    }

    /** Stores the key that verifies this mirror's registry, so users can fetch it from the mirror. */
    private void writePublicKey() throws IOException {
        PublicKey key = options.signingKey().map(RepositoryKeys::publicKeyOf).orElse(reader.publicKey());
        byte[] pem = RepositoryKeys.toPem(key).getBytes(StandardCharsets.US_ASCII);
        Optional<byte[]> current = StoredObjects.readIfPresent(storage, RegistryPaths.PUBLIC_KEY, 64 * 1024);
        if (current.isEmpty() || !Arrays.equals(current.get(), pem)) {
            storage.write(RegistryPaths.PUBLIC_KEY, pem, ContentTypes.writeOptionsFor(RegistryPaths.PUBLIC_KEY).withSha256(Sha256.hex(pem)));
        }
    }

    /** For messages: a hostile name can be very long. */
    static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "... (" + text.length() + " characters)";
    }

    private void removePackage(String name, RegistryLayout layout, SyncCounters counters) throws IOException {
        String key = RegistryPaths.packageKey(name);
        Set<String> tarballs = new TreeSet<>();
        try {
            // Upstream's copy: the served file of a re-signing mirror does not verify with upstream's key.
            String copyKey = layout.upstreamCopy(key);
            StoredObjects.readIfPresent(storage, copyKey, MAX_REGISTRY_FILE_BYTES).ifPresent(bytes -> {
                try {
                    reader.readPackage(name, bytes).getReleasesList().stream()
                            .filter(r -> RegistryPaths.isValidRelease(name, r.getVersion()))
                            .forEach(r -> tarballs.add(RegistryPaths.tarballKey(name, r.getVersion())));
                } catch (VerificationException e) {
                    LOG.warn("{} in the mirror does not verify ({}); removing its tarballs by name", copyKey, e.getMessage());
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        try (Stream<ObjectInfo> listed = storage.list(RegistryPaths.TARBALLS_PREFIX + name + "-")) {
            listed.forEach(info -> tarballs.add(info.key()));
        }
        // The package file goes first: a client never sees a package whose tarballs are gone.
        boolean hadFile = storage.delete(key);
        if (layout.keepsSeparateCopies()) {
            storage.delete(layout.upstreamCopy(key));
        }
        for (String tarball : tarballs) {
            if (storage.delete(tarball)) {
                counters.tarballRemoved();
            }
        }
        if (hadFile) {
            counters.packageRemoved();
            LOG.info("removed {} (gone upstream or no longer selected)", name);
        }
    }

    private static void awaitTermination(ExecutorService pool) {
        try {
            if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.warn("sync workers did not stop within a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** An index file as fetched: its bytes, its ETag and whether it differs from the mirror's copy. */
    private record IndexFile(byte[] bytes, String etag, boolean changed) {
    }
}
