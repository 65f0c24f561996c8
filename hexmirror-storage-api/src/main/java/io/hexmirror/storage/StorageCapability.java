package io.hexmirror.storage;

/** Optional abilities a {@link Storage} declares; the contract tests check each one it claims and lacks. */
public enum StorageCapability {
    /** {@link WriteOptions#exclusive()} is honoured: a write never replaces an existing object. */
    CREATE_EXCLUSIVE,
    /**
     * The store keeps each object's SHA-256 (for example in object metadata): {@link Storage#stat}
     * returns it in {@link ObjectInfo#sha256()} for every object written through the store.
     * {@link Storage#list} may leave it empty (S3 listings, for one, carry no user metadata), but
     * when a listing fills it in, it is the SHA-256 of the listed content. An object put into the
     * store by other means may have none.
     */
    STORED_SHA256,
    /**
     * The store keeps each object as a file on a local disk, and {@link Storage#openLocalFile} opens
     * it as a {@link java.nio.channels.FileChannel}, so that a server can send it from the file
     * instead of copying it through a stream. A store without it returns empty there.
     */
    LOCAL_FILES,
    /**
     * {@link Storage#deleteIfContentEquals} compares and deletes in one atomic step, so it never
     * deletes an object that another writer put in place meanwhile. Without it the method is the
     * interface's best-effort default (read, compare, then delete).
     */
    CONDITIONAL_DELETE
}
