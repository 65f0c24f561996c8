package io.hexmirror.cli;

import io.hexmirror.InvalidInputException;
import io.hexmirror.MirrorOptions;
import io.hexmirror.registry.RepositoryKeys;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which repository's registry to trust: its public key and its name (the origin check). */
final class RepositoryOptions {
    @Option(names = "--upstream-key", paramLabel = "PEM_FILE",
            description = "Public key of the upstream repository (PUBLIC KEY or RSA PUBLIC KEY PEM). Default: hex.pm's built-in key.")
    Path upstreamKey;

    @Option(names = "--repository", paramLabel = "NAME", defaultValue = MirrorOptions.HEXPM_REPOSITORY,
            description = "Repository name the registry files must carry (default: ${DEFAULT-VALUE}).")
    String repository;

    /** Sets the key and repository name registry files are verified against. */
    void applyTo(MirrorOptions.Builder options) throws IOException, InvalidInputException {
        if (upstreamKey != null) {
            options.upstreamKey(RepositoryKeys.readPublicKey(upstreamKey));
        }
        options.repository(repository);
    }
}
