package io.hexmirror.docs;

/**
 * A file in a docs tarball that passed the checks.
 *
 * @param path its relative path, '/'-separated, without a leading {@code ./}
 * @param size its length in bytes
 * @param sha256 the lowercase hex SHA-256 of its content
 */
public record DocsEntry(String path, long size, String sha256) {
}
