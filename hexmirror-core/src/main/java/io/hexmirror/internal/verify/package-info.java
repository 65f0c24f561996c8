/**
 * Not API: the verifier behind {@link io.hexmirror.HexMirror#verify()}, and the rollback check that sync and import
 * apply to a new {@code /names}. Public only so that the facade, the engines in other internal packages and
 * hexmirror's own tests can reach them; they may change in any release, and their Javadoc is not published.
 */
package io.hexmirror.internal.verify;
