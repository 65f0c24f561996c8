package io.hexmirror.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFilesTest {
    @TempDir
    Path temp;

    @Test
    void deletesATreeButNotWhatALinkInItPointsTo() throws Exception {
        Path outside = Files.writeString(temp.resolve("outside.txt"), "keep");
        Path dir = Files.createDirectories(temp.resolve("work/a/b"));
        Files.writeString(dir.resolve("file"), "x");
        Files.createSymbolicLink(temp.resolve("work/link"), outside);

        LocalFiles.deleteRecursively(temp.resolve("work"));

        assertThat(temp.resolve("work")).doesNotExist();
        assertThat(outside).hasContent("keep");
    }

    @Test
    void aMissingDirectoryIsLeftAlone() throws Exception {
        LocalFiles.deleteRecursively(temp.resolve("absent"));

        assertThat(temp.resolve("absent")).doesNotExist();
    }
}
