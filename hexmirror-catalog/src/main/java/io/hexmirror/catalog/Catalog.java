package io.hexmirror.catalog;

import static java.util.Objects.requireNonNull;

import io.hexmirror.MalformedDataException;
import io.hexmirror.concurrent.OrderedWork;
import io.hexmirror.downloads.DownloadSnapshot;
import io.hexmirror.files.ObjectTooLargeException;
import io.hexmirror.files.StoredObjects;
import io.hexmirror.generation.Generation;
import io.hexmirror.generation.GenerationStore;
import io.hexmirror.generation.JournalEntry;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.RepositoryKeys;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The package catalog of one mirror: built only from what the mirror's storage holds (signed registry
 * files, mirrored tarballs, mirrored docs), kept in the same storage under {@link CatalogLayout#DATA_PREFIX},
 * with its static pages and search index (see {@link CatalogLayout}).
 *
 * <p>{@link #update(Collection)} re-reads the named packages and rewrites only what they change: their
 * pages, the pages of packages whose dependents or dependencies' presence changed, the lists, the front
 * page and the search index. {@link #refresh()} finds the changed packages itself (from the mirror's
 * generation journals and the package files' sizes and times); {@link #rebuild()} starts from scratch.
 * A selective mirror's catalog lists only mirrored packages; a dependency that is not mirrored is shown as such.
 * When the mirror holds a snapshot of download counts ({@link DownloadSnapshot}), the catalog shows it; a new
 * snapshot rewrites every package page.
 *
 * <p>Reading ({@link #get}, {@link #summaries}, {@link #dependents}) is safe from many threads; updates
 * are serialized. Registry files are verified with the mirror's own {@code public_key} when it has one,
 * else with the given reader's key: a file that does not verify is left out and reported.
 */
public final class Catalog {
    /** How many packages an update keeps in memory between reading them and writing their pages. */
    static final int PACKAGES_KEPT_FOR_PAGES = 500;
    private final Storage storage;
    private final RegistryReader reader;
    private final CatalogOptions options;
    private final Object updateLock = new Object();
    private volatile CatalogState state;
    private volatile Map<String, List<String>> dependents;
    private volatile Set<String> names;
    private volatile Optional<DownloadSnapshot> downloads;

    private Catalog(Storage storage, RegistryReader reader, CatalogOptions options, CatalogState state) throws IOException {
        this.storage = storage;
        this.reader = reader;
        this.options = options;
        setState(state);
        this.downloads = readDownloads(storage, problem -> { });
    }

    /**
     * Opens the catalog of the mirror in {@code storage} (empty when none was built yet).
     *
     * @param fallback verifies registry files when the mirror has no {@code public_key}; its repository
     *     name is always the one checked
     * @throws IOException when the storage fails or the stored catalog is unreadable (rebuild it)
     */
    public static Catalog open(Storage storage, RegistryReader fallback, CatalogOptions options) throws IOException {
        requireNonNull(storage, "storage is null");
        requireNonNull(fallback, "fallback is null");
        requireNonNull(options, "options is null");
        return new Catalog(storage, readerFor(storage, fallback), options, loadState(storage));
    }

    /** A reader that trusts the mirror's own {@code public_key} (a re-signing mirror's) when it has one. */
    static RegistryReader readerFor(Storage storage, RegistryReader fallback) throws IOException {
        if (storage.stat(RegistryPaths.PUBLIC_KEY).isEmpty()) {
            return fallback;
        }
        try (InputStream in = storage.read(RegistryPaths.PUBLIC_KEY)) {
            String pem = new String(in.readNBytes(64 * 1024), StandardCharsets.US_ASCII);
            return new RegistryReader(RepositoryKeys.parsePublicKey(pem), fallback.repository());
        } catch (IllegalArgumentException e) {
            throw new IOException(RegistryPaths.PUBLIC_KEY + ": not a readable public key: " + e.getMessage(), e);
        }
    }

    /** Re-reads the named packages (present or gone) and rewrites what they change. Unknown or invalid names are ignored. */
    public CatalogUpdate update(Collection<String> names) throws IOException {
        requireNonNull(names, "names is null");
        synchronized (updateLock) {
            Set<String> valid = names.stream().filter(RegistryPaths::isValidName).collect(TreeSet::new, Set::add, Set::addAll);
            return apply(valid, valid.isEmpty() ? Map.of() : packageFiles(), false, state);
        }
    }

    /**
     * Finds what changed since the last update and applies it: packages named by paths in the generation
     * journals after the catalog's generation, and packages whose registry file appeared, disappeared or
     * changed size or time.
     */
    public CatalogUpdate refresh() throws IOException {
        synchronized (updateLock) {
            Set<String> changed = new TreeSet<>();
            GenerationStore generations = new GenerationStore(storage);
            if (state.generation() > 0) {
                for (JournalEntry entry : generations.changesAfter(state.generation()).values()) {
                    packageOf(entry.path()).ifPresent(changed::add);
                }
            }
            Map<String, String> known = new HashMap<>();
            state.packages().forEach(e -> known.put(e.summary().name(), e.fingerprint()));
            Map<String, ObjectInfo> files = packageFiles();
            for (Map.Entry<String, ObjectInfo> file : files.entrySet()) {
                String before = known.remove(file.getKey());
                if (before == null || !before.equals(PackageLoader.fingerprint(file.getValue()))) {
                    changed.add(file.getKey());
                }
            }
            changed.addAll(known.keySet());
            return apply(changed, changed.isEmpty() ? Map.of() : files, false, state);
        }
    }

    /** Forgets the stored catalog and builds it again from every package file in the mirror. */
    public CatalogUpdate rebuild() throws IOException {
        synchronized (updateLock) {
            CatalogState recorded = state;
            setState(CatalogState.empty());
            Map<String, ObjectInfo> files = packageFiles();
            Set<String> all = new TreeSet<>(files.keySet());
            try (Stream<ObjectInfo> stale = storage.list(CatalogLayout.PACKAGE_DATA_PREFIX)) {
                stale.map(ObjectInfo::key).map(Catalog::nameOfDataKey).flatMap(Optional::stream).forEach(all::add);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            // The listing of packages/ just taken is the one the update works from: packages/ is listed once.
            return apply(all, files, true, recorded);
        }
    }

    /** The package's full entry, when the catalog lists it. */
    public Optional<CatalogPackage> get(String name) throws IOException {
        if (!RegistryPaths.isValidName(name)) {
            return Optional.empty();
        }
        Optional<String> json = entryJson(name);
        if (json.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parseEntry(json.get()));
        } catch (RuntimeException e) {
            throw new IOException(CatalogLayout.packageDataKey(name) + ": unreadable catalog entry (run `hexmirror catalog rebuild`): "
                    + e.getMessage(), e);
        }
    }

    /**
     * The entry an update starts from. Entries are synced in batches (see {@link DeferredWrites}), so a
     * crash of the machine can leave one cut short: that one is built again from the mirror's files, as
     * if it were missing.
     */
    private Optional<CatalogPackage> previousEntry(String name) throws IOException {
        Optional<String> json = entryJson(name);
        try {
            return json.map(Catalog::parseEntry);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private Optional<String> entryJson(String name) throws IOException {
        try (InputStream in = storage.read(CatalogLayout.packageDataKey(name))) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (io.hexmirror.storage.ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    private static CatalogPackage parseEntry(String json) {
        return requireNonNull(CatalogJson.GSON.fromJson(json, CatalogPackage.class), "empty entry");
    }

    /** Every package's summary, in name order. */
    public List<PackageSummary> summaries() {
        return state.packages().stream().map(CatalogState.Entry::summary).toList();
    }

    /** The packages whose latest release depends on the named one, in name order. */
    public List<String> dependents(String name) {
        return dependents.getOrDefault(name, List.of());
    }

    /** The mirror's snapshot of download counts, when it has one that passes its checks. */
    public Optional<DownloadSnapshot> downloads() {
        return downloads;
    }

    /** Whether the catalog lists the package (the mirror holds it). */
    public boolean contains(String name) {
        return names.contains(name);
    }

    /** What the front page says about the mirror: its generation, when, and its upstream. */
    public MirrorFacts facts() {
        CatalogState current = state;
        long releases = current.packages().stream().mapToLong(e -> e.summary().releases()).sum();
        return new MirrorFacts(current.packages().size(), releases, current.generation(), current.generationAt(),
                current.upstream(), current.updatedAt());
    }

    public Storage storage() {
        return storage;
    }

    /** Re-reads the stored index, for a reader in another process than the writer (the server). */
    public void reload() throws IOException {
        setState(loadState(storage));
        downloads = readDownloads(storage, problem -> { });
    }

    /**
     * Reads the named packages again and writes what differs.
     *
     * @param files the package files in the mirror, as a listing of {@code packages/} found them (may be empty when
     *     {@code names} is)
     * @param all whether this is a rebuild: every entry is read from scratch, and every page rendered
     * @param recorded what the index records now (kept, with its time, when nothing changes; its upstream kept unless the
     *     options name one, which a rebuild cannot find again in the mirror)
     */
    private CatalogUpdate apply(Set<String> names, Map<String, ObjectInfo> files, boolean all, CatalogState recorded) throws IOException {
        Instant started = Instant.now();
        // Files last changed before the index are durable: the update that wrote it had synced them.
        Optional<Instant> indexWritten = storage.stat(CatalogLayout.INDEX).map(ObjectInfo::lastModified);
        List<PackageSummary> summariesBefore = summaries();
        List<String> problems = new ArrayList<>();
        Map<String, CatalogState.Entry> entries = new TreeMap<>();
        state.packages().forEach(e -> entries.put(e.summary().name(), e));
        // What the workers read: each name is loaded once, so the entry before it is that of the catalog as it was.
        Set<String> listedBefore = Set.copyOf(entries.keySet());
        downloads = readDownloads(storage, problems::add);
        Optional<Instant> downloadsAt = downloads.map(DownloadSnapshot::fetchedAt);

        Set<String> pages = new TreeSet<>();
        // The first packages read stay in memory for their pages; the rest are read back when their page is
        // written. Keeping all of them would hold every release of every package at once in a rebuild or a
        // full sync: several KB a package, more than the whole sync needs otherwise.
        Map<String, CatalogPackage> loaded = new HashMap<>();
        DeferredWrites writes = new DeferredWrites(storage, indexWritten);
        int[] read = {0};
        int[] removed = {0};
        // Packages are read (registry file, tarballs' metadata) and their entries written on every core; the
        // entries are taken in name order, so the index, the pages chosen and the problems reported are the same
        // as from one thread.
        OrderedWork.forEach(names, "catalog", name -> {
            List<String> found = new ArrayList<>();
            ObjectInfo file = files.get(name);
            if (file == null) {
                return new Loaded(Optional.empty(), found);
            }
            Optional<CatalogPackage> previous = all || !listedBefore.contains(name) ? Optional.empty() : previousEntry(name);
            Optional<CatalogPackage> pkg = new PackageLoader(storage, reader, found::add).load(name, file, previous);
            if (pkg.isPresent()) {
                writes.write(CatalogLayout.packageDataKey(name), CatalogJson.GSON.toJson(pkg.get()).getBytes(StandardCharsets.UTF_8));
            }
            return new Loaded(pkg, found);
        }, (name, loadedPackage) -> {
            problems.addAll(loadedPackage.problems());
            CatalogState.Entry before = entries.get(name);
            ObjectInfo file = files.get(name);
            Optional<CatalogPackage> now = loadedPackage.pkg();
            if (now.isPresent()) {
                read[0]++;
                CatalogPackage pkg = now.get();
                PackageSummary summary = PackageSummary.of(pkg);
                entries.put(name, new CatalogState.Entry(summary, PackageLoader.fingerprint(file)));
                if (loaded.size() < PACKAGES_KEPT_FOR_PAGES) {
                    loaded.put(name, pkg);
                }
                pages.add(name);
                Set<String> depsNow = new HashSet<>(summary.dependencies());
                Set<String> depsBefore = before == null ? Set.of() : new HashSet<>(before.summary().dependencies());
                // A dependency gained or lost changes that dependency's list of dependents.
                for (String dep : depsNow) {
                    if (!depsBefore.contains(dep)) {
                        pages.add(dep);
                    }
                }
                for (String dep : depsBefore) {
                    if (!depsNow.contains(dep)) {
                        pages.add(dep);
                    }
                }
                if (before == null) {
                    // Newly mirrored: its dependents now link to it.
                    pages.addAll(dependents(name));
                }
            } else if (before != null || all) {
                if (entries.remove(name) != null) {
                    removed[0]++;
                    pages.addAll(before == null ? List.of() : before.summary().dependencies());
                    pages.addAll(dependents(name));
                }
                storage.delete(CatalogLayout.packageDataKey(name));
                storage.delete(CatalogLayout.packagePageKey(name));
            }
        });

        boolean newDownloads = !downloadsAt.equals(state.downloadsAt());
        if (newDownloads) {
            // Every package page shows the counts (or not): a new snapshot changes them all.
            pages.addAll(entries.keySet());
        }
        GenerationStore generations = new GenerationStore(storage);
        Optional<Generation> generation = generations.current();
        CatalogState next = new CatalogState(CatalogState.FORMAT, generation.map(Generation::number).orElse(0L),
                generation.map(Generation::createdAt), options.upstream().or(recorded::upstream), recorded.updatedAt(),
                List.copyOf(entries.values()), downloadsAt);
        setState(next);

        int[] pagesWritten = {0};
        if (options.writePages()) {
            SiteWriter site = new SiteWriter(storage, writes, this, options);
            // Pages are rendered and written on every core: each depends only on its package and the catalog, which
            // no longer changes here.
            List<String> listed = pages.stream().filter(entries::containsKey).toList();
            OrderedWork.forEach(listed, "catalog-pages", name -> {
                Optional<CatalogPackage> pkg = loaded.containsKey(name) ? Optional.of(loaded.get(name)) : get(name);
                return pkg.isPresent() && site.writePackagePage(pkg.get());
            }, (name, written) -> pagesWritten[0] += written ? 1 : 0);
            site.writeShared(all || newDownloads || !summaries().equals(summariesBefore));
        }
        // The index goes last, after everything it describes is durable: a run killed before it is redone in
        // full by the next refresh. An update that wrote nothing and changed nothing the index records leaves it
        // as it was, time included (the time says when the catalog last changed); one that wrote any file
        // writes it again, so that it is not older than the files it vouches for (see DeferredWrites).
        writes.sync();
        if (indexWritten.isEmpty() || writes.written() > 0 || !next.equals(recorded)) {
            CatalogState stamped = next.withUpdatedAt(Instant.now());
            state = stamped;
            storage.write(CatalogLayout.INDEX, CatalogJson.GSON.toJson(stamped).getBytes(StandardCharsets.UTF_8), WriteOptions.defaults());
        }
        return new CatalogUpdate(read[0], removed[0], pagesWritten[0], problems, Duration.between(started, Instant.now()));
    }

    /** One package as a worker read it: its entry (empty when the mirror does not hold it) and the problems found. */
    private record Loaded(Optional<CatalogPackage> pkg, List<String> problems) {
    }

    private void setState(CatalogState next) {
        Map<String, List<String>> reverse = new HashMap<>();
        for (CatalogState.Entry entry : next.packages()) {
            for (String dep : entry.summary().dependencies()) {
                reverse.computeIfAbsent(dep, d -> new ArrayList<>()).add(entry.summary().name());
            }
        }
        reverse.replaceAll((k, v) -> v.stream().sorted().toList());
        Set<String> listed = new HashSet<>();
        next.packages().forEach(e -> listed.add(e.summary().name()));
        this.state = next;
        this.dependents = reverse;
        this.names = listed;
    }

    /** The snapshot of download counts; a file that fails its checks is reported and not shown. */
    private static Optional<DownloadSnapshot> readDownloads(Storage storage, java.util.function.Consumer<String> problems)
            throws IOException {
        try {
            Optional<byte[]> bytes = StoredObjects.readIfPresent(storage, DownloadSnapshot.KEY, DownloadSnapshot.MAX_BYTES);
            return bytes.isEmpty() ? Optional.empty()
                    : Optional.of(DownloadSnapshot.parse(bytes.get(), "in " + storage.describe(), Instant.now()));
        } catch (ObjectTooLargeException | MalformedDataException e) {
            problems.accept(e.getMessage() + " (download counts not shown)");
            return Optional.empty();
        }
    }

    private static CatalogState loadState(Storage storage) throws IOException {
        if (storage.stat(CatalogLayout.INDEX).isEmpty()) {
            return CatalogState.empty();
        }
        try (InputStream in = storage.read(CatalogLayout.INDEX)) {
            CatalogState loaded = CatalogJson.GSON.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), CatalogState.class);
            if (loaded == null || loaded.format() != CatalogState.FORMAT) {
                return CatalogState.empty();
            }
            return loaded;
        } catch (RuntimeException e) {
            throw new IOException(CatalogLayout.INDEX + ": unreadable (run `hexmirror catalog rebuild`): " + e.getMessage(), e);
        }
    }

    private Map<String, ObjectInfo> packageFiles() throws IOException {
        Map<String, ObjectInfo> files = new TreeMap<>();
        try (Stream<ObjectInfo> listed = storage.list(RegistryPaths.PACKAGES_PREFIX)) {
            listed.forEach(info -> {
                String name = info.key().substring(RegistryPaths.PACKAGES_PREFIX.length());
                if (RegistryPaths.isValidName(name)) {
                    files.put(name, info);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return files;
    }

    /** The package a mirror path belongs to: {@code packages/NAME}, {@code tarballs/NAME-V.tar}, {@code hexdocs/NAME/...}. */
    static Optional<String> packageOf(String path) {
        String name = null;
        if (path.startsWith(RegistryPaths.PACKAGES_PREFIX)) {
            name = path.substring(RegistryPaths.PACKAGES_PREFIX.length());
        } else if (path.startsWith(RegistryPaths.TARBALLS_PREFIX) && path.indexOf('-') > 0) {
            name = path.substring(RegistryPaths.TARBALLS_PREFIX.length(), path.indexOf('-'));
        } else if (path.startsWith(CatalogLayout.HEXDOCS_PREFIX) && path.indexOf('/', CatalogLayout.HEXDOCS_PREFIX.length()) > 0) {
            name = path.substring(CatalogLayout.HEXDOCS_PREFIX.length(), path.indexOf('/', CatalogLayout.HEXDOCS_PREFIX.length()));
        }
        return RegistryPaths.isValidName(name) ? Optional.of(name) : Optional.empty();
    }

    private static Optional<String> nameOfDataKey(String key) {
        String rest = key.substring(CatalogLayout.PACKAGE_DATA_PREFIX.length());
        return rest.endsWith(".json") && RegistryPaths.isValidName(rest.substring(0, rest.length() - 5))
                ? Optional.of(rest.substring(0, rest.length() - 5)) : Optional.empty();
    }
}
