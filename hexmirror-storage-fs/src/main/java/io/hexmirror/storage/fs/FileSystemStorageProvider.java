package io.hexmirror.storage.fs;

import io.hexmirror.storage.Storage;
import io.hexmirror.storage.StorageProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code file:} storage provider: a directory whose tree is the mirror's layout. Options:
 * {@code fsync=false} skips fsync (for tests and throwaway mirrors; default true).
 */
public final class FileSystemStorageProvider implements StorageProvider {
    public static final String SCHEME = "file";

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public Storage open(URI uri, Map<String, String> options) throws IOException {
        boolean fsync = true;
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (option.getKey().equals("fsync")) {
                fsync = parseBoolean(option.getKey(), option.getValue());
            } else {
                throw new IllegalArgumentException("unknown option '" + option.getKey() + "' for file storage (known: fsync)");
            }
        }
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
        return FileSystemStorage.open(root, fsync);
    }

    private static boolean parseBoolean(String name, String value) {
        return switch (value) {
            case "true", "" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("option '" + name + "' must be true or false, not '" + value + "'");
        };
    }
}
