package io.hexmirror.storage.fs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Readable reasons for file-system failures. Several NIO exceptions carry only the path as their
 * message ("/srv/mirror/x"), which says where but not what went wrong.
 */
final class Failures {
    private Failures() {
    }

    static String reason(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + message;
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory: " + message;
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists: " + message;
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty: " + message;
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory: " + message;
        }
        return message;
    }
}
