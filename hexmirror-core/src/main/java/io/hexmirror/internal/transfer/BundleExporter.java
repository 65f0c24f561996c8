package io.hexmirror.internal.transfer;

import static java.util.Objects.requireNonNull;

import io.hexmirror.HexMirrorException;
import io.hexmirror.generation.DerivedKeys;
import io.hexmirror.generation.Generation;
import io.hexmirror.generation.GenerationStore;
import io.hexmirror.generation.Journal;
import io.hexmirror.generation.JournalEntry;
import io.hexmirror.generation.PendingChange;
import io.hexmirror.generation.Sha256;
import io.hexmirror.mirror.ReservedKeys;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.Storage;
import io.hexmirror.transfer.BundleManifest;
import io.hexmirror.transfer.ExportOptions;
import io.hexmirror.transfer.ExportResult;
import io.hexmirror.transfer.GenerationMismatchException;
import io.hexmirror.transfer.GenerationRef;
import io.hexmirror.transfer.TransferRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a bundle of a mirror: what changed after a generation, or everything.
 *
 * <p>The files come from the mirror's journals: for {@code since N}, every path that a
 * generation after N changed, with the mirror's current content of it (or its removal when it is
 * gone); for a full export, every file. Their sizes and SHA-256 go into the manifest first, and
 * each file is checked against them while it is copied into the bundle. The bundle's target is the
 * mirror's current generation.
 *
 * <p>Before exporting, changes that a sync made without recording them (it stopped half-way) are
 * recorded, so nothing is missed. The caller holds the mirror's lock
 * ({@link io.hexmirror.mirror.MirrorLock}) so that no sync changes the mirror during the export.
 *
 * <p><b>Not API.</b> Implementation behind {@link io.hexmirror.HexMirror}, public only so that hexmirror's own
 * modules and tests can reach it; it may change or disappear in any release. Use the facade.
 */
public final class BundleExporter {
    private static final Logger LOG = LoggerFactory.getLogger(BundleExporter.class);
    private static final Comparator<JournalEntry> PUBLISH_ORDER =
            Comparator.comparingInt((JournalEntry e) -> PublishOrder.rank(e.path(), e.deleted())).thenComparing(JournalEntry::path);

    private final Storage source;

    public BundleExporter(Storage source) {
        this.source = requireNonNull(source, "source is null");
    }

    /**
     * Exports.
     *
     * @param bundle the file to write; with a volume size, the volumes {@code bundle.001},
     *     {@code bundle.002}, ...; none of them may exist
     * @throws GenerationMismatchException when the mirror has no such generation, or the request
     *     comes from a copy of another mirror or of another history
     * @throws IOException when the mirror cannot be read or the bundle cannot be written (a partly
     *     written bundle is deleted)
     */
    public ExportResult export(ExportOptions options, Path bundle) throws IOException, HexMirrorException {
        requireNonNull(options, "options is null");
        requireNonNull(bundle, "bundle is null");
        GenerationStore store = new GenerationStore(source);
        Optional<PendingChange> pending = store.pending();
        if (pending.isPresent() && pending.get().importing().isPresent()) {
            throw new GenerationMismatchException(source.describe() + ": " + pending.get().describe()
                    + " did not finish; import that bundle again before exporting from this mirror");
        }
        store.recordUnrecordedChanges();
        Generation current = store.current().orElseThrow(() -> new GenerationMismatchException(source.describe()
                + " has no generation: it holds no mirror yet (sync or import into it first)"));
        Optional<String> sinceId = checkBase(store, current, options);

        List<JournalEntry> files = inLayout(options.full() ? allFiles(store) : changesAfter(store, options.since()));
        files.sort(PUBLISH_ORDER);
        BundleLayout.Plan plan = BundleLayout.plan(files);
        List<GenerationRef> generations = new ArrayList<>();
        if (!options.full()) {
            for (Generation g : store.generationsAfter(options.since())) {
                generations.add(ref(g));
            }
            // An import checks that a bundle lists every generation it brings (BundleManifest).
            if (generations.size() != current.number() - options.since()) {
                throw new GenerationMismatchException(source.describe() + " has records of " + generations.size() + " of its"
                        + " generations " + (options.since() + 1) + " to " + current.number() + " (it took several at once from"
                        + " a bundle, or began as a copy); an incremental bundle lists each, so make a full export instead");
            }
        }
        BundleManifest manifest = new BundleManifest(BundleManifest.FORMAT_VERSION, current.mirrorId(), options.full(),
                options.since(), sinceId, ref(current), generations, Instant.now().truncatedTo(ChronoUnit.SECONDS),
                options.volumeSize(), plan.packs(), plan.entries());
        manifest.validate();

        LOG.info("exporting {}: {} files ({} bytes), {} removals", manifest.describe(), manifest.fileCount(),
                manifest.contentBytes(), manifest.removalCount());
        VolumeOutput out = new VolumeOutput(bundle, options.volumeSize());
        long bytes;
        try {
            bytes = BundleWriter.write(manifest, source, out);
            out.close();
        } catch (BundleWriter.ContentChangedException e) {
            out.discard();
            // Have the next export compare every file with the journal, record what differs, and carry it.
            store.beginPending(new PendingChange(PendingChange.SYNC, current.number(), Instant.EPOCH, Optional.empty()));
            throw new IOException(e.getMessage() + "; every file will be checked and the changes recorded when you export again",
                    e);
        } catch (IOException | RuntimeException | Error e) {
            out.discard();
            throw e;
        }
        List<String> unavailable = options.request().isPresent()
                ? RequestCheck.unavailable(options.request().get(), source) : List.of();
        return new ExportResult(manifest, out.files(), bytes, unavailable);
    }

    /** Checks the base generation (and the request's mirror) and returns the base's id. */
    private Optional<String> checkBase(GenerationStore store, Generation current, ExportOptions options)
            throws IOException, GenerationMismatchException {
        Optional<TransferRequest> request = options.request();
        if (request.isPresent() && request.get().generation() > 0 && !request.get().mirrorId().orElseThrow().equals(current.mirrorId())) {
            throw new GenerationMismatchException(request.get().describe() + ", but " + source.describe() + " is mirror "
                    + current.mirrorId() + ": the request is for another mirror");
        }
        long since = options.since();
        if (options.full() || since == 0) {
            return Optional.empty();
        }
        if (since > current.number()) {
            throw new GenerationMismatchException(source.describe() + " is at generation " + current.number()
                    + "; it has no generation " + since + " to export from (was the request made for another mirror?)");
        }
        Optional<Journal> base = store.journal(since);
        if (base.isEmpty()) {
            throw new GenerationMismatchException(source.describe() + " has no record of its generation " + since
                    + " (it has records of " + summary(store.journalNumbers()) + "); make a full export instead");
        }
        String id = base.get().generation().id();
        if (request.isPresent() && !request.get().generationId().orElseThrow().equals(id)) {
            throw new GenerationMismatchException(request.get().describe() + " (id " + request.get().generationId().get()
                    + "), but generation " + since + " of " + source.describe() + " has id " + id
                    + ": the requesting mirror has a history of its own; send it a full bundle");
        }
        return Optional.of(id);
    }

    /**
     * The files an import will take ({@link MirrorLayout}); anything else in the mirror (put there
     * by hand, say) is left out with a warning, so the bundle stays importable.
     */
    private List<JournalEntry> inLayout(List<JournalEntry> files) {
        List<JournalEntry> kept = new ArrayList<>(files.size());
        List<String> left = new ArrayList<>();
        for (JournalEntry e : files) {
            if (MirrorLayout.kindOf(e.path()).isPresent()) {
                kept.add(e);
            } else {
                left.add(e.path());
            }
        }
        if (!left.isEmpty()) {
            LOG.warn("{} holds {} file(s) outside a mirror's layout, not exported: {}", source.describe(), left.size(),
                    left.subList(0, Math.min(5, left.size())));
        }
        return kept;
    }

    /** Every path changed after {@code since}, with what it holds now. */
    private List<JournalEntry> changesAfter(GenerationStore store, long since) throws IOException {
        List<JournalEntry> result = new ArrayList<>();
        for (JournalEntry recorded : store.changesAfter(since).values()) {
            Optional<ObjectInfo> now = source.stat(recorded.path());
            if (now.isEmpty()) {
                result.add(JournalEntry.removed(recorded.path()));
            } else {
                result.add(current(recorded, now.get()));
            }
        }
        return result;
    }

    /** Every file of the mirror, as listed now. */
    private List<JournalEntry> allFiles(GenerationStore store) throws IOException {
        Map<String, JournalEntry> known = store.files();
        List<ObjectInfo> listed;
        try (Stream<ObjectInfo> stream = source.list("")) {
            listed = stream.filter(info -> !ReservedKeys.isReserved(info.key()) && !DerivedKeys.isDerived(info.key())).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        List<JournalEntry> result = new ArrayList<>();
        for (ObjectInfo info : listed) {
            result.add(current(known.get(info.key()), info));
        }
        return result;
    }

    /** The file as the journal describes it when the sizes agree; otherwise hashed now. */
    private JournalEntry current(JournalEntry recorded, ObjectInfo now) throws IOException {
        if (recorded != null && !recorded.deleted() && recorded.size() == now.size()) {
            return recorded;
        }
        if (now.sha256().isPresent() && Sha256.isValid(now.sha256().get())) {
            return JournalEntry.present(now.key(), now.size(), now.sha256().get());
        }
        LOG.debug("{} differs from its journal entry: hashing it", now.key());
        try (InputStream in = source.read(now.key())) {
            Sha256.Hashed hashed = Sha256.of(in);
            return JournalEntry.present(now.key(), hashed.size(), hashed.sha256());
        }
    }

    /** A list of generation numbers, shortened when long. */
    private static String summary(List<Long> numbers) {
        if (numbers.size() <= 10) {
            return "generations " + numbers;
        }
        return numbers.size() + " generations: " + numbers.subList(0, 5) + " ... " + numbers.subList(numbers.size() - 5, numbers.size());
    }

    private static GenerationRef ref(Generation g) {
        return new GenerationRef(g.number(), g.id(), g.createdAt());
    }
}
