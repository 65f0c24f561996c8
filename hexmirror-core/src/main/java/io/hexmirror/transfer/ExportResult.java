package io.hexmirror.transfer;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * What an export wrote.
 *
 * @param manifest the bundle's manifest
 * @param files the bundle's file, or its volumes in order
 * @param bundleBytes the bundle's total length
 * @param unavailable what the request asked for that this mirror does not hold (empty without a
 *     request), e.g. {@code package phoenix} or {@code release jason 1.4.1}
 */
public record ExportResult(BundleManifest manifest, List<Path> files, long bundleBytes, List<String> unavailable) {
    public ExportResult {
        requireNonNull(manifest, "manifest is null");
        files = List.copyOf(files);
        unavailable = List.copyOf(unavailable);
    }

    /** How much longer the bundle is than the files it carries. */
    public long overheadBytes() {
        return bundleBytes - manifest.contentBytes();
    }
}
