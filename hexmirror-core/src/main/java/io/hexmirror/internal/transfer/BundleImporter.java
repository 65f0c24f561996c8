package io.hexmirror.internal.transfer;

import static java.util.Objects.requireNonNull;

import io.hexmirror.HexMirrorException;
import io.hexmirror.VerificationException;
import io.hexmirror.files.LocalFiles;
import io.hexmirror.generation.DerivedKeys;
import io.hexmirror.generation.Generation;
import io.hexmirror.generation.GenerationStore;
import io.hexmirror.generation.JournalEntry;
import io.hexmirror.generation.PendingChange;
import io.hexmirror.internal.sync.StagingDirectory;
import io.hexmirror.mirror.ReservedKeys;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.Storage;
import io.hexmirror.transfer.BundleEntry;
import io.hexmirror.transfer.BundleFileCheck;
import io.hexmirror.transfer.BundleManifest;
import io.hexmirror.transfer.ImportResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a bundle to a mirror, checking everything before publishing anything.
 *
 * <p>Steps: find the bundle's volumes and check that all are there and complete; read the
 * manifest and check that the bundle applies to the mirror's generation (see {@link ImportCheck};
 * a mirror that already has everything the bundle brings is left alone); copy every file to a
 * local staging directory, checking each against the manifest's SHA-256; verify every registry
 * file's signature and origin and every tarball against the registry files it will be served with
 * ({@link ImportVerifier}). Only then: mark the import as pending in the mirror, publish the files
 * in the order a sync uses (tarballs, package files, {@code /versions}, {@code /names}, then
 * removals; a full bundle also removes every file it does not hold), record the bundle's target
 * generation, and clear the mark.
 *
 * <p>Every write is atomic, so an import stopped at any point leaves a mirror whose package files
 * all have their tarballs (as with a sync, a release replaced under the same version is the one
 * exception for a moment), still at its previous generation; running the same import again
 * completes it. Importing a bundle twice changes nothing the second time.
 *
 * <p>The caller holds the mirror's lock ({@link io.hexmirror.mirror.MirrorLock}).
 *
 * <p><b>Not API.</b> Implementation behind {@link io.hexmirror.HexMirror}, public only so that hexmirror's own
 * modules and tests can reach it; it may change or disappear in any release. Use the facade.
 */
public final class BundleImporter {
    private static final Logger LOG = LoggerFactory.getLogger(BundleImporter.class);

    private final Storage target;
    private final RegistryReader reader;
    private final Path workDir;
    private final Optional<PublicKey> installsKey;
    private BundleFileCheck fileCheck = BundleFileCheck.NONE;

    /**
     * An importer with no key for installer files: it refuses a bundle that brings files under
     * {@code installs/}, as nothing could vouch for them.
     *
     * @param target the mirror to import into
     * @param reader verifies registry files: the key and repository name the mirror's clients trust
     * @param workDir where to stage the bundle's files (needs as much free space as the bundle)
     */
    public BundleImporter(Storage target, RegistryReader reader, Path workDir) {
        this(target, reader, workDir, Optional.empty());
    }

    /**
     * An importer that also takes installer files, checked as a sync checks them.
     *
     * @param target the mirror to import into
     * @param reader verifies registry files: the key and repository name the mirror's clients trust
     * @param workDir where to stage the bundle's files (needs as much free space as the bundle)
     * @param installsKey the key the {@code installs/} CSVs' {@code .signed} files must verify with
     *     (for hex.pm's installers, the Elixir team's key)
     */
    public BundleImporter(Storage target, RegistryReader reader, Path workDir, PublicKey installsKey) {
        this(target, reader, workDir, Optional.of(requireNonNull(installsKey, "installsKey is null")));
    }

    private BundleImporter(Storage target, RegistryReader reader, Path workDir, Optional<PublicKey> installsKey) {
        this.target = requireNonNull(target, "target is null");
        this.reader = requireNonNull(reader, "reader is null");
        this.workDir = requireNonNull(workDir, "workDir is null");
        this.installsKey = installsKey;
    }

    /** Also applies this check to the bundle's other files (docs tarballs) before publishing anything. */
    public BundleImporter withFileCheck(BundleFileCheck check) {
        this.fileCheck = requireNonNull(check, "check is null");
        return this;
    }

    /**
     * Imports a bundle.
     *
     * @param bundle the bundle file, or its volumes (see {@code BundleVolumes}: naming the first
     *     volume or the bundle's name finds the others next to it)
     * @throws GenerationMismatchException when the bundle does not apply to the mirror's generation
     * @throws VerificationException when the bundle is incomplete, damaged, or carries a file that
     *     fails verification
     * @throws IOException when the bundle's files, the staging directory or the mirror cannot be used
     */
    public ImportResult importBundle(List<Path> bundle) throws IOException, HexMirrorException {
        List<Path> files = BundleVolumes.resolve(bundle);
        GenerationStore store = new GenerationStore(target);
        Optional<PendingChange> pending = store.pending();
        Optional<Generation> before = store.current();
        if (pending.isPresent() && pending.get().importing().isPresent() && before.isPresent()
                && before.get().id().equals(pending.get().importing().get().id())) {
            // An import that recorded its generation but stopped before clearing its mark.
            store.clearPending();
            pending = Optional.empty();
        }
        if (pending.isPresent() && pending.get().importing().isEmpty()) {
            // A sync changed this mirror and stopped before recording it: record it now (the mirror
            // then has a history of its own, and the check below tells).
            store.recordUnrecordedChanges();
            pending = store.pending();
        }
        Optional<Generation> current = store.current();
        long previous = current.map(Generation::number).orElse(0L);
        try (BundleReader bundleReader = BundleReader.open(files)) {
            BundleManifest manifest = bundleReader.readManifest();
            Optional<String> recordedTargetId = store.journal(manifest.target().number()).map(j -> j.generation().id());
            // Whether files are there matters only to a mirror without a generation; finding out lists the mirror.
            boolean hasFiles = current.isEmpty() && store.hasFiles();
            ImportCheck.Decision decision = ImportCheck.decide(manifest, target.describe(), current, hasFiles, pending,
                    recordedTargetId);
            if (decision == ImportCheck.Decision.ALREADY_APPLIED) {
                LOG.info("{} is at generation {}: it already has {}", target.describe(), previous, manifest.describe());
                return new ImportResult(ImportResult.Outcome.ALREADY_APPLIED, previous, previous, manifest.mirrorId(), 0, 0, 0);
            }
            Path staging = StagingDirectory.create(workDir, "import");
            try {
                LOG.info("reading and checking {} ({} files, {} removals)", manifest.describe(), manifest.fileCount(),
                        manifest.removalCount());
                StagedBundle staged = bundleReader.stage(staging);
                List<BundleEntry> implicitRemovals = manifest.full() ? filesNotIn(manifest) : List.of();
                LOG.info("verifying signatures and checksums");
                new ImportVerifier(target, reader, fileCheck, installsKey).verify(staged, implicitRemovals);
                return publish(store, staged, implicitRemovals, previous);
            } finally {
                LocalFiles.deleteAsFarAsPossible(staging);
            }
        }
    }

    private ImportResult publish(GenerationStore store, StagedBundle staged, List<BundleEntry> implicitRemovals, long previous)
            throws IOException {
        BundleManifest m = staged.manifest();
        Generation generation = new Generation(m.target().number(), m.target().id(), m.mirrorId(), m.target().createdAt(),
                Generation.Origin.IMPORT);
        store.beginPending(new PendingChange(PendingChange.IMPORT, previous, Instant.now().truncatedTo(ChronoUnit.SECONDS),
                Optional.of(generation)));
        List<BundleEntry> ordered = new ArrayList<>(m.entries());
        ordered.addAll(implicitRemovals);
        ordered.sort(PublishOrder.ENTRIES);
        LOG.info("publishing {} files and {} removals into {}", m.fileCount(), ordered.size() - m.fileCount(), target.describe());
        Publisher publisher = new Publisher(target);
        publisher.publish(ordered, staged.files());
        List<JournalEntry> journal = new ArrayList<>();
        for (BundleEntry e : ordered) {
            journal.add(e.deleted() ? JournalEntry.removed(e.path()) : JournalEntry.present(e.path(), e.size(), e.sha256()));
        }
        store.commitImported(generation, m.baseGeneration(), journal);
        store.clearPending();
        return new ImportResult(ImportResult.Outcome.IMPORTED, previous, generation.number(), m.mirrorId(), publisher.written(),
                publisher.removed(), publisher.bytes());
    }

    /**
     * For a full bundle: removals of the mirror's package files and tarballs that the bundle does
     * not hold (the verifier checks that the bundle's registry justifies each). {@code names},
     * {@code versions} and {@code public_key} are never removed, and files outside the mirror's
     * layout are left alone: no bundle could justify touching them.
     */
    private List<BundleEntry> filesNotIn(BundleManifest m) throws IOException {
        Set<String> inBundle = new HashSet<>();
        m.entries().forEach(e -> inBundle.add(e.path()));
        List<BundleEntry> removals = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        try (Stream<ObjectInfo> listed = target.list("")) {
            listed.map(ObjectInfo::key)
                    .filter(key -> !ReservedKeys.isReserved(key) && !DerivedKeys.isDerived(key) && !inBundle.contains(key))
                    .forEach(key -> {
                        Optional<MirrorLayout.Kind> kind = MirrorLayout.kindOf(key);
                        if (kind.isEmpty()) {
                            foreign.add(key);
                        } else if (kind.get().removable()) {
                            removals.add(BundleEntry.removal(key));
                        }
                    });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (!foreign.isEmpty()) {
            LOG.warn("{} holds {} file(s) outside a mirror's layout, left as they are: {}", target.describe(), foreign.size(),
                    foreign.subList(0, Math.min(5, foreign.size())));
        }
        return removals;
    }

}
