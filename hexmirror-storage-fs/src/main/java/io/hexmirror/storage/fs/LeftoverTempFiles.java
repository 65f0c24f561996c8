package io.hexmirror.storage.fs;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Temporary files carry the host and process that write them ({@code HOST~PID~}), so that the
 * temporary files of a process that was killed on this host can be told from those of a write in
 * progress, and removed when a listing comes across them or a write goes to their directory.
 * Files of other hosts (a directory shared over the network) are left alone: nothing here can
 * tell whether their writer is alive.
 */
final class LeftoverTempFiles {
    /** The JDK's logger: a storage plugin depends on nothing but the storage API. */
    private static final System.Logger LOG = System.getLogger(LeftoverTempFiles.class.getName());
    private static final String HOST = hostName();
    /** The part of a temporary file's name after the marker that names this process. */
    static final String OWNER = HOST + "~" + ProcessHandle.current().pid() + "~";

    private LeftoverTempFiles() {
    }

    /** Removes the temporary files in {@code directory} that were written by processes of this host that are gone. */
    static void removeLeftOversIn(Path directory) {
        // A prefix test rather than a glob: the first write of a sync or an import to tarballs/ reads all of its
        // names (150,000 at hex.pm's size), and a glob runs a regular expression on each.
        DirectoryStream.Filter<Path> temporary = path -> path.getFileName().toString().startsWith(FileSystemStorage.TEMP_MARKER);
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(directory, temporary)) {
            for (Path temp : temps) {
                removeIfLeftOver(temp, temp.getFileName().toString().substring(FileSystemStorage.TEMP_MARKER.length()));
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not look for leftovers in {0}: {1}", directory, e.getMessage());
        }
    }

    /** Removes the temporary file when it was written by a process of this host that is gone. */
    static void removeIfLeftOver(Path file, String afterMarker) {
        String[] parts = afterMarker.split("~", 3);
        if (parts.length < 3 || !parts[0].equals(HOST)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return;
        }
        if (pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).isPresent()) {
            return;
        }
        try {
            if (Files.deleteIfExists(file)) {
                LOG.log(System.Logger.Level.INFO, "removed {0}, left by process {1}, which is gone", file, pid);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not remove {0}: {1}", file, e.getMessage());
        }
    }

    private static String hostName() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            name = "localhost";
        }
        // Only characters that are safe in a file name, and never the separator.
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
