package io.hexmirror.internal.sync;

import io.hexmirror.files.StoredObjects;
import io.hexmirror.mirror.ReservedKeys;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The releases a selective mirror holds, with the outer checksum each was verified against: one line
 * {@code NAME VERSION SHA256} per release in {@value #KEY}. A release listed here with the checksum the
 * registry still gives has its tarball in place, so a sync need not look at it again; {@code verify}
 * reads it to tell releases left out on purpose from missing ones. Absent on a full mirror.
 */
public final class MirroredReleases {
    public static final String KEY = ReservedKeys.PREFIX + "selection";

    private final Map<String, String> checksums;

    private MirroredReleases(Map<String, String> checksums) {
        this.checksums = checksums;
    }

    public static MirroredReleases empty() {
        return new MirroredReleases(new TreeMap<>());
    }

    /** The mirror's list, or empty when the mirror holds every release (or never was selective). */
    public static Optional<MirroredReleases> load(Storage storage) throws IOException {
        Optional<byte[]> bytes = StoredObjects.readIfPresent(storage, KEY, 256L * 1024 * 1024);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> checksums = new TreeMap<>();
        for (String line : new String(bytes.get(), StandardCharsets.UTF_8).split("\n")) {
            String[] fields = line.trim().split(" ");
            if (fields.length == 3 && RegistryPaths.isValidName(fields[0]) && RegistryPaths.isValidVersion(fields[1])) {
                checksums.put(fields[0] + " " + fields[1], fields[2]);
            }
        }
        return Optional.of(new MirroredReleases(checksums));
    }

    public boolean contains(String name, String version) {
        return checksums.containsKey(name + " " + version);
    }

    /** The outer checksum the release was verified against, lowercase hex. */
    Optional<String> checksum(String name, String version) {
        return Optional.ofNullable(checksums.get(name + " " + version));
    }

    synchronized void put(String name, String version, String outerChecksumHex) {
        checksums.put(name + " " + version, outerChecksumHex);
    }

    /** The mirrored versions of each package. */
    synchronized Map<String, SortedSet<String>> versionsByPackage() {
        Map<String, SortedSet<String>> byPackage = new TreeMap<>();
        for (String release : checksums.keySet()) {
            int space = release.indexOf(' ');
            byPackage.computeIfAbsent(release.substring(0, space), k -> new TreeSet<>()).add(release.substring(space + 1));
        }
        return byPackage;
    }

    /** Copies this list's entries for one package into another list. */
    synchronized void copyPackageTo(String name, MirroredReleases target) {
        String prefix = name + " ";
        checksums.forEach((release, checksum) -> {
            if (release.startsWith(prefix)) {
                target.put(name, release.substring(prefix.length()), checksum);
            }
        });
    }

    public int size() {
        return checksums.size();
    }

    void save(Storage storage) throws IOException {
        StringBuilder text = new StringBuilder();
        synchronized (this) {
            checksums.forEach((release, checksum) -> text.append(release).append(' ').append(checksum).append('\n'));
        }
        storage.write(KEY, text.toString().getBytes(StandardCharsets.UTF_8), WriteOptions.defaults());
    }
}
