package io.hexmirror.generation;

import static java.util.Objects.requireNonNull;

import io.hexmirror.storage.StorageKeys;

/**
 * What one generation left at one path: a file with its size and SHA-256, or nothing (the file
 * was deleted).
 *
 * @param path a storage key outside the reserved prefix
 * @param deleted whether the generation removed the file
 * @param size the file's length; 0 when deleted
 * @param sha256 the file's SHA-256 as lowercase hex; null when deleted
 */
public record JournalEntry(String path, boolean deleted, long size, String sha256) {
    public JournalEntry {
        StorageKeys.validate(path);
        if (deleted) {
            if (size != 0 || sha256 != null) {
                throw new IllegalArgumentException("a deletion of '" + path + "' has no size or checksum");
            }
        } else {
            requireNonNull(sha256, "sha256 is null");
            if (!Sha256.isValid(sha256)) {
                throw new IllegalArgumentException("SHA-256 of '" + path + "' is not 64 lowercase hex digits: '" + sha256 + "'");
            }
            if (size < 0) {
                throw new IllegalArgumentException("size of '" + path + "' is negative: " + size);
            }
        }
    }

    /** A file present with this content. */
    public static JournalEntry present(String path, long size, String sha256) {
        return new JournalEntry(path, false, size, sha256);
    }

    /** A file removed. */
    public static JournalEntry removed(String path) {
        return new JournalEntry(path, true, 0, null);
    }
}
