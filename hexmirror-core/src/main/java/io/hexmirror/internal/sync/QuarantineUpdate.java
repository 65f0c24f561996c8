package io.hexmirror.internal.sync;

import io.hexmirror.generation.Quarantine;
import io.hexmirror.generation.QuarantinedRelease;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Works out the mirror's quarantine after a sync from the one before and what the sync found.
 *
 * <p>A package that failed deterministically this time gets this sync's entries (keeping the first
 * time each release was seen failing). A package that went through is cleared. A package that was
 * tried and failed for a transient reason keeps its old entries: nothing new is known. A package the
 * sync no longer mirrors (gone upstream, no longer selected) loses its entries.
 *
 * @param next the record to save
 * @param cleared the entries of packages that went through this time
 */
record QuarantineUpdate(Quarantine next, List<QuarantinedRelease> cleared) {

    static QuarantineUpdate of(Quarantine before, List<SyncCounters.Deterministic> found, Set<String> tried,
            Set<String> succeeded, Instant now) {
        Map<String, Instant> firstSeen = new HashMap<>();
        before.entries().forEach(e -> firstSeen.put(e.name() + " " + e.version().orElse("-"), e.since()));
        List<QuarantinedRelease> next = new ArrayList<>();
        Set<String> foundPackages = new TreeSet<>();
        Map<String, Boolean> seen = new HashMap<>();
        for (SyncCounters.Deterministic d : found) {
            String id = d.name() + " " + d.version().orElse("-");
            if (seen.putIfAbsent(id, Boolean.TRUE) != null) {
                continue;
            }
            foundPackages.add(d.name());
            next.add(new QuarantinedRelease(d.name(), d.version(), d.failure().subject(), d.failure().message(),
                    firstSeen.getOrDefault(id, now), now));
        }
        List<QuarantinedRelease> cleared = new ArrayList<>();
        for (QuarantinedRelease old : before.entries()) {
            if (foundPackages.contains(old.name())) {
                continue;
            }
            if (succeeded.contains(old.name())) {
                cleared.add(old);
            } else if (tried.contains(old.name())) {
                next.add(old);
            }
        }
        next.sort(Comparator.comparing(QuarantinedRelease::name)
                .thenComparing(e -> e.version().orElse("")));
        return new QuarantineUpdate(Quarantine.of(next), List.copyOf(cleared));
    }

    /** Whether the record changed, so that an unchanged one is not written again. */
    boolean changedFrom(Quarantine before) {
        return !next.equals(before);
    }
}
