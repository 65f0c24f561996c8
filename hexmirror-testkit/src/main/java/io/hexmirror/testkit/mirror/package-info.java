/**
 * Mirrors written straight into a storage for tests, the way a sync leaves them:
 * {@link io.hexmirror.testkit.mirror.StoredMirror} with any metadata a test needs, hostile included, and
 * {@link io.hexmirror.testkit.mirror.RealisticPackages}, a package set with the shape of hex.pm's at a tenth
 * of the scale.
 */
package io.hexmirror.testkit.mirror;
