/**
 * Checking a whole mirror as a client would: every registry file's signature and origin, every tarball's
 * checksums against the signed registry. {@link io.hexmirror.verify.VerifyReport}, the result of
 * {@link io.hexmirror.HexMirror#verify()}, lists what was checked and every problem found.
 * The verifier behind the facade lives in {@code io.hexmirror.internal.verify} and is not API.
 */
package io.hexmirror.verify;
