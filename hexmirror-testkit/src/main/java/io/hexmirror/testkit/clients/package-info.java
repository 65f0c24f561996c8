/**
 * Real Hex clients driven from tests, to prove that what the project serves is accepted by stock
 * tools. {@link io.hexmirror.testkit.clients.Rebar3} runs Debian's rebar3 (3.19, Erlang/OTP 25)
 * in a throwaway {@code HOME} against any Hex repository URL and public key;
 * {@link io.hexmirror.testkit.clients.Mix} runs Debian's Mix (Elixir 1.14) with the vendored Hex
 * 2.5.1 client in private {@code MIX_HOME}/{@code HEX_HOME} directories;
 * {@link io.hexmirror.testkit.clients.Nginx} runs Debian's nginx serving a directory with a given
 * site configuration, as a plain web server in front of a mirror.
 */
package io.hexmirror.testkit.clients;
