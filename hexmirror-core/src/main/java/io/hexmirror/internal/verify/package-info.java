/**
 * Not API: the verifier behind {@link io.hexmirror.HexMirror#verify()}. Public only so that the facade and
 * hexmirror's own tests can reach it; it may change in any release, and its Javadoc is not published.
 */
package io.hexmirror.internal.verify;
