package io.hexmirror.generation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.testkit.storage.MemoryStorage;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenerationRecorderTest {
    final MemoryStorage storage = new MemoryStorage();
    final GenerationStore store = new GenerationStore(storage);

    @Test
    void writesAndDeletesBecomeOneGenerationAndBookkeepingIsLeftOut() throws Exception {
        storage.put("packages/old", "old");
        store.recordUnrecordedChanges();

        String result = GenerationRecorder.record(storage, s -> {
            s.write("names", "n".getBytes(UTF_8), WriteOptions.defaults());
            try (ObjectWrite w = s.write("tarballs/x-1.0.0.tar", WriteOptions.defaults())) {
                w.stream().write("tar".getBytes(UTF_8));
                w.stream().write('!');
                w.commit();
            }
            try (ObjectWrite w = s.write("tarballs/abandoned-1.0.0.tar", WriteOptions.defaults())) {
                w.stream().write(1);
            }
            s.delete("packages/old");
            s.delete("packages/never-there");
            s.write(".hexmirror/upstream-etags", "e".getBytes(UTF_8), WriteOptions.defaults());
            return "done";
        });

        assertThat(result).isEqualTo("done");
        Journal journal = store.journal(2).orElseThrow();
        assertThat(journal.generation().origin()).isEqualTo(Generation.Origin.SYNC);
        assertThat(journal.entries()).containsExactly(
                GenerationStoreTest.file("names", "n"),
                JournalEntry.removed("packages/old"),
                GenerationStoreTest.file("tarballs/x-1.0.0.tar", "tar!"));
        assertThat(store.pending()).isEmpty();
    }

    @Test
    void workThatChangesNothingMakesNoGenerationAndWritesNoBookkeeping() throws Exception {
        GenerationRecorder.record(storage, s -> s.stat("names"));

        assertThat(store.current()).isEmpty();
        assertThat(storage.changes()).isEmpty();
    }

    @Test
    void workThatFailsPartWayStillRecordsWhatItChanged() {
        assertThatThrownBy(() -> GenerationRecorder.record(storage, s -> {
            s.write("tarballs/x-1.0.0.tar", "tar".getBytes(UTF_8), WriteOptions.defaults());
            throw new IOException("upstream went away");
        })).hasMessage("upstream went away");

        assertThat(uncheckedCurrentNumber()).isEqualTo(1);
        assertThat(uncheckedFiles()).containsOnlyKeys("tarballs/x-1.0.0.tar");
    }

    @Test
    void aFailedCommitThatChangedNothingIsNotRecorded() throws Exception {
        storage.put("names", "n");
        store.recordUnrecordedChanges();
        storage.failChangesOf("names");

        assertThatThrownBy(() -> GenerationRecorder.record(storage, s -> {
            s.write("names", "new".getBytes(UTF_8), WriteOptions.defaults());
            return null;
        })).hasMessageContaining("injected failure");

        assertThat(store.currentNumber()).isEqualTo(1);
        assertThat(store.pending()).isEmpty();
    }

    @Test
    void whenRecordingFailsTheMarkStaysAndTheNextRunRecordsTheChanges() throws Exception {
        storage.failChangesOf(GenerationStore.GENERATION_KEY);

        assertThatThrownBy(() -> GenerationRecorder.record(storage, s -> {
            s.write("names", "n".getBytes(UTF_8), WriteOptions.defaults());
            return null;
        })).hasMessageContaining(GenerationStore.GENERATION_KEY);
        assertThat(store.pending()).isPresent();
        assertThat(store.current()).isEmpty();

        storage.clearFailures();
        GenerationRecorder.record(storage, s -> null);

        assertThat(store.current().orElseThrow().origin()).isEqualTo(Generation.Origin.RECOVERED);
        assertThat(store.files()).containsOnlyKeys("names");
        assertThat(store.pending()).isEmpty();
    }

    private long uncheckedCurrentNumber() {
        try {
            return store.currentNumber();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private java.util.Map<String, JournalEntry> uncheckedFiles() {
        try {
            return store.files();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
