package io.hexmirror.internal.upstream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@link UpstreamClient#download(String, long, int, Path)} got: a body no longer than the
 * in-memory bound in {@code bytes}, a longer one in {@code file} (the spill file the caller named,
 * which the caller then owns and deletes).
 *
 * @param bytes the body, or {@code null} when it is in {@code file}
 * @param file the spill file holding the body, or {@code null} when it is in {@code bytes}
 * @param size the number of body bytes
 * @param etag the response's {@code ETag} header verbatim, or {@code null} when absent
 */
public record DownloadedBody(byte[] bytes, Path file, long size, String etag) {
    public DownloadedBody {
        if ((bytes == null) == (file == null)) {
            throw new IllegalArgumentException("a body is either in memory or in a file");
        }
    }

    /** Whether the body is in {@link #bytes()}, with no file. */
    public boolean inMemory() {
        return bytes != null;
    }

    /** Reads the body from where it is. */
    public InputStream open() throws IOException {
        return inMemory() ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
    }
}
