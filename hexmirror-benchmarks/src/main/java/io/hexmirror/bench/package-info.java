/**
 * Benchmarks that print figures for hexmirror's performance goals (sync at hex.pm's scale in a small heap,
 * incremental syncs, serving), run on demand rather than as timed tests: the figures are compared as
 * ratios measured side by side in one run. Not published.
 */
package io.hexmirror.bench;
