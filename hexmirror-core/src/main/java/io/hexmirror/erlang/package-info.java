/**
 * Erlang terms as {@code file:consult} reads them: {@link io.hexmirror.erlang.ErlangTermParser} is the
 * project's one parser for them, used for {@code metadata.config} in package tarballs and for
 * {@code rebar.lock} files.
 *
 * <p>Terms are plain Java values: a binary is a {@link java.lang.String}, a list a {@link java.util.List}, a
 * string literal {@code "..."} a list of {@link java.lang.Long} code points (as in Erlang, {@code ""} is
 * {@code []}), an integer a {@link java.lang.Long} or, when it does not fit, a {@link java.math.BigInteger},
 * a float a {@link java.lang.Double}, a map a {@link java.util.Map}, a tuple an
 * {@link io.hexmirror.erlang.ErlangTuple} and an atom an {@link io.hexmirror.erlang.ErlangAtom} (including
 * {@code true} and {@code false}). All of them are immutable.
 */
package io.hexmirror.erlang;
