package io.hexmirror.generation;

import io.hexmirror.mirror.ReservedKeys;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Finds how a storage's files differ from what the journals say it holds. */
final class UnrecordedChanges {
    private UnrecordedChanges() {
    }

    /**
     * @param known the files per the journals
     * @param changedSince files modified at or after this instant are compared by content even when
     *     their size is unchanged; empty compares sizes only (every unknown file is read anyway)
     * @return a change for every file added, changed (its new content) or removed
     */
    static List<JournalEntry> find(Storage storage, Map<String, JournalEntry> known, Optional<Instant> changedSince)
            throws IOException {
        List<ObjectInfo> listed;
        try (Stream<ObjectInfo> stream = storage.list("")) {
            listed = stream.filter(info -> !ReservedKeys.isReserved(info.key()) && !DerivedKeys.isDerived(info.key())).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        List<JournalEntry> changes = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (ObjectInfo info : listed) {
            present.add(info.key());
            JournalEntry before = known.get(info.key());
            boolean maybeChanged = before == null || before.size() != info.size()
                    || changedSince.map(since -> !info.lastModified().isBefore(since)).orElse(false);
            if (!maybeChanged) {
                continue;
            }
            JournalEntry now = hash(storage, info);
            if (before == null || !before.sha256().equals(now.sha256()) || before.size() != now.size()) {
                changes.add(now);
            }
        }
        for (String path : known.keySet()) {
            if (!present.contains(path)) {
                changes.add(JournalEntry.removed(path));
            }
        }
        return changes;
    }

    private static JournalEntry hash(Storage storage, ObjectInfo info) throws IOException {
        if (info.sha256().isPresent() && Sha256.isValid(info.sha256().get())) {
            return JournalEntry.present(info.key(), info.size(), info.sha256().get());
        }
        try (InputStream in = storage.read(info.key())) {
            Sha256.Hashed hashed = Sha256.of(in);
            return JournalEntry.present(info.key(), hashed.size(), hashed.sha256());
        }
    }
}
