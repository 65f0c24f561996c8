package io.hexmirror.internal.sync;

import io.hexmirror.files.StoredObjects;
import io.hexmirror.generation.Sha256;
import io.hexmirror.mirror.ReservedKeys;
import io.hexmirror.registry.proto.NamesPackage;
import io.hexmirror.registry.proto.VersionsPackage;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

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
 *
 * <p>Each save adds a part ({@value #PARTS}{@code NNNNNNNN}) with the packages finished since the one
 * before, under the same baseline line, so that a save costs the same at the end of a sync of 20,000
 * packages as at its start: rewriting the whole record each time cost in all the square of the number
 * of packages, and held every worker that finished a package meanwhile. Parts are read in order, a
 * later line for a package replacing an earlier one. Older hexmirrors kept the record in one file,
 * {@value #SINGLE_FILE}: it is read as the first part and removed.
 */
final class SyncProgress {
    static final String PARTS = ReservedKeys.PREFIX + "sync-progress/";
    static final String SINGLE_FILE = ReservedKeys.PREFIX + "sync-progress";
    static final int SAVE_EVERY = 50;
    private static final int MAX_BYTES = 64 << 20;

    private final String baseline;
    private final Map<String, String> finished;
    private final Map<String, String> unsaved = new LinkedHashMap<>();
    private long nextPart;

    private SyncProgress(String baseline, Map<String, String> finished, long nextPart) {
        this.baseline = baseline;
        this.finished = finished;
        this.nextPart = nextPart;
    }

    /**
     * The record left by an earlier sync from the same mirror indexes, or an empty one.
     *
     * @param mirrorNames the mirror's copy of upstream's {@code /names} now, if any
     */
    static SyncProgress load(Storage storage, Optional<byte[]> mirrorNames) throws IOException {
        String baseline = mirrorNames.map(Sha256::hex).orElse("none");
        Map<String, String> finished = new HashMap<>();
        Map<String, String> fromSingleFile = new LinkedHashMap<>();
        Optional<byte[]> single = StoredObjects.readIfPresent(storage, SINGLE_FILE, MAX_BYTES);
        if (single.isPresent()) {
            readPart(single.get(), baseline, fromSingleFile);
            finished.putAll(fromSingleFile);
            // On a file system it stands where the parts go; its packages go into the first part.
            storage.delete(SINGLE_FILE);
        }
        long last = 0;
        for (String key : parts(storage)) {
            Optional<byte[]> part = StoredObjects.readIfPresent(storage, key, MAX_BYTES);
            if (part.isPresent()) {
                readPart(part.get(), baseline, finished);
            }
            last = Math.max(last, partNumber(key));
        }
        SyncProgress progress = new SyncProgress(baseline, finished, last + 1);
        progress.unsaved.putAll(fromSingleFile);
        return progress;
    }

    private static void readPart(byte[] part, String baseline, Map<String, String> finished) {
        String[] lines = new String(part, StandardCharsets.UTF_8).split("\n");
        if (lines.length == 0 || !lines[0].equals("baseline " + baseline)) {
            return;
        }
        for (int i = 1; i < lines.length; i++) {
            int space = lines[i].indexOf(' ');
            if (space > 0) {
                finished.put(lines[i].substring(0, space), lines[i].substring(space + 1));
            }
        }
    }

    /** The keys of the parts, in the order they were saved. */
    private static List<String> parts(Storage storage) throws IOException {
        List<String> keys = new ArrayList<>();
        try (Stream<ObjectInfo> listing = storage.list(PARTS)) {
            listing.map(ObjectInfo::key).filter(k -> partNumber(k) > 0).forEach(keys::add);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        keys.sort(Comparator.comparingLong(SyncProgress::partNumber));
        return keys;
    }

    /** The number in a part's key; 0 for a key that is no part. */
    private static long partNumber(String key) {
        String rest = key.substring(PARTS.length());
        if (rest.isEmpty() || rest.length() > 18 || !rest.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return 0;
        }
        return Long.parseLong(rest);
    }

    /** Whether an earlier run finished the package while upstream's entries were as they are now. */
    synchronized boolean finished(String name, UpstreamIndexes upstream) {
        String digest = finished.get(name);
        return digest != null && digest.equals(digest(name, upstream));
    }

    /** Records a package whose files are all published; saves now and then. */
    synchronized void record(Storage storage, String name, UpstreamIndexes upstream) throws IOException {
        String digest = digest(name, upstream);
        finished.put(name, digest);
        unsaved.put(name, digest);
        if (unsaved.size() >= SAVE_EVERY) {
            save(storage);
        }
    }

    /** Saves what was recorded since the last save, as a new part. */
    synchronized void save(Storage storage) throws IOException {
        if (unsaved.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder("baseline ").append(baseline).append('\n');
        unsaved.forEach((name, digest) -> text.append(name).append(' ').append(digest).append('\n'));
        storage.write(partKey(nextPart), text.toString().getBytes(StandardCharsets.UTF_8), WriteOptions.defaults());
        nextPart++;
        unsaved.clear();
    }

    static String partKey(long number) {
        return PARTS + String.format(Locale.ROOT, "%08d", number);
    }

    /** Once the indexes are published, the mirror's own index diff says what is left: nothing to resume. */
    static void clear(Storage storage) throws IOException {
        storage.delete(SINGLE_FILE);
        for (String key : parts(storage)) {
            storage.delete(key);
        }
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
