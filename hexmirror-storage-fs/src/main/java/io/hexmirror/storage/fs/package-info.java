/**
 * The filesystem storage plugin: a mirror in a local directory, chosen for plain paths and {@code file:}
 * URIs. Writes go to a temporary file next to the target, are flushed to disk and renamed atomically,
 * so a crash never leaves a partial file where clients look; the directory is exactly the tree that a
 * static web server (nginx, Apache) serves. {@link io.hexmirror.storage.fs.FileSystemStorage} may also be
 * opened directly and passed to {@code io.hexmirror.HexMirror.open(Storage, MirrorOptions)}.
 */
package io.hexmirror.storage.fs;
