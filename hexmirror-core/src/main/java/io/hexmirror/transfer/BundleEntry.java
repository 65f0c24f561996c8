package io.hexmirror.transfer;

import io.hexmirror.generation.Sha256;
import io.hexmirror.storage.StorageKeys;

/**
 * One file a bundle carries, or one removal.
 *
 * @param path the file's key in the mirror
 * @param deleted whether the bundle removes the file (then it carries no content)
 * @param size the file's length
 * @param sha256 its SHA-256 (lowercase hex); null for a removal
 * @param member the tar member holding its bytes; null for a removal
 * @param offset where its bytes start in that member
 */
public record BundleEntry(String path, boolean deleted, long size, String sha256, String member, long offset) {
    public BundleEntry {
        StorageKeys.validate(path);
        if (deleted) {
            if (size != 0 || sha256 != null || member != null || offset != 0) {
                throw new IllegalArgumentException("the removal of '" + path + "' carries no content");
            }
        } else {
            if (!Sha256.isValid(sha256)) {
                throw new IllegalArgumentException("SHA-256 of '" + path + "' is not 64 lowercase hex digits: '" + sha256 + "'");
            }
            if (member == null || member.isEmpty()) {
                throw new IllegalArgumentException("'" + path + "' names no member");
            }
            if (size < 0 || offset < 0) {
                throw new IllegalArgumentException("'" + path + "' has a negative size or offset");
            }
        }
    }

    public static BundleEntry file(String path, long size, String sha256, String member, long offset) {
        return new BundleEntry(path, false, size, sha256, member, offset);
    }

    public static BundleEntry removal(String path) {
        return new BundleEntry(path, true, 0, null, null, 0);
    }
}
