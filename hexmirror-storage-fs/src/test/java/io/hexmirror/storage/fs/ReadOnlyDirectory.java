package io.hexmirror.storage.fs;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Makes a directory read-only for the length of a test, and writable again on close. Permission
 * bits are enough for an ordinary user; root ignores them, so there the directory also gets the
 * immutable attribute ({@code chattr +i}, which root may set on ext4 and most Linux file systems).
 */
final class ReadOnlyDirectory implements AutoCloseable {
    private final Path directory;
    private final Set<PosixFilePermission> original;
    private final boolean immutable;

    private ReadOnlyDirectory(Path directory, Set<PosixFilePermission> original, boolean immutable) {
        this.directory = directory;
        this.original = original;
        this.immutable = immutable;
    }

    static ReadOnlyDirectory of(Path directory) throws IOException, InterruptedException {
        Set<PosixFilePermission> original = Files.getPosixFilePermissions(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (!canCreateIn(directory)) {
            return new ReadOnlyDirectory(directory, original, false);
        }
        chattr("+i", directory);
        ReadOnlyDirectory readOnly = new ReadOnlyDirectory(directory, original, true);
        if (canCreateIn(directory)) {
            readOnly.close();
            throw new IllegalStateException("cannot make " + directory + " read-only for this test, even with chattr +i");
        }
        return readOnly;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (immutable) {
            chattr("-i", directory);
        }
        Files.setPosixFilePermissions(directory, original);
    }

    private static boolean canCreateIn(Path directory) {
        Path probe = directory.resolve("write-probe");
        try {
            Files.createFile(probe);
            Files.delete(probe);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void chattr(String change, Path directory) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("chattr", change, directory.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8).strip();
        if (process.waitFor() != 0) {
            throw new IOException("chattr " + change + " " + directory + " failed: " + output);
        }
    }
}
