package io.hexmirror.internal.sync;

import io.hexmirror.files.StoredObjects;
import io.hexmirror.generation.Sha256;
import io.hexmirror.mirror.ReservedKeys;
import io.hexmirror.registry.proto.NamesPackage;
import io.hexmirror.registry.proto.VersionsPackage;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The packages a full sync has finished (package file and tarballs published) while the mirror's
 * {@code /names} and {@code /versions} still are the old ones, kept in the reserved area so that a sync
 * that was stopped (killed, a full disk, a failed index) is resumed without fetching those package files
 * again: until the indexes are published, the mirror's indexes say they changed.
 *
 * <p>Each package is recorded with a digest of its upstream {@code /names} and {@code /versions} entries
 * when it was synced; it is skipped later only while upstream's entries still have that digest, that is
 * while the existing index diff would find nothing new. The whole record is tied to the mirror's copy of
 * {@code /names} it started from: once other indexes are published (by a sync or an import), it is
 * ignored. Saved every {@link #SAVE_EVERY} packages and when the packages are done, so a kill loses at
 * most the last few; deleted once the indexes are published.
 */
final class SyncProgress {
    static final String KEY = ReservedKeys.PREFIX + "sync-progress";
    static final int SAVE_EVERY = 50;
    private static final int MAX_BYTES = 64 << 20;

    private final String baseline;
    private final Map<String, String> finished;
    private int unsaved;

    private SyncProgress(String baseline, Map<String, String> finished) {
        this.baseline = baseline;
        this.finished = finished;
    }

    /**
     * The record left by an earlier sync from the same mirror indexes, or an empty one.
     *
     * @param mirrorNames the mirror's copy of upstream's {@code /names} now, if any
     */
    static SyncProgress load(Storage storage, Optional<byte[]> mirrorNames) throws IOException {
        String baseline = mirrorNames.map(Sha256::hex).orElse("none");
        Map<String, String> finished = new HashMap<>();
        Optional<byte[]> stored = StoredObjects.readIfPresent(storage, KEY, MAX_BYTES);
        if (stored.isPresent()) {
            String[] lines = new String(stored.get(), StandardCharsets.UTF_8).split("\n");
            if (lines.length > 0 && lines[0].equals("baseline " + baseline)) {
                for (int i = 1; i < lines.length; i++) {
                    int space = lines[i].indexOf(' ');
                    if (space > 0) {
                        finished.put(lines[i].substring(0, space), lines[i].substring(space + 1));
                    }
                }
            }
        }
        return new SyncProgress(baseline, finished);
    }

    /** Whether an earlier run finished the package while upstream's entries were as they are now. */
    synchronized boolean finished(String name, UpstreamIndexes upstream) {
        String digest = finished.get(name);
        return digest != null && digest.equals(digest(name, upstream));
    }

    /** Records a package whose files are all published; saves now and then. */
    synchronized void record(Storage storage, String name, UpstreamIndexes upstream) throws IOException {
        finished.put(name, digest(name, upstream));
        if (++unsaved >= SAVE_EVERY) {
            save(storage);
        }
    }

    /** Saves what was recorded since the last save. */
    synchronized void save(Storage storage) throws IOException {
        if (unsaved == 0) {
            return;
        }
        StringBuilder text = new StringBuilder("baseline ").append(baseline).append('\n');
        finished.forEach((name, digest) -> text.append(name).append(' ').append(digest).append('\n'));
        storage.write(KEY, text.toString().getBytes(StandardCharsets.UTF_8), WriteOptions.defaults());
        unsaved = 0;
    }

    /** Once the indexes are published, the mirror's own index diff says what is left: nothing to resume. */
    static void clear(Storage storage) throws IOException {
        storage.delete(KEY);
    }

    private static String digest(String name, UpstreamIndexes upstream) {
        NamesPackage names = upstream.names().get(name);
        VersionsPackage versions = upstream.versions().get(name);
        byte[] a = names == null ? new byte[0] : names.toByteArray();
        byte[] b = versions == null ? new byte[0] : versions.toByteArray();
        byte[] both = new byte[a.length + b.length + 1];
        System.arraycopy(a, 0, both, 0, a.length);
        both[a.length] = '|';
        System.arraycopy(b, 0, both, a.length + 1, b.length);
        return Sha256.hex(both);
    }
}
