/**
 * Not API: the sync engine behind {@link io.hexmirror.HexMirror#sync()} and {@link io.hexmirror.HexMirror#plan()}.
 * Public only so that the facade and hexmirror's own tests and benchmarks can reach it; it may change in any
 * release, and its Javadoc is not published. Embedders use {@link io.hexmirror.HexMirror}.
 */
package io.hexmirror.internal.sync;
