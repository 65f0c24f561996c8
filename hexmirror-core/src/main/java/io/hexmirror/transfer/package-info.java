/**
 * Offline transfer: bundles that carry a mirror's changes on a disk, and their verified import.
 *
 * <p>{@link io.hexmirror.internal.transfer.BundleExporter} writes a bundle (a tar file, or numbered volumes)
 * that starts with a {@link io.hexmirror.transfer.BundleManifest} and holds every file changed after
 * a generation, or every file. {@link io.hexmirror.internal.transfer.BundleImporter} checks a bundle
 * completely (volumes, checksums, signatures, tarballs against the registry, the mirror's
 * generation) before publishing anything, then applies it in the order a sync uses. A
 * {@link io.hexmirror.transfer.TransferRequest} is the small file in which the far side says which
 * generation it is at, so the connected side can export exactly what it needs.
 */
package io.hexmirror.transfer;
