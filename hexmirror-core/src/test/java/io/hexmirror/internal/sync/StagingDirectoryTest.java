package io.hexmirror.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void theNextRunRemovesWhatKilledRunsLeftAndNothingElse() throws Exception {
        Process killed = new ProcessBuilder("true").start();
        killed.waitFor();
        Process running = new ProcessBuilder("sleep", "60").start();
        try {
            Path leftOver = Files.createDirectories(tmp.resolve("hexmirror-sync-" + killed.pid() + "-123/sub"));
            Files.writeString(leftOver.resolve("plug-1.16.0.tar"), "half a tarball");
            Path inUse = Files.createDirectories(tmp.resolve("hexmirror-sync-" + running.pid() + "-456"));
            Path anImport = Files.createDirectories(tmp.resolve("hexmirror-import-" + killed.pid() + "-789"));
            Path unrelated = Files.createDirectories(tmp.resolve("hexmirror-sync-notapid"));

            Path created = StagingDirectory.create(tmp, "sync");

            assertThat(tmp.resolve("hexmirror-sync-" + killed.pid() + "-123")).as("left by a killed sync").doesNotExist();
            assertThat(inUse).as("a sync still running").exists();
            assertThat(anImport).as("another kind").exists();
            assertThat(unrelated).exists();
            assertThat(created.getFileName().toString()).startsWith("hexmirror-sync-" + ProcessHandle.current().pid() + "-");
            assertThat(created).isDirectory();
        } finally {
            running.destroy();
        }
    }
}
