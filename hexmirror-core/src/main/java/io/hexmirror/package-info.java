/**
 * The library's front door: {@link io.hexmirror.HexMirror}, one mirror of a Hex repository, opened on a
 * directory, a storage URI or a {@link io.hexmirror.storage.Storage} with {@link io.hexmirror.MirrorOptions}.
 * It syncs, plans, verifies, reports status, and exports and imports offline bundles, taking the mirror's
 * lock for the operations that write. The exceptions every hexmirror operation may throw live here too:
 * {@link io.hexmirror.HexMirrorException} and its kinds, {@link io.hexmirror.InvalidInputException} for
 * what the caller asked wrongly and {@link io.hexmirror.VerificationException} for data that failed a check.
 * Embedders should need little beyond this package and the result types its methods return.
 */
package io.hexmirror;
