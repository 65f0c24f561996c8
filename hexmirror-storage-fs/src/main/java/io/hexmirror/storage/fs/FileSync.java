package io.hexmirror.storage.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** fsync of a directory, so that a rename survives a power cut. */
final class FileSync {
    private FileSync() {
    }

    static void directory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open or sync directories; the rename itself was atomic.
            if (!isUnsupported(e)) {
                throw e;
            }
        }
    }

    private static boolean isUnsupported(IOException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("Is a directory") || message.contains("Invalid argument");
    }
}
