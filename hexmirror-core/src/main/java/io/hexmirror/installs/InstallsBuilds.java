package io.hexmirror.installs;

import io.hexmirror.ChecksumMismatchException;
import io.hexmirror.MalformedDataException;
import io.hexmirror.VerificationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** The checks every installer build passes before it is published, by sync or by import. */
public final class InstallsBuilds {
    /** Hex archives and rebar3 escripts are around a megabyte; this only guards against a hostile source. */
    public static final long MAX_BYTES = 256L * 1024 * 1024;

    private InstallsBuilds() {
    }

    /**
     * Checks a build against the CSV row that lists it: its SHA-512, and for a Hex archive that it is
     * a whole zip file.
     *
     * @param where where the file is, for messages ("downloaded from upstream", "in the bundle")
     * @throws VerificationException naming the file, the CSV row and what differs
     */
    public static void verify(InstallsCsv csv, InstallsRow row, Path file, String where)
            throws IOException, VerificationException {
        String name = row.key() + " " + where;
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new MalformedDataException(name + " is larger than " + MAX_BYTES + " bytes");
        }
        String actual = sha512(file);
        if (!actual.equals(row.sha512())) {
            throw new ChecksumMismatchException(name + " has SHA-512 " + actual + " (" + size + " bytes), but "
                    + csv.index().key() + " line " + row.line() + " says " + row.sha512());
        }
        if (csv.index().hexArchives()) {
            try (ZipFile zip = new ZipFile(file.toFile())) {
                if (zip.size() == 0) {
                    throw new MalformedDataException(name + " is an empty .ez archive");
                }
            } catch (ZipException e) {
                throw new MalformedDataException(name + " is not a whole .ez (zip) archive: " + e.getMessage(), e);
            }
        }
    }

    static String sha512(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha512(in);
        }
    }

    /** The SHA-512 of a build, in lower-case hex as the CSV rows give it. */
    public static String sha512(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-512");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JVM has SHA-512", e);
        }
    }
}
