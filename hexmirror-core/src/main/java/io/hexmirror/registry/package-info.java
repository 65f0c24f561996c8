/**
 * The Hex registry format: signed, gzipped protobuf files ({@code /names}, {@code /versions},
 * {@code /packages/NAME}), their keys and paths. {@link io.hexmirror.registry.RegistryReader} checks a
 * registry file's signature and origin before decoding it; {@link io.hexmirror.registry.RegistryWriter}
 * encodes and signs registry files (for a mirror that re-signs and for the test upstream);
 * {@link io.hexmirror.registry.RepositoryKeys} reads, parses and generates RSA keys and carries hex.pm's
 * public key. The decoded records are the generated classes of {@code io.hexmirror.registry.proto}
 * (see docs/architecture-notes.md for why they appear here).
 */
package io.hexmirror.registry;
