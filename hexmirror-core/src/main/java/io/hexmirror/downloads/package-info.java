/**
 * Download counts: a snapshot of hex.pm's per-package download counts, which exist only in hex.pm's
 * HTTP API. A sync with {@link io.hexmirror.MirrorOptions.Builder#downloadCounts} fetches it page by page at
 * a polite rate ({@link io.hexmirror.downloads.DownloadCountsOptions}); the mirror keeps it as one file,
 * {@value io.hexmirror.downloads.DownloadSnapshot#KEY}, which bundles carry. The file is unsigned, so a
 * sync and an import both check it ({@link io.hexmirror.downloads.DownloadSnapshot#parse}) before it
 * enters the mirror.
 */
package io.hexmirror.downloads;
