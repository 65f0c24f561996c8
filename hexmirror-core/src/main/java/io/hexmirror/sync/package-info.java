/**
 * Syncing a mirror from upstream, and what a sync reports. The types an embedder sees are the results
 * of {@link io.hexmirror.HexMirror#sync()} and {@link io.hexmirror.HexMirror#plan()}
 * ({@link io.hexmirror.sync.SyncSummary}, {@link io.hexmirror.sync.SyncPlanReport},
 * {@link io.hexmirror.sync.SyncFailure}) and the progress callback {@link io.hexmirror.sync.SyncListener}.
 * {@link io.hexmirror.sync.SelectedReleases} tells which releases a selective mirror holds. The engine behind the
 * facade lives in {@code io.hexmirror.internal.sync} and is not API. It fetches only what changed,
 * verifies every registry file and tarball, and publishes tarballs, then package files, then the indexes,
 * so that a sync killed at any moment leaves a usable mirror.
 */
package io.hexmirror.sync;
