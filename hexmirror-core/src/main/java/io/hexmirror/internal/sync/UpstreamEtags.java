package io.hexmirror.internal.sync;

import io.hexmirror.files.StoredObjects;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The upstream ETags of the mirror's copies of {@code /names} and {@code /versions}, kept in the
 * mirror's reserved area and keyed by the storage key of the copy each describes ({@code names}
 * verbatim, {@code .hexmirror/upstream/names} when re-signing). An ETag is recorded only together
 * with the file it describes.
 */
final class UpstreamEtags {
    private final Properties properties;

    private UpstreamEtags(Properties properties) {
        this.properties = properties;
    }

    static UpstreamEtags load(Storage storage, String key) throws IOException {
        Properties properties = new Properties();
        byte[] bytes = StoredObjects.readIfPresent(storage, key, 64 * 1024).orElse(new byte[0]);
        properties.load(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8));
        return new UpstreamEtags(properties);
    }

    String get(String copyKey) {
        return properties.getProperty(copyKey);
    }

    void put(String copyKey, String etag) {
        if (etag == null || etag.isEmpty()) {
            properties.remove(copyKey);
        } else {
            properties.setProperty(copyKey, etag);
        }
    }

    void save(Storage storage, String key) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            properties.store(writer, "upstream ETags of the published indexes");
        }
        storage.write(key, out.toByteArray(), WriteOptions.defaults());
    }
}
