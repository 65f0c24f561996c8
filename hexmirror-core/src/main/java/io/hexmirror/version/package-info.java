/**
 * Hex versions and requirements: {@link io.hexmirror.version.Version} (semantic versions with Hex's rules
 * for pre-releases and build metadata) and {@link io.hexmirror.version.Requirement} (Elixir requirement
 * expressions such as {@code ~> 1.7 and >= 1.7.2}, with {@code or}), parsed strictly: a
 * {@link io.hexmirror.version.VersionParseException} quotes the input and the column where it goes wrong.
 */
package io.hexmirror.version;
