package io.hexmirror.internal.sync;

import io.hexmirror.files.LocalFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local directories where a sync or an import stages files before publishing them. Their names
 * carry the process id ({@code hexmirror-sync-4242-...}), so that the next run can remove what a
 * killed run left behind without touching the directory of a run still going.
 */
public final class StagingDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(StagingDirectory.class);

    private StagingDirectory() {
    }

    /**
     * Removes the staging directories {@code kind} left in {@code parent} by processes that are
     * gone, then creates one for this process.
     *
     * @param kind such as {@code sync} or {@code import}
     */
    public static Path create(Path parent, String kind) throws IOException {
        Files.createDirectories(parent);
        String prefix = "hexmirror-" + kind + "-";
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, prefix + "*")) {
            for (Path dir : dirs) {
                String rest = dir.getFileName().toString().substring(prefix.length());
                int dash = rest.indexOf('-');
                if (dash <= 0 || !Files.isDirectory(dir)) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(rest.substring(0, dash));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).isEmpty()) {
                    LOG.info("removing {}, left by a {} (process {}) that was stopped", dir, kind, pid);
                    LocalFiles.deleteAsFarAsPossible(dir);
                }
            }
        }
        return Files.createTempDirectory(parent, prefix + ProcessHandle.current().pid() + "-");
    }
}
