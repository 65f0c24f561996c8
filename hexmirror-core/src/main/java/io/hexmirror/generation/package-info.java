/**
 * Generations: the recorded history of a mirror, which lets another mirror be brought up to date
 * with exactly what changed.
 *
 * <p>Every change to a mirror (a sync that changed something, an import) makes a new
 * {@link io.hexmirror.generation.Generation}, whose {@link io.hexmirror.generation.Journal} lists the
 * files it added, changed and removed with their sizes and SHA-256. They are kept in the mirror's
 * own storage under the reserved prefix {@code .hexmirror/} by a
 * {@link io.hexmirror.generation.GenerationStore}. The sync engine records its changes through
 * {@link io.hexmirror.generation.GenerationRecorder}, which wraps the storage it writes to.
 * {@link io.hexmirror.generation.MirrorStatus} reports where a mirror stands.
 */
package io.hexmirror.generation;
