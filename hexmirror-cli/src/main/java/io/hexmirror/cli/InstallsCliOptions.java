package io.hexmirror.cli;

import io.hexmirror.InvalidInputException;
import io.hexmirror.installs.InstallsOptions;
import io.hexmirror.registry.RepositoryKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options of {@code sync} that mirror {@code /installs/} (for {@code mix local.hex} and {@code mix local.rebar}). */
final class InstallsCliOptions {
    @Option(names = "--installs",
            description = {"Also mirror /installs/ for mix local.hex and mix local.rebar: the CSV indexes byte for byte",
                "and the Hex archives and rebar3 builds they list for the chosen Elixir and OTP versions."})
    boolean installs;

    @Option(names = "--installs-elixir", split = ",", paramLabel = "VERSION",
            description = {"Elixir versions whose installers to mirror, as series (1.14) or versions (1.14.2);",
                "implies --installs. Default: 1.14,1.15,1.16,1.17,1.18,1.19."})
    List<String> elixirVersions = new ArrayList<>();

    @Option(names = "--installs-otp", split = ",", paramLabel = "MAJOR",
            description = {"OTP major releases, for the installers of Elixir 1.19 and later (built per OTP);",
                "implies --installs. Default: 25,26,27,28."})
    List<Integer> otpReleases = new ArrayList<>();

    @Option(names = "--installs-key", paramLabel = "PEM",
            description = {"Public key the installs CSVs' .signed files must verify with; implies --installs.",
                "Default: the Elixir team's key, built into Mix."})
    Path key;

    /** The installs to mirror, or empty when none of these options was given. */
    Optional<InstallsOptions> toInstallsOptions() throws IOException, InvalidInputException {
        if (!installs && elixirVersions.isEmpty() && otpReleases.isEmpty() && key == null) {
            return Optional.empty();
        }
        InstallsOptions options = InstallsOptions.defaults();
        if (!elixirVersions.isEmpty()) {
            options = options.withElixirVersions(elixirVersions);
        }
        if (!otpReleases.isEmpty()) {
            options = options.withOtpReleases(otpReleases);
        }
        if (key != null) {
            options = options.withKey(readKey(key));
        }
        return Optional.of(options);
    }

    /** The key the installs CSVs of a bundle must verify with: {@code key}, else the Elixir team's. */
    static PublicKey installsKey(Path key) throws IOException, InvalidInputException {
        return key == null ? InstallsOptions.elixirTeamKey() : readKey(key);
    }

    private static PublicKey readKey(Path pem) throws IOException, InvalidInputException {
        return RepositoryKeys.readPublicKey(pem);
    }
}
