/**
 * Hex package tarballs (format version 3): {@link io.hexmirror.tarball.TarballReader} streams and verifies
 * a tarball, {@link io.hexmirror.tarball.MetadataConfig} is its parsed {@code metadata.config} (whose Erlang
 * terms are read by {@link io.hexmirror.erlang.ErlangTermParser}).
 */
package io.hexmirror.tarball;
