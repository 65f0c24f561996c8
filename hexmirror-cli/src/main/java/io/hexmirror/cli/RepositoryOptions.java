package io.hexmirror.cli;

import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.RepositoryKeys;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which repository's registry to trust: its public key and its name (the origin check). */
final class RepositoryOptions {
    @Option(names = "--upstream-key", paramLabel = "PEM_FILE",
            description = "Public key of the upstream repository (PUBLIC KEY or RSA PUBLIC KEY PEM). Default: hex.pm's built-in key.")
    Path upstreamKey;

    @Option(names = "--repository", paramLabel = "NAME", defaultValue = "hexpm",
            description = "Repository name the registry files must carry (default: ${DEFAULT-VALUE}).")
    String repository;

    RegistryReader reader() throws IOException {
        return new RegistryReader(
                upstreamKey == null ? RepositoryKeys.hexpmPublicKey() : RepositoryKeys.readPublicKey(upstreamKey),
                repository);
    }
}
