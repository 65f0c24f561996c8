/**
 * Selective mirroring: which packages and releases a partial mirror holds.
 * {@link io.hexmirror.selection.SelectionRequest} names packages with optional requirements, exact releases
 * from {@code mix.lock} and {@code rebar.lock} files ({@link io.hexmirror.selection.LockFile}) and
 * exclusions; a {@link io.hexmirror.selection.SelectionFile} holds the same in a file. The sync resolves a
 * request into its dependency closure against the upstream registry. Syntax errors in these files are
 * {@link io.hexmirror.selection.SelectionSyntaxException}s naming file, line and column.
 */
package io.hexmirror.selection;
