/**
 * Not API: the bundle exporter and importer behind {@link io.hexmirror.HexMirror#exportBundle} and
 * {@link io.hexmirror.HexMirror#importBundle}. Public only so that the facade and hexmirror's own tests can reach
 * them; they may change in any release, and their Javadoc is not published.
 */
package io.hexmirror.internal.transfer;
