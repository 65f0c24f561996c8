/**
 * What a mirror keeps in its storage beyond the Hex repository, and how it stores it: the lock that
 * keeps one writer at a time ({@link io.hexmirror.mirror.MirrorLock}), the reserved keys of its own
 * bookkeeping ({@link io.hexmirror.mirror.ReservedKeys}), and the content type of every key
 * ({@link io.hexmirror.mirror.ContentTypes}), which it passes to the store with each write.
 */
package io.hexmirror.mirror;
