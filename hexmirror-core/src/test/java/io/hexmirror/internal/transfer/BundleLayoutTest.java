package io.hexmirror.internal.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.generation.JournalEntry;
import io.hexmirror.transfer.BundleEntry;
import io.hexmirror.transfer.BundleManifest;
import java.util.List;
import org.junit.jupiter.api.Test;

class BundleLayoutTest {
    static final String SHA = "0".repeat(64);

    @Test
    void filesGoBackToBackIntoPacksThatStartAnewAtTheLimit() {
        long mib = 1L << 20;
        BundleLayout.Plan plan = BundleLayout.plan(List.of(
                JournalEntry.present("a", 100 * mib, SHA),
                JournalEntry.removed("gone"),
                JournalEntry.present("b", 150 * mib, SHA),
                JournalEntry.present("c", 10 * mib, SHA),
                JournalEntry.present("huge", 300 * mib, SHA),
                JournalEntry.present("empty", 0, SHA)));

        assertThat(plan.packs()).containsExactly(
                new BundleManifest.Pack("data/000001", 250 * mib),
                new BundleManifest.Pack("data/000002", 10 * mib),
                new BundleManifest.Pack("data/000003", 300 * mib));
        assertThat(plan.entries()).containsExactly(
                BundleEntry.file("a", 100 * mib, SHA, "data/000001", 0),
                BundleEntry.removal("gone"),
                BundleEntry.file("b", 150 * mib, SHA, "data/000001", 100 * mib),
                BundleEntry.file("c", 10 * mib, SHA, "data/000002", 0),
                BundleEntry.file("huge", 300 * mib, SHA, "data/000003", 0),
                BundleEntry.file("empty", 0, SHA, "data/000003", 300 * mib));
    }

    @Test
    void onlyRemovalsNeedNoPack() {
        assertThat(BundleLayout.plan(List.of(JournalEntry.removed("gone"))).packs()).isEmpty();
    }

    @Test
    void tarLengthIsHeadersPaddedContentAndTheEndMarker() {
        assertThat(BundleLayout.tarBytes(100, List.of(new BundleManifest.Pack("data/000001", 513))))
                .isEqualTo(512 + 512 + 512 + 1024 + 1024);
    }
}
