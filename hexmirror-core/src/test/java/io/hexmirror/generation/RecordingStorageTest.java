package io.hexmirror.generation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.testkit.storage.MemoryStorage;
import org.junit.jupiter.api.Test;

class RecordingStorageTest {
    final MemoryStorage storage = new MemoryStorage();
    final GenerationStore store = new GenerationStore(storage);
    final RecordingStorage recording = new RecordingStorage(storage, () -> { });

    /**
     * Not the content's hash: a journal that holds it shows the hash came from the options. Callers
     * never do this; the contract says the given hash is the content's.
     */
    static final String GIVEN = "ab".repeat(32);

    @Test
    void aWriteOfBytesWithAGivenSha256IsRecordedWithItUnhashed() throws Exception {
        recording.write("tarballs/x-1.0.0.tar", "tar".getBytes(UTF_8), WriteOptions.defaults().withSha256(GIVEN));

        assertThat(recording.changes(store)).containsExactly(JournalEntry.present("tarballs/x-1.0.0.tar", 3, GIVEN));
    }

    @Test
    void aStreamedWriteWithAGivenSha256IsRecordedWithItAndItsCountedSize() throws Exception {
        try (ObjectWrite write = recording.write("tarballs/x-1.0.0.tar", WriteOptions.defaults().withSha256(GIVEN).withDeferredSync())) {
            write.stream().write("tar".getBytes(UTF_8));
            write.stream().write('!');
            write.commit();
        }

        assertThat(recording.changes(store)).containsExactly(JournalEntry.present("tarballs/x-1.0.0.tar", 4, GIVEN));
    }

    @Test
    void writesWithoutASha256AreHashed() throws Exception {
        recording.write("names", "n".getBytes(UTF_8), WriteOptions.defaults());
        try (ObjectWrite write = recording.write("tarballs/x-1.0.0.tar", WriteOptions.defaults())) {
            write.stream().write("tar!".getBytes(UTF_8));
            write.commit();
        }

        assertThat(recording.changes(store)).containsExactlyInAnyOrder(
                GenerationStoreTest.file("names", "n"),
                GenerationStoreTest.file("tarballs/x-1.0.0.tar", "tar!"));
    }
}
