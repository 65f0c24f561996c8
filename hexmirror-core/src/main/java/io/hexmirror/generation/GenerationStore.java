package io.hexmirror.generation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.hexmirror.files.StoredObjects;
import io.hexmirror.mirror.ReservedKeys;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.ObjectNotFoundException;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generations of the mirror in one {@link Storage}, kept under the reserved prefix where
 * serving never reaches:
 * <ul>
 *   <li>{@value #GENERATION_KEY}: the current generation (number, id, mirror id, time, origin);
 *       writing it is the moment a generation is made;</li>
 *   <li>{@value #JOURNAL_PREFIX}{@code 0000000007}: what generation 7 changed, one line per path
 *       with its size and SHA-256, or its removal;</li>
 *   <li>{@value #PENDING_KEY}: present while a change runs, so that one that stops half-way is
 *       noticed and its changes recorded later (see {@link #recordUnrecordedChanges()}).</li>
 * </ul>
 * All files are short text that a person can read. A journal numbered above the current generation
 * is left over from a commit that stopped before writing {@value #GENERATION_KEY}: it is ignored and
 * replaced.
 *
 * <p>Reading is safe at any time. Every method that writes must be called by the one writer that
 * holds the mirror's lock ({@link io.hexmirror.mirror.MirrorLock}). Errors name the file and what
 * is wrong with it. Not thread-safe.
 */
public final class GenerationStore {
    private static final Logger LOG = LoggerFactory.getLogger(GenerationStore.class);

    public static final String GENERATION_KEY = ReservedKeys.PREFIX + "generation";
    public static final String JOURNAL_PREFIX = ReservedKeys.PREFIX + "journal/";
    public static final String PENDING_KEY = ReservedKeys.PREFIX + "pending";

    /**
     * Files changed this long before an interrupted change started are compared by content too,
     * in case the storage's clock (an object store's, say) runs behind ours.
     */
    static final Duration CLOCK_SLACK = Duration.ofHours(1);
    private static final int MAX_SMALL_FILE = 64 * 1024;

    private final Storage storage;

    public GenerationStore(Storage storage) {
        this.storage = requireNonNull(storage, "storage is null");
    }

    public Storage storage() {
        return storage;
    }

    /** The current generation, or empty for a mirror that has none yet ("generation 0"). */
    public Optional<Generation> current() throws IOException {
        Optional<String> text = readSmall(GENERATION_KEY);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(BookkeepingFormat.parseGeneration(text.get(), where(GENERATION_KEY)));
    }

    /** The current generation's number, 0 when there is none. */
    public long currentNumber() throws IOException {
        return current().map(Generation::number).orElse(0L);
    }

    /** The change in progress or interrupted, if any. */
    public Optional<PendingChange> pending() throws IOException {
        Optional<String> text = readSmall(PENDING_KEY);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(BookkeepingFormat.parsePending(text.get(), where(PENDING_KEY)));
    }

    /** The numbers of the recorded generations that have a journal, ascending, up to the current one. */
    public List<Long> journalNumbers() throws IOException {
        long current = currentNumber();
        return allJournalNumbers().stream().filter(n -> n <= current).toList();
    }

    /** The journal of a generation, if it has one. */
    public Optional<Journal> journal(long number) throws IOException {
        return readJournal(number, false);
    }

    /** The generations recorded in journals numbered above {@code after} and at most the current one. */
    public List<Generation> generationsAfter(long after) throws IOException {
        List<Generation> generations = new ArrayList<>();
        for (long number : journalNumbers()) {
            if (number > after) {
                readJournal(number, true).ifPresent(j -> generations.add(j.generation()));
            }
        }
        return generations;
    }

    /**
     * Every path changed by a generation numbered above {@code after}, with what the newest of
     * them left there (a file, or its removal), in path order.
     */
    public SortedMap<String, JournalEntry> changesAfter(long after) throws IOException {
        SortedMap<String, JournalEntry> changes = new TreeMap<>();
        for (long number : journalNumbers()) {
            if (number > after) {
                readJournal(number, false).ifPresent(j -> j.entries().forEach(e -> changes.put(e.path(), e)));
            }
        }
        return changes;
    }

    /** The files the mirror holds according to its journals (removals applied), in path order. */
    public SortedMap<String, JournalEntry> files() throws IOException {
        SortedMap<String, JournalEntry> files = changesAfter(0);
        files.values().removeIf(JournalEntry::deleted);
        return files;
    }

    /** Marks a change as started. */
    public void beginPending(PendingChange change) throws IOException {
        byte[] text = BookkeepingFormat.pendingText(change).getBytes(UTF_8);
        storage.write(PENDING_KEY, text, WriteOptions.defaults().withSha256(Sha256.hex(text)));
    }

    /** Marks the change as finished. */
    public void clearPending() throws IOException {
        storage.delete(PENDING_KEY);
    }

    /**
     * Records a change made in this mirror (by a sync, or found by {@link #recordUnrecordedChanges})
     * as the next generation. A mirror whose current generation was imported becomes a mirror of
     * its own with a new mirror id: its content now differs from the mirror it was copied from, so
     * bundles from there no longer apply to it.
     */
    public Generation commitLocal(Collection<JournalEntry> changes, Generation.Origin origin) throws IOException {
        if (origin == Generation.Origin.IMPORT) {
            throw new IllegalArgumentException("an import records the generation it brings with commitImported");
        }
        Optional<Generation> current = current();
        String mirrorId;
        if (current.isPresent() && current.get().origin() != Generation.Origin.IMPORT) {
            mirrorId = current.get().mirrorId();
        } else {
            mirrorId = newId();
            current.ifPresent(g -> LOG.warn("{} was a copy of mirror {} ({}); changed here, it becomes mirror {}:"
                    + " bundles from {} no longer apply to it", storage.describe(), g.mirrorId(), g.describe(), mirrorId,
                    g.mirrorId()));
        }
        long number = current.map(Generation::number).orElse(0L) + 1;
        Generation generation = new Generation(number, newId(), mirrorId, now(), origin);
        commit(new Journal(generation, number - 1, sorted(changes)));
        return generation;
    }

    /** Records the generation an import brought, with what it changed since {@code base}. */
    public void commitImported(Generation generation, long base, Collection<JournalEntry> changes) throws IOException {
        if (generation.origin() != Generation.Origin.IMPORT) {
            throw new IllegalArgumentException("an imported generation has origin import, not " + generation.origin().text());
        }
        commit(new Journal(generation, base, sorted(changes)));
    }

    /**
     * Records what was changed without being recorded, as one generation: the changes of a writer
     * that stopped before recording them (a {@link PendingChange} of a sync is left), found by
     * comparing the storage with the journals; or, for a mirror that has files but no generation,
     * all its files as its first generation. Drops a pending mark whose change was recorded after
     * all. Does nothing otherwise. Reads every file that may have changed, so it can take a while.
     *
     * @return the generation made, if any
     */
    public Optional<Generation> recordUnrecordedChanges() throws IOException {
        Optional<Generation> current = current();
        Optional<PendingChange> pending = pending();
        if (pending.isEmpty()) {
            if (current.isPresent() || !hasFiles()) {
                return Optional.empty();
            }
            LOG.info("{} has files but no generation: recording them as its first generation (reads every file once)",
                    storage.describe());
            List<JournalEntry> all = UnrecordedChanges.find(storage, new TreeMap<>(), Optional.empty());
            return Optional.of(commitLocal(all, Generation.Origin.BASELINE));
        }
        PendingChange change = pending.get();
        if (alreadyRecorded(change, current)) {
            clearPending();
            return Optional.empty();
        }
        LOG.warn("{} stopped before recording its changes; finding them", change.describe());
        Instant since = change.startedAt().minus(CLOCK_SLACK);
        List<JournalEntry> found = UnrecordedChanges.find(storage, files(), Optional.of(since));
        Optional<Generation> made = found.isEmpty() ? Optional.empty()
                : Optional.of(commitLocal(found, Generation.Origin.RECOVERED));
        clearPending();
        return made;
    }

    /** Whether the mirror holds any file outside the reserved prefix, derived files aside. */
    public boolean hasFiles() throws IOException {
        try (Stream<ObjectInfo> listed = storage.list("")) {
            return listed.anyMatch(info -> !ReservedKeys.isReserved(info.key()) && !DerivedKeys.isDerived(info.key()));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** A new random id for a mirror or a generation. */
    public static String newId() {
        return UUID.randomUUID().toString();
    }

    static String journalKey(long number) {
        return JOURNAL_PREFIX + String.format("%010d", number);
    }

    private static boolean alreadyRecorded(PendingChange change, Optional<Generation> current) {
        if (change.importing().isPresent()) {
            return current.isPresent() && current.get().id().equals(change.importing().get().id());
        }
        // The generation file is written last: once it moved on, the change was recorded.
        return current.map(Generation::number).orElse(0L) != change.baseGeneration();
    }

    private void commit(Journal journal) throws IOException {
        long number = journal.generation().number();
        // Journals above the current generation are left over from commits that never finished.
        long current = currentNumber();
        for (long stale : allJournalNumbers()) {
            if (stale > current && stale != number) {
                storage.delete(journalKey(stale));
            }
        }
        String key = journalKey(number);
        try (ObjectWrite write = storage.write(key, WriteOptions.defaults())) {
            Writer out = new BufferedWriter(new OutputStreamWriter(write.stream(), UTF_8));
            BookkeepingFormat.writeJournal(journal, out);
            out.flush();
            write.commit();
        }
        byte[] text = BookkeepingFormat.generationText(journal.generation()).getBytes(UTF_8);
        storage.write(GENERATION_KEY, text, WriteOptions.defaults().withSha256(Sha256.hex(text)));
        LOG.info("{} is now at {} ({} change(s))", storage.describe(), journal.generation().describe(), journal.entries().size());
    }

    private Optional<Journal> readJournal(long number, boolean headerOnly) throws IOException {
        String key = journalKey(number);
        try (InputStream in = storage.read(key)) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, UTF_8));
            Journal journal = BookkeepingFormat.readJournal(reader, where(key), headerOnly);
            if (journal.generation().number() != number) {
                throw new IOException(where(key) + " describes generation " + journal.generation().number());
            }
            return Optional.of(journal);
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    private List<Long> allJournalNumbers() throws IOException {
        List<Long> numbers = new ArrayList<>();
        try (Stream<ObjectInfo> listed = storage.list(JOURNAL_PREFIX)) {
            listed.map(info -> info.key().substring(JOURNAL_PREFIX.length()))
                    .filter(name -> name.matches("[0-9]{10}"))
                    .forEach(name -> numbers.add(Long.parseLong(name)));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        numbers.sort(Comparator.naturalOrder());
        return numbers;
    }

    private Optional<String> readSmall(String key) throws IOException {
        return StoredObjects.readIfPresent(storage, key, MAX_SMALL_FILE).map(bytes -> new String(bytes, UTF_8));
    }

    private String where(String key) {
        return key + " in " + storage.describe();
    }

    private static List<JournalEntry> sorted(Collection<JournalEntry> changes) {
        TreeMap<String, JournalEntry> byPath = new TreeMap<>();
        for (JournalEntry e : changes) {
            if (byPath.put(e.path(), e) != null) {
                throw new IllegalArgumentException("two changes of '" + e.path() + "'");
            }
            if (ReservedKeys.isReserved(e.path())) {
                throw new IllegalArgumentException("'" + e.path() + "' is a reserved key, not a mirror file");
            }
        }
        return new ArrayList<>(byPath.values());
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }
}
