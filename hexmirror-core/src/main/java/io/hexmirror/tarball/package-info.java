/**
 * Hex package tarballs (format version 3): {@link io.hexmirror.tarball.TarballReader} streams and verifies
 * a tarball, {@link io.hexmirror.tarball.MetadataConfig} is its parsed {@code metadata.config}.
 *
 * <p>Erlang terms from {@code metadata.config} are plain Java values: a binary is a {@link java.lang.String},
 * a list a {@link java.util.List}, a string literal {@code "..."} a list of {@link java.lang.Long} code points
 * (as in Erlang, {@code ""} is {@code []}), an integer a {@link java.lang.Long} or, when it does not fit,
 * a {@link java.math.BigInteger}, a float a {@link java.lang.Double}, a map a {@link java.util.Map}, a tuple
 * an {@link io.hexmirror.tarball.ErlangTuple} and an atom an {@link io.hexmirror.tarball.ErlangAtom}
 * (including {@code true} and {@code false}). All of them are immutable.
 */
package io.hexmirror.tarball;
