/**
 * Not API: the HTTP client behind {@link io.hexmirror.upstream.Upstream}, built by {@link io.hexmirror.HexMirror}
 * for each operation from its {@link io.hexmirror.MirrorOptions}. Public only so that the facade and hexmirror's own
 * tests and benchmarks can reach it; it may change in any release, and its Javadoc is not published.
 */
package io.hexmirror.internal.upstream;
