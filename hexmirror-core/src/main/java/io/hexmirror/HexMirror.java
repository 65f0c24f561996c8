package io.hexmirror;

import static java.util.Objects.requireNonNull;

import io.hexmirror.generation.GenerationStore;
import io.hexmirror.generation.MirrorStatus;
import io.hexmirror.internal.sync.SyncEngine;
import io.hexmirror.internal.sync.SyncOptions;
import io.hexmirror.internal.transfer.BundleExporter;
import io.hexmirror.internal.transfer.BundleImporter;
import io.hexmirror.internal.upstream.UpstreamClient;
import io.hexmirror.internal.verify.MirrorVerifier;
import io.hexmirror.mirror.MirrorLock;
import io.hexmirror.mirror.MirrorLockedException;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.RepositoryKeys;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.StorageNotFoundException;
import io.hexmirror.storage.Storages;
import io.hexmirror.sync.SyncListener;
import io.hexmirror.sync.SyncPlanReport;
import io.hexmirror.sync.SyncSummary;
import io.hexmirror.transfer.ExportOptions;
import io.hexmirror.transfer.ExportResult;
import io.hexmirror.transfer.ImportResult;
import io.hexmirror.transfer.TransferRequest;
import io.hexmirror.upstream.Upstream;
import io.hexmirror.verify.VerifyReport;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A Hex mirror: the one entry point for programs that embed hexmirror.
 *
 * <pre>{@code
 * try (HexMirror mirror = HexMirror.open(Path.of("mirror"), MirrorOptions.defaults())) {
 *     SyncSummary sync = mirror.sync();
 *     VerifyReport report = mirror.verify();
 * }
 * }</pre>
 *
 * <p><b>Locking.</b> The operations that write the mirror ({@link #sync()}, {@link #importBundle},
 * {@link #exportBundle}, which records changes made behind its back, and {@link #write} for steps of your own)
 * take the mirror's lock for their duration, in the storage itself, so a second writer in this or any other
 * process, on this or any other machine, fails at once with {@link io.hexmirror.mirror.MirrorLockedException}
 * instead of interleaving. {@link #plan()}, {@link #verify()}, {@link #status()} and {@link #request} only
 * read, take no lock and may run while another process writes: readers never see a half-published state.
 * A lock left by a process that died stays until {@link #breakLock()} removes it.
 *
 * <p><b>Threads.</b> An instance is thread-safe, but two writing operations on the same mirror exclude
 * each other through the lock (the second fails, it does not wait). Each upstream operation opens its
 * own HTTP connections and closes them when it ends.
 *
 * <p><b>Errors.</b> {@link InvalidInputException}: what was asked cannot be done as given (nothing changed);
 * {@link VerificationException}: upstream data or a bundle failed a check (nothing unverified was
 * published); {@link IOException}: the network or the storage failed. A sync that could not mirror some
 * packages does not throw: its {@link SyncSummary} lists them.
 */
public final class HexMirror implements AutoCloseable {
    private final Storage storage;
    private final boolean ownsStorage;
    private final MirrorOptions options;
    private final RegistryReader reader;

    private HexMirror(Storage storage, boolean ownsStorage, MirrorOptions options) {
        this.storage = storage;
        this.ownsStorage = ownsStorage;
        this.options = options;
        this.reader = new RegistryReader(options.upstreamKey(), options.repository());
    }

    /** The mirror in a directory (created when the first sync or import writes to it). */
    public static HexMirror open(Path directory, MirrorOptions options) throws IOException, InvalidInputException {
        return open(requireNonNull(directory, "directory is null").toString(), options);
    }

    /**
     * The mirror at a directory path or storage URI ({@code file:///srv/hex}, {@code s3://bucket/prefix?...}),
     * opened by the storage provider found for its scheme; {@link #close()} closes that storage.
     *
     * @throws InvalidInputException when the target is not a valid URI, or no storage provider on the class
     *     path handles its scheme (the message lists those found: {@code file:} needs {@code hexmirror-storage-fs})
     * @throws IOException when the storage cannot be opened
     */
    public static HexMirror open(String target, MirrorOptions options) throws IOException, InvalidInputException {
        requireNonNull(target, "target is null");
        requireNonNull(options, "options is null");
        return new HexMirror(openStorage(target, false), true, options);
    }

    /**
     * The mirror at a target that must exist, for work that only reads it ({@link #status()}, {@link #verify()},
     * serving, exporting): nothing is created, so a mistyped path is reported rather than shown as an empty mirror.
     *
     * @throws InvalidInputException when there is nothing at the target (the message names it), the target is not
     *     a valid URI, or no storage provider handles its scheme
     * @throws IOException when the storage cannot be opened
     */
    public static HexMirror openExisting(String target, MirrorOptions options) throws IOException, InvalidInputException {
        requireNonNull(options, "options is null");
        try {
            return new HexMirror(openStorage(requireNonNull(target, "target is null"), true), true, options);
        } catch (StorageNotFoundException e) {
            throw new InvalidInputException("no mirror at " + e.getMessage()
                    + " (this command reads a mirror and creates nothing: check the path, or sync or import into it first)", e);
        }
    }

    /**
     * The mirror at a target that need not exist yet, for work that only reads it ({@link #plan()},
     * {@link #request}): a target that does not exist reads as an empty mirror and is not created.
     *
     * @throws InvalidInputException when the target is not a valid URI, or no storage provider handles its scheme
     * @throws IOException when the storage cannot be opened
     */
    public static HexMirror openExistingOrEmpty(String target, MirrorOptions options) throws IOException, InvalidInputException {
        requireNonNull(options, "options is null");
        Storage storage;
        try {
            storage = openStorage(requireNonNull(target, "target is null"), true);
        } catch (StorageNotFoundException e) {
            storage = new AbsentStorage(e.location());
        }
        return new HexMirror(storage, true, options);
    }

    private static Storage openStorage(String target, boolean existing) throws IOException, InvalidInputException {
        try {
            return existing ? Storages.openExisting(target) : Storages.open(target);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
    }

    /** The mirror in a storage the caller opened and keeps: {@link #close()} leaves it open. */
    public static HexMirror open(Storage storage, MirrorOptions options) {
        return new HexMirror(requireNonNull(storage, "storage is null"), false, requireNonNull(options, "options is null"));
    }

    /** The storage this mirror lives in. */
    public Storage storage() {
        return storage;
    }

    /** The options this mirror was opened with. */
    public MirrorOptions options() {
        return options;
    }

    /** The mirror's location, for messages (credentials never included). */
    public String describe() {
        return storage.describe();
    }

    /**
     * Brings the mirror up to date with upstream, under the mirror's lock: fetches what changed, verifies
     * every registry file and tarball, and publishes in an order that keeps the mirror usable at every
     * moment. An interrupted sync leaves a usable mirror; the next one resumes.
     *
     * @return what was done, including the packages that could not be mirrored (then
     *     {@link SyncSummary#succeeded()} is false and the rest was still published)
     * @throws io.hexmirror.mirror.MirrorLockedException when another process is writing the mirror
     * @throws InvalidInputException when the options cannot be used (a bad upstream URL or proxy setting,
     *     a signing key without a selection)
     * @throws VerificationException when upstream's {@code /names} or {@code /versions} fail verification
     * @throws IOException when upstream or the storage cannot be reached
     */
    public SyncSummary sync() throws IOException, HexMirrorException {
        return sync(options.listener());
    }

    /** {@link #sync()} reporting its progress to this listener instead of the options' one. */
    public SyncSummary sync(SyncListener listener) throws IOException, HexMirrorException {
        requireNonNull(listener, "listener is null");
        SyncOptions syncOptions = syncOptions();
        try (MirrorLock lock = MirrorLock.acquire(storage, options.owner());
                UpstreamClient upstream = upstreamClient();
                UpstreamClient api = options.downloadCounts().isPresent()
                        ? client(options.downloadCounts().get().apiUrl(), 1) : null) {
            SyncEngine engine = new SyncEngine(upstream, storage, reader, syncOptions, listener);
            if (api != null) {
                engine.withDownloadCounts(api, options.downloadCounts().get());
            }
            SyncSummary summary = engine.run();
            options.afterChange().afterChange(storage, reader, Optional.of(options.upstream()));
            return summary;
        }
    }

    /**
     * What {@link #sync()} would do: fetches registry files and tarball sizes only, writes nothing, takes no lock.
     *
     * @throws InvalidInputException when the options cannot be used
     */
    public SyncPlanReport plan() throws IOException, HexMirrorException {
        SyncOptions syncOptions = syncOptions();
        try (UpstreamClient upstream = upstreamClient()) {
            return new SyncEngine(upstream, storage, reader, syncOptions, options.listener()).plan();
        }
    }

    /**
     * Checks the whole mirror as a client would: every registry file's signature and origin, every tarball
     * against the outer checksum of its signed package file (and, with {@link MirrorOptions#deepVerify()},
     * inspected inside as a sync does). Takes no lock.
     *
     * @return what was checked and every problem found; missing and corrupt files are problems, not exceptions
     * @throws IOException when the storage itself fails
     */
    public VerifyReport verify() throws IOException {
        return new MirrorVerifier(storage, reader).trustingStoredChecksums(options.trustStoredChecksums()).deep(options.deepVerify())
                .checkingInstallsWith(options.installsKey()).verify(key -> { });
    }

    /**
     * The number of the mirror's current generation (each sync or import that changes the mirror makes a new
     * one); 0 when nothing was recorded yet. Cheaper than {@link #status()}, which counts the mirror's files.
     */
    public long generation() throws IOException {
        return new GenerationStore(storage).currentNumber();
    }

    /** The mirror's generation, what it holds, and any unfinished change. Takes no lock. */
    public MirrorStatus status() throws IOException {
        return MirrorStatus.of(storage);
    }

    /**
     * Writes a bundle of this mirror (what changed since a generation, everything, or what a request asks
     * for), under the mirror's lock since it first records changes made without hexmirror.
     *
     * @param what which files: {@link ExportOptions#since}, {@link ExportOptions#fullCopy()} or
     *     {@link ExportOptions#answering}
     * @param bundle the file to write (must not exist); volumes are written next to it when split
     * @throws io.hexmirror.mirror.MirrorLockedException when another process is writing the mirror
     * @throws io.hexmirror.transfer.GenerationMismatchException when the mirror has no generation, or the
     *     asked generation is not one this mirror can export from
     */
    public ExportResult exportBundle(ExportOptions what, Path bundle) throws IOException, HexMirrorException {
        requireNonNull(what, "what is null");
        requireNonNull(bundle, "bundle is null");
        try (MirrorLock lock = MirrorLock.acquire(storage, options.owner())) {
            return new BundleExporter(storage).export(what, bundle);
        }
    }

    /**
     * Verifies a bundle completely, then applies it, under the mirror's lock. Nothing is published unless
     * every file verifies; an interrupted import can be run again.
     *
     * @param bundle the bundle file, its name when split, or its volumes
     * @throws io.hexmirror.mirror.MirrorLockedException when another process is writing the mirror
     * @throws io.hexmirror.transfer.GenerationMismatchException when the bundle does not start at the mirror's
     *     generation (nothing changed)
     * @throws VerificationException when the bundle is incomplete, damaged or fails verification (nothing changed)
     */
    public ImportResult importBundle(List<Path> bundle) throws IOException, HexMirrorException {
        requireNonNull(bundle, "bundle is null");
        if (bundle.isEmpty()) {
            throw new InvalidInputException("no bundle given to import");
        }
        for (Path file : bundle) {
            // Before the lock, which would leave its directory behind in a mirror that was never touched.
            if (java.nio.file.Files.isDirectory(file)) {
                throw new InvalidInputException("bundle " + file + " is a directory, not a bundle file (name the .bundle file,"
                        + " or the first volume of a split one)");
            }
        }
        try (MirrorLock lock = MirrorLock.acquire(storage, options.owner())) {
            ImportResult result = new BundleImporter(storage, reader, options.workDir(), options.installsKey())
                    .withFileCheck(options.bundleFileCheck()).importBundle(bundle);
            options.afterChange().afterChange(storage, reader, Optional.empty());
            return result;
        }
    }

    /** {@link #importBundle(List)} of a single file (or the name of a split bundle). */
    public ImportResult importBundle(Path bundle) throws IOException, HexMirrorException {
        return importBundle(List.of(requireNonNull(bundle, "bundle is null")));
    }

    /**
     * The request that tells a connected mirror what to export for this one: this mirror's generation and,
     * optionally, packages and lock files to add. Write it with {@link TransferRequest#write}. Takes no lock.
     *
     * @param packages {@code NAME} or {@code NAME REQUIREMENT} each
     * @param lockFiles {@code mix.lock} or {@code rebar.lock} files whose releases to ask for
     * @throws InvalidInputException when a package, requirement or lock file is not valid
     */
    public TransferRequest request(List<String> packages, List<Path> lockFiles) throws IOException, HexMirrorException {
        return request(packages, lockFiles, List.of());
    }

    /**
     * {@link #request(List, List)} also asking for the docs of named packages.
     *
     * @param docs {@code NAME} (the docs of its latest release) or {@code NAME@VERSION} each
     * @throws InvalidInputException when a package, requirement, version or lock file is not valid
     */
    public TransferRequest request(List<String> packages, List<Path> lockFiles, List<String> docs)
            throws IOException, HexMirrorException {
        try {
            return TransferRequest.of(storage, packages, lockFiles, docs);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
    }

    /**
     * Removes a lock left by a process that died. Check first that no other process is writing the mirror:
     * breaking a live lock lets two writers interleave. A holder still running on this host is refused.
     *
     * @return whether there was a lock to remove
     * @throws MirrorLockedException when the holder is a process still running on this host
     */
    public boolean breakLock() throws IOException, MirrorLockedException {
        return MirrorLock.breakLock(storage);
    }

    /**
     * Runs a step that writes the mirror under the mirror's lock, as {@link #sync()} and {@link #importBundle} run
     * theirs: for work beside them, such as deriving the browsable docs or the package catalog. The lock is taken
     * with this mirror's {@link MirrorOptions#owner()} and released when the step ends, however it ends.
     *
     * @return what the step returned
     * @throws MirrorLockedException when another process is writing the mirror (a lock left by a process of this
     *     host that is gone is taken over; any other stays until {@link #breakLock()})
     */
    public <T> T write(MirrorWrite<T> step) throws IOException, HexMirrorException {
        requireNonNull(step, "step is null");
        try (MirrorLock lock = MirrorLock.acquire(storage, options.owner())) {
            return step.apply(storage);
        }
    }

    /** The reader that checks this mirror's registry files (signature and repository name), as sync and import do. */
    public RegistryReader registryReader() {
        return reader;
    }

    /**
     * The upstream of this mirror's options, for extensions that fetch more than the registry from it (such as the
     * docs sync): set up with the options' timeouts, retries, rate cap and proxy; the caller closes it.
     *
     * @throws InvalidInputException when the upstream URL or a proxy setting is not valid
     */
    public Upstream openUpstream() throws InvalidInputException {
        return upstreamClient();
    }

    /** Closes the storage when this mirror opened it. */
    @Override
    public void close() throws IOException {
        if (ownsStorage) {
            storage.close();
        }
    }

    private SyncOptions syncOptions() throws InvalidInputException {
        SyncOptions sync = SyncOptions.all().withConcurrency(options.concurrency()).keepingUnselected(options.keepUnselected());
        if (options.selection().isPresent()) {
            sync = sync.withSelection(options.selection().get());
        }
        if (options.signingKey().isPresent()) {
            if (options.selection().isEmpty()) {
                throw new InvalidInputException("re-signing is for a partial mirror: a signing key needs a selection");
            }
            try {
                RepositoryKeys.checkSigningKey(options.signingKey().get());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("signing key: " + e.getMessage(), e);
            }
            sync = sync.resigned(options.signingKey().get());
        }
        if (options.installs().isPresent()) {
            sync = sync.withInstalls(options.installs().get());
        }
        return sync;
    }

    /** A client for one operation, set up from these options; a bad URL or proxy variable is the caller's input. */
    private UpstreamClient upstreamClient() throws InvalidInputException {
        return client(options.upstream(), options.concurrency());
    }

    /** A client of {@code url} with these options' proxy, timeouts, rate cap, HTTP version and retries. */
    private UpstreamClient client(URI url, int concurrency) throws InvalidInputException {
        try {
            UpstreamClient.Builder builder = UpstreamClient.builder(url)
                    .concurrency(concurrency)
                    .connectTimeout(options.connectTimeout())
                    .readTimeout(options.readTimeout())
                    .requestDeadline(options.requestDeadline())
                    .maxRate(options.maxRate().orElse(0))
                    .httpVersion(options.httpVersion())
                    .retries(options.retries())
                    .retryBackoff(options.retryBackoff())
                    .proxyFromEnvironment(options.environment());
            options.proxy().ifPresent(builder::proxy);
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
    }
}
