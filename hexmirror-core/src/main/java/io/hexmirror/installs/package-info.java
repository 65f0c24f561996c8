/**
 * Installers: the {@code /installs/} area of a Hex repository, which {@code mix local.hex},
 * {@code mix local.rebar} and Hex's update check read. A sync with
 * {@link io.hexmirror.MirrorOptions.Builder#installs} mirrors the four CSV indexes verbatim with their
 * signatures and the builds they list for the Elixir and OTP versions chosen in
 * {@link io.hexmirror.installs.InstallsOptions}; every CSV is checked against its {@code .signed} file
 * and every build against its row's SHA-512 ({@link io.hexmirror.installs.InstallsCsv},
 * {@link io.hexmirror.installs.InstallsBuilds}) before it is published, by a sync or by an import.
 */
package io.hexmirror.installs;
