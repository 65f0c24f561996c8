package io.hexmirror.transfer;

import io.hexmirror.VerificationException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An extra check an importer applies to files of a bundle that are neither registry files nor
 * package tarballs (docs tarballs, for instance), after the bundle's own checksums verified and
 * before anything is published. Implementations decide which paths they check.
 */
@FunctionalInterface
public interface BundleFileCheck {
    /** No extra checks. */
    BundleFileCheck NONE = (path, file) -> { };

    /**
     * @param path the file's path in the mirror, such as {@code docs/plug-1.14.0.tar.gz}
     * @param file the staged file
     * @throws VerificationException naming the file and what is wrong with it
     */
    void check(String path, Path file) throws IOException, VerificationException;
}
