/**
 * HexDocs on the mirror: {@link io.hexmirror.docs.DocsSync} fetches the docs tarballs of the releases a
 * mirror holds, as {@link io.hexmirror.docs.DocsPolicy} chooses them, checks each one
 * ({@link io.hexmirror.docs.DocsTarballs}) and stores it verbatim as part of the mirror's generation, so that
 * bundles carry it; {@link io.hexmirror.docs.HexDocs} keeps the browsable tree under {@code hexdocs/} in line
 * with the tarballs, with links between packages kept on the mirror; {@link io.hexmirror.docs.DocsSearchIndex}
 * searches across every mirrored version; {@link io.hexmirror.docs.DocsVerifier} checks the tarballs against
 * the SHA-256 the mirror's journals recorded. Steps that write run under the mirror's lock, through
 * {@link io.hexmirror.HexMirror#write}.
 */
package io.hexmirror.docs;
