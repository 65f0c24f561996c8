package io.hexmirror.docs;

import io.hexmirror.MalformedDataException;

/**
 * A docs tarball that is refused: not gzip or tar, over a size or entry limit, or holding an entry
 * that could escape its directory or is not a plain file. The message names the package and version.
 */
public final class DocsTarballException extends MalformedDataException {
    private final DocsRelease release;

    DocsTarballException(DocsRelease release, String problem) {
        super("docs of " + release.name() + " " + release.version() + " refused: " + problem);
        this.release = release;
    }

    DocsTarballException(DocsRelease release, String problem, Throwable cause) {
        super("docs of " + release.name() + " " + release.version() + " refused: " + problem, cause);
        this.release = release;
    }

    /** The docs version whose tarball was refused. */
    public DocsRelease release() {
        return release;
    }
}
