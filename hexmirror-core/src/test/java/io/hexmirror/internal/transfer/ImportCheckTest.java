package io.hexmirror.internal.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.generation.Generation;
import io.hexmirror.generation.PendingChange;
import io.hexmirror.transfer.BundleManifest;
import io.hexmirror.transfer.GenerationMismatchException;
import io.hexmirror.transfer.GenerationRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ImportCheckTest {
    static final Instant T = Instant.parse("2025-03-04T05:06:07Z");

    /** A bundle of mirror "m" from generation 7 to 9. */
    static BundleManifest bundle(boolean full, long base) {
        List<GenerationRef> generations = full ? List.of()
                : List.of(new GenerationRef(8, "id-8", T), new GenerationRef(9, "id-9", T));
        return new BundleManifest(1, "m", full, base, base == 0 ? Optional.empty() : Optional.of("id-" + base),
                new GenerationRef(9, "id-9", T), generations, T, OptionalLong.empty(), List.of(), List.of());
    }

    static Optional<Generation> at(long number, String id, String mirror) {
        return Optional.of(new Generation(number, id, mirror, T, Generation.Origin.IMPORT));
    }

    static ImportCheck.Decision decide(BundleManifest m, Optional<Generation> current, boolean hasFiles) throws Exception {
        return ImportCheck.decide(m, "target", current, hasFiles, Optional.empty(), Optional.empty());
    }

    @Test
    void appliesToItsBaseGeneration() throws Exception {
        assertThat(decide(bundle(false, 7), at(7, "id-7", "m"), true)).isEqualTo(ImportCheck.Decision.APPLY);
    }

    @Test
    void appliesToAGenerationBetweenBaseAndTargetThatItLists() throws Exception {
        assertThat(decide(bundle(false, 7), at(8, "id-8", "m"), true)).isEqualTo(ImportCheck.Decision.APPLY);
    }

    @Test
    void isANoOpAtOrBeyondItsTarget() throws Exception {
        assertThat(decide(bundle(false, 7), at(9, "id-9", "m"), true)).isEqualTo(ImportCheck.Decision.ALREADY_APPLIED);
        assertThat(decide(bundle(false, 7), at(12, "id-12", "m"), true)).isEqualTo(ImportCheck.Decision.ALREADY_APPLIED);
    }

    @Test
    void anEmptyMirrorTakesAFullBundleOrOneSinceTheBeginning() throws Exception {
        assertThat(decide(bundle(true, 0), Optional.empty(), false)).isEqualTo(ImportCheck.Decision.APPLY);
        assertThat(decide(bundle(false, 0), Optional.empty(), false)).isEqualTo(ImportCheck.Decision.APPLY);
        assertThatThrownBy(() -> decide(bundle(false, 7), Optional.empty(), false))
                .isInstanceOf(GenerationMismatchException.class)
                .hasMessage("target is empty (generation 0), but this bundle needs generation 7 (it brings generations 8 to 9)."
                        + " Import a full bundle first (a full export), or send a request for one.");
    }

    @Test
    void aFullBundleReplacesAnyEarlierGenerationOfItsMirror() throws Exception {
        assertThat(decide(bundle(true, 0), at(3, "id-3", "m"), true)).isEqualTo(ImportCheck.Decision.APPLY);
    }

    @Test
    void aFullBundleIsSkippedOnlyAtItsOwnGenerationOrOneThatPassedThroughIt() throws Exception {
        assertThat(decide(bundle(true, 0), at(9, "id-9", "m"), true)).isEqualTo(ImportCheck.Decision.ALREADY_APPLIED);
        assertThat(ImportCheck.decide(bundle(true, 0), "target", at(12, "id-12", "m"), true, Optional.empty(), Optional.of("id-9")))
                .isEqualTo(ImportCheck.Decision.ALREADY_APPLIED);
    }

    @Test
    void aFullBundleRepairsAMirrorWhoseGenerationItCannotAccountFor() throws Exception {
        // A forged bundle claimed a huge generation: a genuine full bundle must still apply.
        assertThat(decide(bundle(true, 0), at(1_000_000_000_000L, "forged", "m"), true)).isEqualTo(ImportCheck.Decision.APPLY);
        assertThat(decide(bundle(true, 0), at(9, "forged", "m"), true)).isEqualTo(ImportCheck.Decision.APPLY);
        // And it finishes over an interrupted import of any generation, since it rewrites every file.
        Generation huge = new Generation(1_000_000_000_000L, "forged", "m", T, Generation.Origin.IMPORT);
        PendingChange interrupted = new PendingChange(PendingChange.IMPORT, 7, T, Optional.of(huge));
        assertThat(ImportCheck.decide(bundle(true, 0), "target", at(7, "id-7", "m"), true, Optional.of(interrupted), Optional.empty()))
                .isEqualTo(ImportCheck.Decision.APPLY);
    }

    @Test
    void anOlderGenerationIsRefusedNamingBoth() {
        assertThatThrownBy(() -> decide(bundle(false, 7), at(5, "id-5", "m"), true))
                .isInstanceOf(GenerationMismatchException.class)
                .hasMessageStartingWith("target is at generation 5, but this bundle needs generation 7 (it brings generations 8 to 9)");
    }

    @Test
    void anotherHistoryWithTheSameNumbersIsRefused() {
        assertThatThrownBy(() -> decide(bundle(false, 7), at(7, "other", "m"), true))
                .isInstanceOf(GenerationMismatchException.class).hasMessageContaining("is at generation 7 (id other)");
        assertThatThrownBy(() -> decide(bundle(false, 7), at(8, "other", "m"), true))
                .isInstanceOf(GenerationMismatchException.class).hasMessageContaining("is at generation 8 (id other)");
        assertThatThrownBy(() -> decide(bundle(false, 7), at(9, "other", "m"), true))
                .isInstanceOf(GenerationMismatchException.class);
    }

    @Test
    void anotherMirrorIsRefused() {
        assertThatThrownBy(() -> decide(bundle(false, 7), at(7, "id-7", "elsewhere"), true))
                .isInstanceOf(GenerationMismatchException.class)
                .hasMessageContaining("is a copy of mirror elsewhere (at generation 7), but this bundle comes from mirror m");
    }

    @Test
    void filesWithoutAGenerationAreRefused() {
        assertThatThrownBy(() -> decide(bundle(true, 0), Optional.empty(), true))
                .isInstanceOf(GenerationMismatchException.class).hasMessageContaining("holds files but no generation");
    }

    @Test
    void anInterruptedImportIsFinishedFirst() throws Exception {
        Generation eight = new Generation(8, "id-8", "m", T, Generation.Origin.IMPORT);
        PendingChange interrupted = new PendingChange(PendingChange.IMPORT, 7, T, Optional.of(eight));
        assertThat(ImportCheck.decide(bundle(false, 7), "target", at(7, "id-7", "m"), true, Optional.of(interrupted), Optional.empty()))
                .isEqualTo(ImportCheck.Decision.APPLY);

        Generation ten = new Generation(10, "id-10", "m", T, Generation.Origin.IMPORT);
        PendingChange later = new PendingChange(PendingChange.IMPORT, 7, T, Optional.of(ten));
        assertThatThrownBy(() -> ImportCheck.decide(bundle(false, 7), "target", at(7, "id-7", "m"), true, Optional.of(later), Optional.empty()))
                .isInstanceOf(GenerationMismatchException.class)
                .hasMessageContaining("an import of generation 10 of mirror m was interrupted");
        // An interrupted first import leaves files but no generation: the same bundle may go again.
        PendingChange first = new PendingChange(PendingChange.IMPORT, 0, T, Optional.of(new Generation(9, "id-9", "m", T,
                Generation.Origin.IMPORT)));
        assertThat(ImportCheck.decide(bundle(true, 0), "target", Optional.empty(), true, Optional.of(first), Optional.empty()))
                .isEqualTo(ImportCheck.Decision.APPLY);
    }
}
