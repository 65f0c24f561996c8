package io.hexmirror.installs;

import io.hexmirror.version.Version;

/**
 * One row of an installs CSV: a build of Hex or rebar3 for an Elixir version (and, in the newer
 * CSVs, an OTP major release).
 *
 * @param line the row's line number in the CSV, from 1, for messages
 * @param version the Hex or rebar3 version
 * @param sha512 the build's SHA-512, lower-case hex
 * @param elixirVersion the Elixir version as written in the row (it is part of the file's path)
 * @param elixir the same, parsed
 * @param otp the OTP major release, or empty for the CSVs without one
 * @param key the storage key of the build
 */
public record InstallsRow(int line, String version, String sha512, String elixirVersion, Version elixir, String otp,
        String key) {
}
