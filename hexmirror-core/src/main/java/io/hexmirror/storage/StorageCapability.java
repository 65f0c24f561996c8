package io.hexmirror.storage;

/** Optional abilities a {@link Storage} declares; the contract tests check each one it claims and lacks. */
public enum StorageCapability {
    /** {@link WriteOptions#exclusive()} is honoured: a write never replaces an existing object. */
    CREATE_EXCLUSIVE,
    /** {@link ObjectInfo#sha256()} is filled in from stored metadata. */
    STORED_SHA256
}
