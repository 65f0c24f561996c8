package io.hexmirror.generation;

import static java.util.Objects.requireNonNull;

import io.hexmirror.storage.Storage;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Records what a sync changes in a mirror as a new generation.
 *
 * <p>{@link #record} first records whatever an earlier writer left unrecorded (see
 * {@link GenerationStore#recordUnrecordedChanges()}), then runs the work against a storage that
 * remembers every committed write and delete outside the reserved prefix. Before the first change
 * it marks a change as pending; afterwards, if anything changed, it writes the journal and the
 * generation, then removes the mark. It does so also when the work fails part-way, so that
 * exports never miss what a failed sync published; if even that is impossible (the process dies,
 * the storage fails), the mark stays and the next writer finds the changes by comparing the
 * storage with the journals.
 *
 * <p>The caller holds the mirror's lock.
 */
public final class GenerationRecorder {
    private GenerationRecorder() {
    }

    /** Work done against the recording storage. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run(Storage recording) throws IOException, E;
    }

    /**
     * Runs {@code work} and records what it changed as a new generation (none when it changed nothing).
     *
     * @return what the work returned
     * @throws IOException when recording fails (the work's own failure, if any, comes first)
     */
    public static <T, E extends Exception> T record(Storage storage, Work<T, E> work) throws IOException, E {
        requireNonNull(storage, "storage is null");
        requireNonNull(work, "work is null");
        GenerationStore store = new GenerationStore(storage);
        store.recordUnrecordedChanges();
        long base = store.currentNumber();
        RecordingStorage recording = new RecordingStorage(storage, () -> store.beginPending(
                new PendingChange(PendingChange.SYNC, base, GenerationStore.now(), Optional.empty())));
        T result;
        try {
            result = work.run(recording);
        } catch (Throwable failure) {
            try {
                finish(store, recording);
            } catch (Throwable alsoFailed) {
                failure.addSuppressed(alsoFailed);
            }
            throw failure;
        }
        finish(store, recording);
        return result;
    }

    private static void finish(GenerationStore store, RecordingStorage recording) throws IOException {
        if (!recording.started()) {
            return;
        }
        List<JournalEntry> changes = recording.changes(store);
        if (!changes.isEmpty()) {
            store.commitLocal(changes, Generation.Origin.SYNC);
        }
        store.clearPending();
    }
}
