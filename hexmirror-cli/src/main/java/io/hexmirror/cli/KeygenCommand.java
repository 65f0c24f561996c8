package io.hexmirror.cli;

import io.hexmirror.registry.RepositoryKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hexmirror keygen}: a key pair for a mirror that re-signs its registry. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        header = "Makes the key pair a mirror re-signs its registry with.",
        description = {
            "Writes a new 2048-bit RSA key pair as DIR/private_key.pem and DIR/public_key.pem, for "
                + "'hexmirror sync --registry resign --signing-key DIR/private_key.pem'.",
            "Give public_key.pem to Mix and rebar3; keep private_key.pem secret. Existing files are never overwritten."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  hexmirror keygen ./keys",
            "  hexmirror sync --package phoenix --registry resign --signing-key ./keys/private_key.pem ./mirror"
        })
final class KeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "DIR", description = "Directory for the key files (created if needed).")
    Path dir;

    @Override
    public Integer call() throws IOException {
        Files.createDirectories(dir);
        Path privateKey = dir.resolve("private_key.pem");
        Path publicKey = dir.resolve("public_key.pem");
        for (Path file : new Path[] {privateKey, publicKey}) {
            if (Files.exists(file)) {
                throw new IOException(file + " already exists; remove it or choose another directory");
            }
        }
        KeyPair pair = RepositoryKeys.generate();
        Files.createFile(privateKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(privateKey, RepositoryKeys.toPem(pair.getPrivate()), StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        Files.writeString(publicKey, RepositoryKeys.toPem(pair.getPublic()), StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
        spec.commandLine().getOut().println("wrote " + privateKey + " (keep it secret) and " + publicKey);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
