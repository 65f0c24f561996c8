package io.hexmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.registry.RepositoryKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file a user names on the command line (selection, lock, key, request and bundle files), when it is
 * a directory, binary data or a deeply nested term: one line naming the file, exit code 2, no stack trace,
 * and the mirror untouched.
 */
class InputFileErrorsTest {
    /** Where nothing listens: the errors must come before any request. */
    private static final String NOWHERE = "http://127.0.0.1:1";

    @TempDir
    Path dir;

    Path mirror;

    @BeforeEach
    void emptyMirror() throws Exception {
        mirror = Files.createDirectories(dir.resolve("mirror"));
    }

    /** Commands, each with the file in the place of one input file. */
    static Stream<Arguments> inputs() {
        List<Arguments> cases = new ArrayList<>();
        List<String> kinds = List.of("directory", "binary", "nested");
        for (String kind : kinds) {
            cases.add(Arguments.of("plan --selection", kind, command((file, target) ->
                    List.of("plan", "--upstream", NOWHERE, "--selection", file, target))));
            cases.add(Arguments.of("sync --lock", kind, command((file, target) ->
                    List.of("sync", "--upstream", NOWHERE, "--lock", file, target))));
            cases.add(Arguments.of("verify --upstream-key", kind, command((file, target) ->
                    List.of("verify", "--upstream-key", file, target))));
            cases.add(Arguments.of("sync --signing-key", kind, command((file, target) ->
                    List.of("sync", "--upstream", NOWHERE, "--package", "decimal", "--registry", "resign", "--signing-key", file,
                            target))));
            cases.add(Arguments.of("want --lock", kind, command((file, target) ->
                    List.of("want", "--lock", file, target, target + "/../want.json"))));
            cases.add(Arguments.of("export --request", kind, command((file, target) ->
                    List.of("export", "--request", file, target, target + "/../out.bundle"))));
        }
        cases.add(Arguments.of("import", "directory", command((file, target) -> List.of("import", file, target))));
        return cases.stream();
    }

    private static BiFunction<String, String, List<String>> command(BiFunction<String, String, List<String>> command) {
        return command;
    }

    @ParameterizedTest(name = "{0} given a {1} file")
    @MethodSource("inputs")
    void aBadInputFileIsOneLineNamingItWithExitCode2(String what, String kind, BiFunction<String, String, List<String>> command)
            throws Exception {
        Path file = badFile(kind, what.contains("request") ? "json" : what.contains("key") ? "pem" : "terms");

        CliRun run = CliRun.of(command.apply(file.toString(), mirror.toString()).toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip()).as(run.err())
                .startsWith(ErrorHandler.PREFIX)
                .contains(file.toString())
                .doesNotContain("\tat ")
                .hasLineCount(1);
        assertThat(run.err().length()).as("a short line, not the file's content").isLessThan(400);
        try (Stream<Path> files = Files.list(mirror)) {
            assertThat(files).as("the mirror is untouched").isEmpty();
        }
    }

    @Test
    void aSigningKeyUnder2048BitsIsRefusedBeforeAnythingIsWritten() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        Path weak = Files.writeString(dir.resolve("weak.pem"), RepositoryKeys.toPem(generator.generateKeyPair().getPrivate()));
        Path target = dir.resolve("new-mirror");

        CliRun run = CliRun.of("sync", "--upstream", NOWHERE, "--package", "decimal", "--registry", "resign",
                "--signing-key", weak.toString(), target.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip()).isEqualTo(ErrorHandler.PREFIX + weak + ": an RSA key of 1024 bits is too weak to sign a"
                + " registry: use one of at least 2048 bits (hexmirror keygen makes one)");
        assertThat(target).doesNotExist();
    }

    @Test
    void anArgumentStartingWithAtIsATargetNotAFileToExpand() throws Exception {
        Files.createDirectories(dir.resolve("args"));

        CliRun run = CliRun.of("status", "@" + dir.resolve("args"));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip()).startsWith(ErrorHandler.PREFIX + "no mirror at ").contains("@" + dir.resolve("args"))
                .hasLineCount(1);
    }

    private Path badFile(String kind, String format) throws Exception {
        switch (kind) {
            case "directory":
                return Files.createDirectories(dir.resolve("a-directory"));
            case "binary":
                byte[] bytes = new byte[3000];
                new Random(14).nextBytes(bytes);
                return Files.write(dir.resolve("binary.bin"), bytes);
            case "nested":
                String text = switch (format) {
                    case "json" -> "{\"a\":".repeat(100_000);
                    case "pem" -> "-----BEGIN PUBLIC KEY-----\n" + "[".repeat(100_000) + "\n-----END PUBLIC KEY-----\n";
                    default -> "%{\"a\" => " + "[".repeat(100_000);
                };
                return Files.writeString(dir.resolve("nested"), text);
            default:
                throw new IllegalArgumentException(kind);
        }
    }
}
