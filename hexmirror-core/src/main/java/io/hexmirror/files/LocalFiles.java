package io.hexmirror.files;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Helpers for local working directories (sync's and import's staging areas, benchmark mirrors). */
public final class LocalFiles {
    private static final Logger LOG = LoggerFactory.getLogger(LocalFiles.class);

    private LocalFiles() {
    }

    /**
     * Deletes a directory and everything under it, deepest first; a directory that does not exist is
     * left alone. Symbolic links are deleted, never followed.
     *
     * @throws IOException naming the first path that could not be deleted; what came before it is gone
     */
    public static void deleteRecursively(Path dir) throws IOException {
        requireNonNull(dir, "dir is null");
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            Iterator<Path> paths = walk.sorted(Comparator.reverseOrder()).iterator();
            while (paths.hasNext()) {
                Files.deleteIfExists(paths.next());
            }
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof NoSuchFileException) {
                return; // deleted by someone else while we walked
            }
            throw e.getCause();
        }
    }

    /**
     * {@link #deleteRecursively} of a scratch directory whose removal must not turn a finished operation into a
     * failed one: what cannot be deleted is logged and left for the next run's clean-up.
     */
    public static void deleteAsFarAsPossible(Path dir) {
        try {
            deleteRecursively(dir);
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("could not clean {}: {}", dir, e.getMessage());
        }
    }
}
