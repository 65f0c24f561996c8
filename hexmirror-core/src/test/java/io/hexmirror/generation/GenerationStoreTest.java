package io.hexmirror.generation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.testkit.storage.MemoryStorage;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GenerationStoreTest {
    final MemoryStorage storage = new MemoryStorage();
    final GenerationStore store = new GenerationStore(storage);

    static JournalEntry file(String path, String content) {
        return JournalEntry.present(path, content.length(), Sha256.hex(content.getBytes(UTF_8)));
    }

    @Test
    void aMirrorNobodyRecordedIsAtGenerationZero() throws Exception {
        assertThat(store.current()).isEmpty();
        assertThat(store.currentNumber()).isZero();
        assertThat(store.files()).isEmpty();
        assertThat(store.pending()).isEmpty();
    }

    @Test
    void generationsCountUpInOneMirrorAndKeepTheirJournals() throws Exception {
        Generation first = store.commitLocal(List.of(file("names", "a"), file("tarballs/x-1.0.0.tar", "xx")), Generation.Origin.SYNC);
        Generation second = store.commitLocal(List.of(file("names", "b"), JournalEntry.removed("tarballs/x-1.0.0.tar"),
                file("packages/with space", "p")), Generation.Origin.SYNC);

        assertThat(first.number()).isEqualTo(1);
        assertThat(second.number()).isEqualTo(2);
        assertThat(second.mirrorId()).isEqualTo(first.mirrorId());
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(store.current()).contains(second);
        Journal journal = store.journal(2).orElseThrow();
        assertThat(journal.generation()).isEqualTo(second);
        assertThat(journal.base()).isEqualTo(1);
        assertThat(journal.entries()).containsExactly(file("names", "b"), file("packages/with space", "p"),
                JournalEntry.removed("tarballs/x-1.0.0.tar"));
        assertThat(store.changesAfter(0)).containsOnlyKeys("names", "packages/with space", "tarballs/x-1.0.0.tar")
                .containsEntry("names", file("names", "b"))
                .containsEntry("tarballs/x-1.0.0.tar", JournalEntry.removed("tarballs/x-1.0.0.tar"));
        assertThat(store.changesAfter(1)).hasSize(3);
        assertThat(store.changesAfter(2)).isEmpty();
        assertThat(store.files()).containsOnlyKeys("names", "packages/with space");
        assertThat(store.generationsAfter(0)).containsExactly(first, second);
    }

    @Test
    void theJournalIsReadableText() throws Exception {
        store.commitLocal(List.of(file("names", "a"), JournalEntry.removed("packages/old")), Generation.Origin.SYNC);

        String text = new String(storage.get(".hexmirror/journal/0000000001").orElseThrow(), UTF_8);
        assertThat(text).startsWith("# hexmirror journal").contains("\ngeneration=1\n").contains("\norigin=sync\n")
                .contains("\n+ " + Sha256.hex("a".getBytes(UTF_8)) + " 1 names\n").endsWith("\n- packages/old\n");
        assertThat(new String(storage.get(GenerationStore.GENERATION_KEY).orElseThrow(), UTF_8)).contains("generation=1\n");
    }

    @Test
    void aLocalChangeOnTopOfAnImportedGenerationStartsAMirrorOfItsOwn() throws Exception {
        Generation imported = new Generation(7, "id-7", "source-mirror", Instant.parse("2025-01-01T00:00:00Z"), Generation.Origin.IMPORT);
        store.commitImported(imported, 5, List.of(file("names", "a")));
        assertThat(store.current()).contains(imported);

        Generation local = store.commitLocal(List.of(file("names", "b")), Generation.Origin.SYNC);

        assertThat(local.number()).isEqualTo(8);
        assertThat(local.mirrorId()).isNotEqualTo("source-mirror");
        assertThat(store.journal(7).orElseThrow().base()).isEqualTo(5);
    }

    @Test
    void aJournalLeftAboveTheCurrentGenerationIsIgnoredAndReplaced() throws Exception {
        store.commitLocal(List.of(file("names", "a")), Generation.Origin.SYNC);
        storage.put(".hexmirror/journal/0000000002", "# stale\nformat=1\nmirror-id=m\ngeneration=2\ngeneration-id=x\n"
                + "created-at=2025-01-01T00:00:00Z\norigin=sync\nbase=1\n\n+ " + Sha256.hex(new byte[0]) + " 0 stale\n");

        assertThat(store.changesAfter(0)).containsOnlyKeys("names");
        store.commitLocal(List.of(file("versions", "v")), Generation.Origin.SYNC);
        assertThat(store.changesAfter(0)).containsOnlyKeys("names", "versions");
    }

    @Test
    void aDamagedGenerationFileIsAnErrorNamingIt() {
        storage.put(GenerationStore.GENERATION_KEY, "format=1\ngeneration=seven\n");

        assertThatThrownBy(store::current).isInstanceOf(IOException.class)
                .hasMessageContaining(".hexmirror/generation in memory").hasMessageContaining("generation 'seven' is not a number");
    }

    @Test
    void aMirrorWithFilesButNoGenerationGetsThemAsItsFirstGeneration() throws Exception {
        storage.put("names", "n");
        storage.put("tarballs/x-1.0.0.tar", "tar");

        Generation baseline = store.recordUnrecordedChanges().orElseThrow();

        assertThat(baseline.origin()).isEqualTo(Generation.Origin.BASELINE);
        assertThat(store.files()).containsOnlyKeys("names", "tarballs/x-1.0.0.tar")
                .containsEntry("tarballs/x-1.0.0.tar", file("tarballs/x-1.0.0.tar", "tar"));
        assertThat(store.recordUnrecordedChanges()).isEmpty();
    }

    @Test
    void changesOfAnInterruptedSyncAreFoundByComparingWithTheJournal() throws Exception {
        storage.put("names", "n1");
        storage.put("packages/a", "a1");
        storage.put("packages/b", "b1");
        store.recordUnrecordedChanges();
        store.beginPending(new PendingChange(PendingChange.SYNC, 1, Instant.parse("2025-01-01T00:00:00Z"), Optional.empty()));
        // Same size, other content: found by content because it changed after the sync started.
        storage.put("names", "n2");
        storage.put("packages/c", "c1");
        storage.delete("packages/b");

        Generation recovered = store.recordUnrecordedChanges().orElseThrow();

        assertThat(recovered.origin()).isEqualTo(Generation.Origin.RECOVERED);
        assertThat(store.journal(2).orElseThrow().entries()).containsExactly(file("names", "n2"), JournalEntry.removed("packages/b"),
                file("packages/c", "c1"));
        assertThat(store.pending()).isEmpty();
    }

    @Test
    void aPendingMarkWhoseChangeWasRecordedIsDropped() throws Exception {
        store.beginPending(new PendingChange(PendingChange.SYNC, 0, Instant.now(), Optional.empty()));
        store.commitLocal(List.of(file("names", "n")), Generation.Origin.SYNC);

        assertThat(store.recordUnrecordedChanges()).isEmpty();
        assertThat(store.pending()).isEmpty();
        assertThat(store.currentNumber()).isEqualTo(1);
    }

    @Test
    void aPendingImportRoundTrips() throws Exception {
        Generation importing = new Generation(9, "id-9", "m", Instant.parse("2025-02-03T04:05:06Z"), Generation.Origin.IMPORT);
        PendingChange change = new PendingChange(PendingChange.IMPORT, 7, Instant.parse("2025-02-04T00:00:00Z"), Optional.of(importing));

        store.beginPending(change);

        assertThat(store.pending()).contains(change);
    }
}
