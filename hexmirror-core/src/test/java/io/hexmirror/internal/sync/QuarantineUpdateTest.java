package io.hexmirror.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.generation.Quarantine;
import io.hexmirror.generation.QuarantinedRelease;
import io.hexmirror.sync.SyncFailure;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QuarantineUpdateTest {
    static final Instant EARLIER = Instant.parse("2026-11-01T10:00:00Z");
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    final QuarantinedRelease plug = entry("plug", "1.16.0");
    final QuarantinedRelease mime = entry("mime", "2.0.1");
    final QuarantinedRelease gone = entry("gone", "1.0.0");
    final Quarantine before = Quarantine.of(List.of(gone, mime, plug));

    @Test
    void failingAgainKeepsTheFirstTimeSeenAndMovesTheLastTry() {
        QuarantineUpdate update = QuarantineUpdate.of(before, List.of(found("plug", "1.16.0")), Set.of("plug"), Set.of(), NOW);

        QuarantinedRelease again = update.next().entriesOf("plug").get(0);
        assertThat(again.since()).isEqualTo(EARLIER);
        assertThat(again.lastTried()).isEqualTo(NOW);
        assertThat(update.cleared()).isEmpty();
        assertThat(update.changedFrom(before)).isTrue();
    }

    @Test
    void aPackageThatWentThroughIsClearedAndOneNoLongerMirroredIsDropped() {
        QuarantineUpdate update = QuarantineUpdate.of(before, List.of(), Set.of("plug", "mime"), Set.of("plug"), NOW);

        assertThat(update.cleared()).containsExactly(plug);
        // mime was tried and failed for a transient reason: nothing new is known; gone was not tried at all.
        assertThat(update.next().entries()).containsExactly(mime);
    }

    @Test
    void aNewlyBrokenReleaseReplacesTheOldEntriesOfItsPackage() {
        QuarantineUpdate update = QuarantineUpdate.of(before, List.of(found("plug", "1.17.0"), found("plug", "1.17.0")),
                Set.of("plug", "mime", "gone"), Set.of(), NOW);

        assertThat(update.next().entriesOf("plug")).singleElement().satisfies(e -> {
            assertThat(e.version()).contains("1.17.0");
            assertThat(e.since()).isEqualTo(NOW);
        });
        assertThat(update.next().packages()).containsExactly("gone", "mime", "plug");
    }

    @Test
    void nothingFoundAndNothingBeforeIsUnchanged() {
        QuarantineUpdate update = QuarantineUpdate.of(Quarantine.of(List.of()), List.of(), Set.of("plug"), Set.of("plug"), NOW);

        assertThat(update.next().isEmpty()).isTrue();
        assertThat(update.changedFrom(Quarantine.of(List.of()))).isFalse();
    }

    private static QuarantinedRelease entry(String name, String version) {
        return new QuarantinedRelease(name, Optional.of(version), "tarballs/" + name + "-" + version + ".tar", "bad",
                EARLIER, EARLIER);
    }

    private static SyncCounters.Deterministic found(String name, String version) {
        return new SyncCounters.Deterministic(name, Optional.of(version),
                new SyncFailure("tarballs/" + name + "-" + version + ".tar", "outer checksum does not match"));
    }
}
