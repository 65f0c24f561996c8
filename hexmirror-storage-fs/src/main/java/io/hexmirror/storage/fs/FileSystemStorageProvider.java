package io.hexmirror.storage.fs;

import io.hexmirror.storage.Storage;
import io.hexmirror.storage.StorageProvider;
import io.hexmirror.storage.config.ProviderOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The {@code file:} storage provider: a directory whose tree is the mirror's layout. Options:
 * {@code fsync=false} skips fsync (for tests and throwaway mirrors; default true).
 */
public final class FileSystemStorageProvider implements StorageProvider {
    public static final String SCHEME = "file";
    /** Whether to fsync files and directories when publishing; true unless given as false. */
    public static final String FSYNC = "fsync";

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public Storage open(URI uri, Map<String, String> options) throws IOException {
        boolean fsync = fsync(options);
        return FileSystemStorage.open(root(uri), fsync);
    }

    /** Opens the directory only when it exists: nothing is created. */
    @Override
    public Storage openExisting(URI uri, Map<String, String> options) throws IOException {
        boolean fsync = fsync(options);
        return FileSystemStorage.openExisting(root(uri), fsync);
    }

    private static boolean fsync(Map<String, String> options) {
        return ProviderOptions.of("file storage", options, Set.of(FSYNC), Set.of()).bool(FSYNC, true);
    }

    private static Path root(URI uri) {
        if (uri.isOpaque()) {
            throw new IllegalArgumentException("file URI '" + uri + "' is not absolute; use file:///absolute/path or a plain path");
        }
        if (uri.getAuthority() != null && !uri.getAuthority().isEmpty()) {
            throw new IllegalArgumentException("file URI '" + uri + "' names a host; use file:///absolute/path or a plain path");
        }
        Path root;
        try {
            root = Path.of(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid file URI '" + uri + "': " + e.getMessage(), e);
        }
        return root;
    }
}
