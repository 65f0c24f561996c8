package io.hexmirror.docs;

import static java.util.Objects.requireNonNull;

import io.hexmirror.concurrent.DaemonThreads;
import io.hexmirror.concurrent.Futures;
import io.hexmirror.generation.GenerationRecorder;
import io.hexmirror.generation.Sha256;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.Storage;
import io.hexmirror.sync.SyncPlanReport;
import io.hexmirror.upstream.FetchResult;
import io.hexmirror.upstream.Upstream;
import io.hexmirror.upstream.UpstreamBodyTooLargeException;
import io.hexmirror.upstream.UpstreamNotFoundException;
import io.hexmirror.version.Version;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors docs tarballs ({@code /docs/NAME-VERSION.tar.gz}) for the releases a mirror already
 * serves, after the registry sync: docs never hold back registry files, and a docs failure is
 * reported without touching them.
 *
 * <p>Which releases: see {@link DocsPolicy}, plus Elixir's own docs for named Elixir versions.
 * For each wanted release whose tarball the mirror lacks, it asks upstream once; a 404 is
 * remembered, and the release is asked again only while it is recent (published within
 * {@link DocsSyncOptions#recentWindow()}, since docs often follow a release by minutes) or when
 * {@link DocsSyncOptions#refresh()} is set. A refresh also asks again for docs already mirrored,
 * with {@code If-None-Match}, so that docs re-published for an existing release are picked up at
 * the cost of a 304 for the others. A mirror whose docs are complete is synced with no docs request.
 *
 * <p>Every tarball is checked ({@link DocsTarballs}) before it is stored verbatim, and stored as
 * part of the mirror's generation (its SHA-256 in the journal, like every mirror file). Then the
 * browsable tree of what changed is derived ({@link HexDocs#refresh}).
 */
public final class DocsSync {
    /** Elixir's own applications, whose docs hex.pm serves at the same {@code /docs/} path. */
    public static final List<String> ELIXIR_APPS = List.of("elixir", "eex", "ex_unit", "iex", "logger", "mix");
    private static final Logger LOG = LoggerFactory.getLogger(DocsSync.class);
    /** How many sizes {@link #plan} asks for before estimating the rest from their average. */
    static final int PLAN_SAMPLE = 50;

    private final Upstream upstream;
    private final Storage storage;
    private final DocsSyncOptions options;
    private final DocsLimits limits;

    public DocsSync(Upstream upstream, Storage storage, DocsSyncOptions options) {
        this(upstream, storage, options, DocsLimits.hexdocs());
    }

    public DocsSync(Upstream upstream, Storage storage, DocsSyncOptions options, DocsLimits limits) {
        this.upstream = requireNonNull(upstream, "upstream is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.options = requireNonNull(options, "options is null");
        this.limits = requireNonNull(limits, "limits is null");
    }

    /**
     * What a docs sync would fetch, without fetching it.
     *
     * @param wanted docs versions the policy asks for
     * @param present of those, already mirrored
     * @param toFetch to ask upstream for
     * @param rememberedMissing remembered as having no docs, not asked again
     * @param knownBytes the sizes upstream gave for the sampled tarballs
     * @param sized how many tarballs were sized with a {@code HEAD} request
     * @param estimatedBytes the bytes to download: {@code knownBytes}, or extrapolated from the sample
     * @param estimated whether {@code estimatedBytes} is extrapolated
     * @param forComingReleases of {@code toFetch}, the docs of releases the registry sync would add
     *     (0 when the plan covers only the releases the mirror serves now)
     * @param afterSync whether the plan covers the releases the mirror will serve after the registry sync
     */
    public record DocsPlan(int wanted, int present, int toFetch, int rememberedMissing, long knownBytes, int sized,
            long estimatedBytes, boolean estimated, int forComingReleases, boolean afterSync) {
    }

    /**
     * Works out what {@link #run} would fetch now: how many tarballs and how many bytes. Sizes come from
     * {@code HEAD} requests for up to {@value #PLAN_SAMPLE} tarballs (spread over the list); beyond that
     * the total is estimated from their average, and {@link DocsPlan#estimated()} says so. Releases
     * without docs answer 404 and count for nothing.
     */
    public DocsPlan plan() throws IOException {
        return plan(work(DocsState.load(storage), MirroredDocs.load(storage), MirrorRegistry.releases(storage)), Set.of(), false);
    }

    /**
     * {@link #plan()} for the releases the mirror will serve after a registry sync with this plan: the
     * releases of the packages it fetches replace the mirror's, the packages it removes go, and the rest
     * stay. This is how {@code plan} counts the docs of releases a first sync adds.
     */
    public DocsPlan plan(SyncPlanReport registryPlan) throws IOException {
        requireNonNull(registryPlan, "registryPlan is null");
        List<MirrorRegistry.MirroredRelease> now = MirrorRegistry.releases(storage);
        Set<String> replaced = new HashSet<>(registryPlan.packagesToRemove());
        registryPlan.planned().forEach(p -> replaced.add(p.name()));
        Set<DocsRelease> current = new HashSet<>();
        List<MirrorRegistry.MirroredRelease> after = new ArrayList<>();
        for (MirrorRegistry.MirroredRelease m : now) {
            current.add(new DocsRelease(m.name(), m.version()));
            if (!replaced.contains(m.name())) {
                after.add(m);
            }
        }
        for (SyncPlanReport.PlannedRelease p : registryPlan.planned()) {
            if (RegistryPaths.isValidRelease(p.name(), p.version())) {
                after.add(new MirrorRegistry.MirroredRelease(p.name(), p.version(), p.retired()));
            }
        }
        return plan(work(DocsState.load(storage), MirroredDocs.load(storage), after), current, true);
    }

    private DocsPlan plan(Work work, Set<DocsRelease> current, boolean afterSync) throws IOException {
        long known = 0;
        int found = 0;
        List<DocsRelease> sample = sample(work.toFetch, PLAN_SAMPLE);
        for (DocsRelease r : sample) {
            try {
                OptionalLong size = upstream.size(r.tarballKey());
                if (size.isPresent()) {
                    known += size.getAsLong();
                    found++;
                }
            } catch (UpstreamNotFoundException e) {
                // No docs: nothing to download.
            }
        }
        int sized = sample.size();
        boolean estimated = work.toFetch.size() > sized;
        long estimate = known;
        if (estimated && sized > 0) {
            estimate = Math.round((double) known / sized * work.toFetch.size());
        }
        int coming = 0;
        if (afterSync) {
            for (DocsRelease r : work.toFetch) {
                if (!current.contains(r) && !ELIXIR_APPS.contains(r.name())) {
                    coming++;
                }
            }
        }
        LOG.debug("plan: {} of {} sampled tarballs exist", found, sized);
        return new DocsPlan(work.wanted.size(), work.present, work.toFetch.size(), work.skippedMissing, known, sized,
                estimate, estimated, coming, afterSync);
    }

    /** Up to {@code n} elements spread evenly over the list (all of them when it is short). */
    static <T> List<T> sample(List<T> all, int n) {
        if (all.size() <= n) {
            return all;
        }
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(all.get((int) ((long) i * all.size() / n)));
        }
        return out;
    }

    /** Runs the docs sync. Failures of single docs versions are in the summary; I/O failures of the mirror throw. */
    public DocsSyncSummary run() throws IOException {
        Run run = GenerationRecorder.record(storage, this::runRecorded);
        // Now that the generation holding the tarballs is recorded, the tree is up to date with it.
        if (run.tree().refused().isEmpty()) {
            TreeCheckpoint.record(storage);
        }
        return run.summary();
    }

    /** What a run did, and its update of the tree. */
    private record Run(DocsSyncSummary summary, HexDocs.TreeUpdate tree) {
    }

    private Run runRecorded(Storage recording) throws IOException {
        long started = System.nanoTime();
        long requestsBefore = upstream.requestCount();
        long bytesBefore = upstream.bytesReceived();
        DocsState state = DocsState.load(storage);
        MirroredDocs stored = MirroredDocs.load(storage);
        Work work = work(state, stored, MirrorRegistry.releases(storage));
        HexDocs docs = new HexDocs(recording, limits);

        List<String> failures = Collections.synchronizedList(new ArrayList<>(work.problems));
        Set<DocsRelease> changed = Collections.synchronizedSet(new LinkedHashSet<>());
        AtomicInteger fetched = new AtomicInteger();
        AtomicInteger unchanged = new AtomicInteger();
        AtomicInteger notFound = new AtomicInteger();
        ExecutorService pool = DaemonThreads.pool(options.concurrency(), "hexmirror-docs");
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (DocsRelease release : work.toFetch) {
                futures.add(pool.submit(() -> {
                    fetchOne(release, state, docs, changed, fetched, unchanged, notFound, failures);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                Futures.await(f, "docs sync");
            }
        } finally {
            pool.shutdownNow();
        }
        int removed = 0;
        for (DocsRelease release : work.orphans) {
            recording.delete(release.tarballKey());
            state.forget(release);
            removed++;
        }
        state.save(storage);

        // Also versions whose tree is missing or was made from other bytes (an interrupted sync, a
        // marker deleted to have the tree rebuilt): the tree always catches up with the tarballs. Only
        // the versions changed since the tree was last up to date, or without a marker, can be.
        DocsTree trees = new DocsTree(storage, limits);
        // Listed again only when this run stored or removed a tarball (a listing stats every tarball).
        MirroredDocs mirrored = changed.isEmpty() && removed == 0 ? stored : MirroredDocs.load(storage);
        for (DocsRelease release : TreeCheckpoint.candidates(storage, mirrored.releases()).orElse(mirrored.releases())) {
            if (!changed.contains(release) && trees.isStale(release)) {
                changed.add(release);
            }
        }
        HexDocs.TreeUpdate tree = new HexDocs(storage, limits).refresh(mirrored, changed, work.orphans);
        tree.refused().forEach(e -> failures.add(e.getMessage()));
        long requests = upstream.requestCount() - requestsBefore;
        return new Run(new DocsSyncSummary(work.wanted.size(), work.present, fetched.get(), unchanged.get(), notFound.get(),
                work.skippedMissing, removed, upstream.bytesReceived() - bytesBefore, requests, tree.files(), tree.bytes(),
                tree.packages(), failures, Duration.ofNanos(System.nanoTime() - started)), tree);
    }

    private void fetchOne(DocsRelease release, DocsState state, HexDocs docs, Set<DocsRelease> changed,
            AtomicInteger fetched, AtomicInteger unchanged, AtomicInteger notFound, List<String> failures) throws IOException {
        boolean have = storage.stat(release.tarballKey()).isPresent();
        String etag = have ? state.get(release).map(DocsState.Entry::etag).orElse(null) : null;
        FetchResult result;
        try {
            result = upstream.fetch(release.tarballKey(), etag, limits.maxCompressedBytes());
        } catch (UpstreamNotFoundException e) {
            notFound.incrementAndGet();
            if (!have) {
                state.missing(release, options.clock().instant());
            }
            return;
        } catch (UpstreamBodyTooLargeException e) {
            failures.add("docs of " + release.name() + " " + release.version() + " refused: larger than "
                    + limits.maxCompressedBytes() + " bytes");
            return;
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            failures.add("docs of " + release.name() + " " + release.version() + " not fetched: " + e.getMessage());
            return;
        }
        if (result.notModified()) {
            unchanged.incrementAndGet();
            return;
        }
        if (have) {
            Optional<ObjectInfo> info = storage.stat(release.tarballKey());
            if (info.isPresent() && info.get().size() == result.body().length
                    && storedSha256(release).equals(HexDocs.sha256(result.body()))) {
                state.stored(release, result.etag());
                unchanged.incrementAndGet();
                return;
            }
        }
        try {
            docs.store(release, result.body());
        } catch (DocsTarballException e) {
            LOG.warn("{}", e.getMessage());
            failures.add(e.getMessage());
            return;
        }
        state.stored(release, result.etag());
        changed.add(release);
        fetched.incrementAndGet();
    }

    private String storedSha256(DocsRelease release) throws IOException {
        try (var in = storage.read(release.tarballKey())) {
            return Sha256.of(in).sha256();
        }
    }

    /** What to ask for, given the mirror's registry and the remembered state. */
    private record Work(Set<DocsRelease> wanted, List<DocsRelease> toFetch, int present, int skippedMissing,
            List<DocsRelease> orphans, List<String> problems) {
    }

    private Work work(DocsState state, MirroredDocs storedDocs, List<MirrorRegistry.MirroredRelease> mirrored) throws IOException {
        Set<DocsRelease> wanted = new LinkedHashSet<>(wantedByPolicy(mirrored));
        wanted.addAll(options.named());
        List<String> problems = new ArrayList<>();
        for (String name : new TreeSet<>(options.namedPackages())) {
            Optional<String> latest = latest(mirrored.stream().filter(m -> m.name().equals(name)).toList());
            if (latest.isPresent()) {
                wanted.add(new DocsRelease(name, latest.get()));
            } else {
                problems.add("docs of " + name + " not asked for: the mirror serves no release of " + name
                        + " (sync the package, or name a version: " + name + "@VERSION)");
            }
        }
        for (String elixir : options.elixirVersions()) {
            for (String app : ELIXIR_APPS) {
                wanted.add(new DocsRelease(app, elixir));
            }
        }
        Set<DocsRelease> stored = new HashSet<>(storedDocs.releases());
        List<DocsRelease> toFetch = new ArrayList<>();
        int present = 0;
        int skippedMissing = 0;
        Instant recentSince = options.clock().instant().minus(options.recentWindow());
        for (DocsRelease r : wanted) {
            if (stored.contains(r)) {
                if (options.refresh()) {
                    toFetch.add(r);
                } else {
                    present++;
                }
                continue;
            }
            Optional<DocsState.Entry> known = state.get(r);
            if (known.isPresent() && known.get().missing() && !options.refresh()
                    && !isRecent(r, recentSince)) {
                skippedMissing++;
                continue;
            }
            toFetch.add(r);
        }
        List<DocsRelease> orphans = new ArrayList<>();
        if (!mirrored.isEmpty()) {
            // The stored versions the registry no longer serves: each registry release is looked up among the
            // stored docs' versions of its package (a few per package), instead of being made a DocsRelease,
            // whose name and version are checked by regular expression, for every release (150,000 at
            // hex.pm's size, on every sync with docs).
            Map<String, Set<String>> notInRegistry = new HashMap<>();
            stored.forEach(r -> notInRegistry.computeIfAbsent(r.name(), n -> new HashSet<>()).add(r.version()));
            for (MirrorRegistry.MirroredRelease m : mirrored) {
                Set<String> versions = notInRegistry.get(m.name());
                if (versions != null) {
                    versions.remove(m.version());
                }
            }
            for (DocsRelease r : stored) {
                if (notInRegistry.get(r.name()).contains(r.version()) && !ELIXIR_APPS.contains(r.name()) && !wanted.contains(r)) {
                    orphans.add(r);
                }
            }
        }
        return new Work(wanted, toFetch, present, skippedMissing, orphans, problems);
    }

    private boolean isRecent(DocsRelease release, Instant since) throws IOException {
        if (ELIXIR_APPS.contains(release.name())) {
            return false;
        }
        return MirrorRegistry.publishedAt(storage, release.name(), release.version()).map(t -> !t.isBefore(since))
                .orElse(false);
    }

    private Set<DocsRelease> wantedByPolicy(List<MirrorRegistry.MirroredRelease> mirrored) {
        Set<DocsRelease> out = new LinkedHashSet<>();
        switch (options.policy()) {
            case NONE -> {
            }
            case ALL -> mirrored.forEach(m -> out.add(new DocsRelease(m.name(), m.version())));
            case LATEST -> {
                Map<String, List<MirrorRegistry.MirroredRelease>> byPackage = new LinkedHashMap<>();
                mirrored.forEach(m -> byPackage.computeIfAbsent(m.name(), n -> new ArrayList<>()).add(m));
                byPackage.forEach((name, releases) -> latest(releases).ifPresent(v -> out.add(new DocsRelease(name, v))));
            }
        }
        return out;
    }

    /** The newest release neither retired nor a pre-release; else the newest not retired; else the newest. */
    static Optional<String> latest(List<MirrorRegistry.MirroredRelease> releases) {
        // One pass, each version parsed once: sorting by MirroredDocs.comparePrecedence parsed both sides of
        // every comparison, for every package on every sync.
        Ranked stable = null;
        Ranked notRetired = null;
        Ranked newest = null;
        for (MirrorRegistry.MirroredRelease release : releases) {
            Ranked ranked = new Ranked(release.version(), Version.tryParse(release.version()));
            newest = Ranked.newer(newest, ranked);
            if (!release.retired()) {
                notRetired = Ranked.newer(notRetired, ranked);
                if (!ranked.preRelease()) {
                    stable = Ranked.newer(stable, ranked);
                }
            }
        }
        Ranked chosen = stable != null ? stable : notRetired != null ? notRetired : newest;
        return Optional.ofNullable(chosen).map(Ranked::text);
    }

    /** A version string and its parse, ordered as {@link MirroredDocs#comparePrecedence}. */
    private record Ranked(String text, Optional<Version> version) {
        boolean preRelease() {
            return version.map(Version::isPreRelease).orElse(false);
        }

        int compareTo(Ranked other) {
            return MirroredDocs.comparePrecedence(text, version, other.text, other.version);
        }

        static Ranked newer(Ranked current, Ranked candidate) {
            return current == null || candidate.compareTo(current) > 0 ? candidate : current;
        }
    }
}
