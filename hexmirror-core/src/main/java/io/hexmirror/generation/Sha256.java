package io.hexmirror.generation;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 as generations and bundles write it: 64 lowercase hex digits. */
public final class Sha256 {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    private Sha256() {
    }

    /** A fresh digest. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public static String hex(byte[] content) {
        return HexFormat.of().formatHex(digest().digest(content));
    }

    /** Hashes a digest's result, resetting the digest. */
    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The hash and length of a stream read to its end; does not close it. */
    public static Hashed of(InputStream in) throws IOException {
        MessageDigest digest = digest();
        byte[] buffer = new byte[64 * 1024];
        long size = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
            size += n;
        }
        return new Hashed(size, hex(digest));
    }

    /** Whether the text is a SHA-256 as written here (lowercase hex). */
    public static boolean isValid(String hex) {
        return hex != null && HEX.matcher(hex).matches();
    }

    /** A length and a SHA-256. */
    public record Hashed(long size, String sha256) {
    }
}
