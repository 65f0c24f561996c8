/**
 * Offline transfer: bundles that carry a mirror's changes on a disk, and their verified import.
 *
 * <p>{@link io.hexmirror.HexMirror#exportBundle} writes a bundle (a tar file, or numbered volumes)
 * that starts with a {@link io.hexmirror.transfer.BundleManifest} and holds every file changed after
 * a generation, or every file. {@link io.hexmirror.HexMirror#importBundle} checks a bundle
 * completely (volumes, checksums, signatures, tarballs against the registry, the mirror's
 * generation) before publishing anything, then applies it in the order a sync uses. A
 * {@link io.hexmirror.transfer.TransferRequest} is the small file in which the far side says which
 * generation it is at, so the connected side can export exactly what it needs. The exporter and importer
 * live in {@code io.hexmirror.internal.transfer} and are not API.
 */
package io.hexmirror.transfer;
