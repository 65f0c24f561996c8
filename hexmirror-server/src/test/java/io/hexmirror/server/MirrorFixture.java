package io.hexmirror.server;

import io.hexmirror.registry.RepositoryKeys;
import io.hexmirror.storage.fs.FileSystemStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A mirror directory on disk, laid out like a synced hexmirror target, with a secret file next to
 * it that must never be served.
 */
final class MirrorFixture {
    static final String SECRET = "TOP-SECRET-NEXT-TO-THE-ROOT";
    static final String RESERVED = "MIRROR-INTERNAL-STATE";

    final Path root;
    final Path secret;
    final Map<String, byte[]> files = new LinkedHashMap<>();

    private MirrorFixture(Path parent) throws IOException {
        this.root = Files.createDirectories(parent.resolve("mirror"));
        this.secret = parent.resolve("secret.txt");
        Files.writeString(secret, SECRET);
        Random random = new Random(42);
        put("names", gzip(random, 300));
        put("versions", gzip(random, 500));
        put("packages/decimal", gzip(random, 800));
        put("packages/jason", gzip(random, 700));
        put("tarballs/decimal-2.0.0.tar", bytes(random, 150_000));
        put("docs/decimal-2.0.0.tar.gz", gzip(random, 2_000));
        put("installs/hex.csv", "2.0.6,abc123,1.14.0,25\n".getBytes(StandardCharsets.UTF_8));
        put("installs/1.14.0/hex-2.0.6-otp-25.ez", bytes(random, 1_000));
        put("public_key", RepositoryKeys.hexpmPublicKeyPem().getBytes(StandardCharsets.US_ASCII));
        put("tarballs/empty-0.1.0.tar", new byte[0]);
        // Never served: mirror-internal data, an in-flight write, a directory.
        write(".hexmirror/state.json", RESERVED.getBytes(StandardCharsets.UTF_8));
        write("tarballs/.hexmirror-tmp-123.part", RESERVED.getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(root.resolve("docs/subdir"));
    }

    static MirrorFixture create(Path parent) {
        try {
            return new MirrorFixture(parent);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FileSystemStorage storage() throws IOException {
        return FileSystemStorage.open(root, false);
    }

    byte[] get(String key) {
        return files.get(key);
    }

    void put(String key, byte[] content) throws IOException {
        files.put(key, content);
        write(key, content);
    }

    private void write(String key, byte[] content) throws IOException {
        Path file = root.resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(Random random, int size) {
        byte[] out = new byte[size];
        random.nextBytes(out);
        return out;
    }

    /** Gzipped content, as the registry files are: a server must send these bytes as they are. */
    private static byte[] gzip(Random random, int size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes(random, size));
        }
        return out.toByteArray();
    }
}
