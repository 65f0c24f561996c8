package io.hexmirror.docs;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.hexmirror.storage.ObjectNotFoundException;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The docs sync's memory, under the mirror's reserved prefix: per docs version, the upstream ETag
 * of the tarball it stored (so a refresh costs a 304), or the time upstream last said it has no
 * docs (so a no-op sync does not ask again). One line per version:
 * {@code NAME VERSION ok ETAG} or {@code NAME VERSION missing EPOCH_SECONDS}.
 */
final class DocsState {
    static final String KEY = ".hexmirror/docs/state";

    /** What is known of one docs version. */
    record Entry(boolean missing, String etag, Instant checkedAt) {
    }

    private final Map<DocsRelease, Entry> entries;

    private DocsState(Map<DocsRelease, Entry> entries) {
        this.entries = new ConcurrentHashMap<>(entries);
    }

    static DocsState load(Storage storage) throws IOException {
        Map<DocsRelease, Entry> map = new TreeMap<>(java.util.Comparator.comparing(DocsRelease::name)
                .thenComparing(DocsRelease::version));
        try (InputStream in = storage.read(KEY)) {
            for (String line : new String(in.readAllBytes(), UTF_8).split("\n")) {
                String[] f = line.split(" ");
                if (f.length != 4 || line.startsWith("#")) {
                    continue;
                }
                try {
                    DocsRelease r = new DocsRelease(f[0], f[1]);
                    if (f[2].equals("missing")) {
                        map.put(r, new Entry(true, null, Instant.ofEpochSecond(Long.parseLong(f[3]))));
                    } else if (f[2].equals("ok")) {
                        map.put(r, new Entry(false, f[3].equals("-") ? null : f[3], null));
                    }
                } catch (IllegalArgumentException e) {
                    // A line this version cannot read is forgotten: the release is asked again.
                }
            }
        } catch (ObjectNotFoundException e) {
            // A mirror without docs yet.
        }
        return new DocsState(map);
    }

    Optional<Entry> get(DocsRelease release) {
        return Optional.ofNullable(entries.get(release));
    }

    void stored(DocsRelease release, String etag) {
        entries.put(release, new Entry(false, etag, null));
    }

    void missing(DocsRelease release, Instant when) {
        entries.put(release, new Entry(true, null, when));
    }

    void forget(DocsRelease release) {
        entries.remove(release);
    }

    void save(Storage storage) throws IOException {
        StringBuilder out = new StringBuilder("# hexmirror: docs tarballs stored (with upstream's ETag) and releases without docs. Do not edit.\n");
        new TreeMap<String, Entry>(toKeys()).forEach((key, e) -> out.append(key).append(' ')
                .append(e.missing() ? "missing " + e.checkedAt().getEpochSecond()
                        : "ok " + (e.etag() == null || e.etag().isBlank() || e.etag().contains(" ") ? "-" : e.etag()))
                .append('\n'));
        byte[] text = out.toString().getBytes(UTF_8);
        // Unchanged after most syncs: not written again, nor synced.
        if (!storage.contentEquals(KEY, text)) {
            storage.write(KEY, text, WriteOptions.defaults());
        }
    }

    private Map<String, Entry> toKeys() {
        Map<String, Entry> out = new TreeMap<>();
        entries.forEach((r, e) -> out.put(r.name() + " " + r.version(), e));
        return out;
    }
}
