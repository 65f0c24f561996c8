package io.hexmirror.docs;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.hexmirror.files.StoredObjects;
import io.hexmirror.generation.Generation;
import io.hexmirror.generation.GenerationStore;
import io.hexmirror.generation.JournalEntry;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The mirror generation up to which the browsable docs tree was last brought up to date with the docs
 * tarballs, so that a sync or an import checks only the versions whose tarball a generation changed
 * since (from the journals) or that have no marker (one listing), instead of reading the marker of
 * every mirrored version (20,000 file reads at hex.pm's size, on every sync with nothing new).
 *
 * <p>Without a usable record (a mirror from before it, a writer's change not recorded yet, a
 * generation the journals no longer hold because an import replaced the history) every version is
 * checked, as before. The record is written only after an update that refused nothing and whose
 * files are durable, with the generation that holds the tarballs it derived from: a crash or a
 * refused version leaves the older record, and the next run checks those versions again.
 */
final class TreeCheckpoint {
    static final String KEY = ".hexmirror/docs/tree-generation";

    private TreeCheckpoint() {
    }

    /** Of these versions, those whose tree may be missing or stale; empty when there is no usable record (check every one). */
    static Optional<List<DocsRelease>> candidates(Storage storage, List<DocsRelease> releases) throws IOException {
        Optional<Set<DocsRelease>> changed = changedSinceRecord(storage);
        // The markers are listed only when the record is usable: without one, every version is checked anyway.
        return changed.isEmpty() ? Optional.empty() : Optional.of(candidates(releases, changed.get(), DocsTree.derived(storage)));
    }

    /** {@link #candidates(Storage, List)} with the versions that have a derived tree already listed ({@link DocsTree#derived}). */
    static Optional<List<DocsRelease>> candidates(Storage storage, List<DocsRelease> releases, Set<DocsRelease> derived)
            throws IOException {
        return changedSinceRecord(storage).map(changed -> candidates(releases, changed, derived));
    }

    private static List<DocsRelease> candidates(List<DocsRelease> releases, Set<DocsRelease> changed, Set<DocsRelease> derived) {
        List<DocsRelease> out = new ArrayList<>();
        for (DocsRelease release : releases) {
            if (changed.contains(release) || !derived.contains(release)) {
                out.add(release);
            }
        }
        return out;
    }

    /** Records the mirror's current generation as the one the tree is up to date with; writes only when it changed. */
    static void record(Storage storage) throws IOException {
        Optional<Generation> current = new GenerationStore(storage).current();
        if (current.isEmpty()) {
            return;
        }
        byte[] text = (current.get().number() + " " + current.get().id() + "\n").getBytes(UTF_8);
        if (!storage.contentEquals(KEY, text)) {
            storage.write(KEY, text, WriteOptions.defaults());
        }
    }

    /** The docs versions whose tarball a generation after the recorded one wrote or removed; empty when unusable. */
    private static Optional<Set<DocsRelease>> changedSinceRecord(Storage storage) throws IOException {
        Optional<byte[]> text = StoredObjects.readIfPresent(storage, KEY, 1024);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String[] fields = new String(text.get(), UTF_8).trim().split(" ");
        long number;
        try {
            number = fields.length == 2 ? Long.parseLong(fields[0]) : -1;
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        GenerationStore store = new GenerationStore(storage);
        Optional<Generation> current = store.current();
        if (number < 1 || current.isEmpty() || current.get().number() < number || store.pending().isPresent()) {
            return Optional.empty();
        }
        if (current.get().number() == number) {
            return current.get().id().equals(fields[1]) ? Optional.of(Set.of()) : Optional.empty();
        }
        List<Generation> since = store.generationsAfter(number - 1);
        if (since.isEmpty() || since.get(0).number() != number || !since.get(0).id().equals(fields[1])) {
            return Optional.empty();
        }
        Set<DocsRelease> changed = new HashSet<>();
        for (JournalEntry entry : store.changesAfter(number).values()) {
            DocsRelease.fromTarballKey(entry.path()).ifPresent(changed::add);
        }
        return Optional.of(changed);
    }
}
