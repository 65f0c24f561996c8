package io.hexmirror.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {
    @TempDir
    Path dir;

    @Test
    void readsUtf8TextUpToTheLimit() throws Exception {
        Path file = Files.writeString(dir.resolve("mix.lock"), "%{\"décimal\" => 1}", StandardCharsets.UTF_8);
        long size = Files.size(file);

        assertThat(InputFiles.readText(file, "lock file", size)).isEqualTo("%{\"décimal\" => 1}");
        assertThatThrownBy(() -> InputFiles.readText(file, "lock file", size - 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("lock file " + file + " is larger than " + (size - 1)
                        + " bytes, far larger than any lock file: is it the right file?");
    }

    @Test
    void aDirectoryIsRefusedNamingIt() {
        assertThatThrownBy(() -> InputFiles.readText(dir, "selection file", 100))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("selection file " + dir + " is a directory, not a file");
    }

    @Test
    void aMissingFileIsRefusedNamingIt() {
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> InputFiles.readText(missing, "key file", 100))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("key file " + missing + " does not exist");
    }

    @Test
    void binaryDataIsRefusedWhereItStarts() throws Exception {
        Path invalidUtf8 = Files.write(dir.resolve("a"), new byte[] {'a', 'b', (byte) 0xC3, (byte) 0x28, 'c'});
        assertThatThrownBy(() -> InputFiles.readText(invalidUtf8, "lock file", 100))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("lock file " + invalidUtf8 + " is not a text file (binary data near byte 2): is it the right file?");

        Path nul = Files.write(dir.resolve("b"), new byte[] {'x', 0, 'y'});
        assertThatThrownBy(() -> InputFiles.readText(nul, "request file", 100))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("request file " + nul + " is not a text file (binary data near byte 1)");
    }
}
