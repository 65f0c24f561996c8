package io.hexmirror.testkit.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Counts descriptors from /proc/self/fd: these tests run on Linux, as the project's machines do. */
class OpenFileDescriptorsTest {
    @TempDir
    Path dir;

    @Test
    void countsTheFilesOpenBelowADirectoryOnly() throws IOException {
        Path inside = Files.writeString(Files.createDirectories(dir.resolve("store/sub")).resolve("object"), "x");
        Path beside = Files.writeString(dir.resolve("beside"), "y");
        Path store = dir.resolve("store");

        assertThat(OpenFileDescriptors.countUnder(store)).hasValue(0);
        try (InputStream a = Files.newInputStream(inside);
                InputStream b = Files.newInputStream(inside);
                InputStream c = Files.newInputStream(beside)) {
            assertThat(OpenFileDescriptors.countUnder(store)).hasValue(2);
        }
        assertThat(OpenFileDescriptors.countUnder(store)).hasValue(0);
    }

    @Test
    void aFileDeletedWhileOpenStillCounts() throws IOException {
        Path object = Files.writeString(Files.createDirectories(dir.resolve("store")).resolve("object"), "x");
        try (InputStream in = Files.newInputStream(object)) {
            Files.delete(object);
            assertThat(OpenFileDescriptors.countUnder(dir.resolve("store"))).hasValue(1);
        }
    }
}
