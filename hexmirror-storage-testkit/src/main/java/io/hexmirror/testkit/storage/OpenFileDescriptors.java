package io.hexmirror.testkit.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Counts this process's open files below a directory, from {@code /proc/self/fd} on Linux. Counting
 * only files below the store's directory keeps the figure free of the jars, sockets and logs the
 * JVM and the test framework open meanwhile, so a test can compare it with a baseline exactly.
 */
public final class OpenFileDescriptors {
    private static final Path PROC_FDS = Path.of("/proc/self/fd");

    private OpenFileDescriptors() {
    }

    /**
     * The number of open file descriptors whose target lies below {@code directory} (compared by
     * real path, so pass the real path of the directory), or empty where {@code /proc/self/fd} does
     * not exist.
     */
    public static OptionalInt countUnder(Path directory) throws IOException {
        if (!Files.isDirectory(PROC_FDS)) {
            return OptionalInt.empty();
        }
        Path real = directory.toRealPath();
        int count = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC_FDS)) {
            for (Path fd : fds) {
                Path target;
                try {
                    target = Files.readSymbolicLink(fd);
                } catch (IOException e) {
                    // Closed between listing and reading it, like the directory stream's own descriptor.
                    continue;
                }
                if (target.startsWith(real)) {
                    count++;
                }
            }
        }
        return OptionalInt.of(count);
    }
}
