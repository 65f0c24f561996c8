package io.hexmirror.internal.transfer;

import io.hexmirror.generation.Sha256;
import io.hexmirror.storage.Storage;
import io.hexmirror.transfer.BundleEntry;
import io.hexmirror.transfer.BundleManifest;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Streams a bundle: the manifest, then each pack with its files read from the storage one after
 * another. Holds only the (compressed) manifest in memory. Every file is hashed on the way and
 * must match its manifest entry, so a file that changes during the export fails it rather than
 * ship content the manifest does not describe.
 */
final class BundleWriter {
    private static final int BUFFER = 256 * 1024;

    private BundleWriter() {
    }

    /** Writes the whole bundle to {@code out} (which it does not close) and returns its length. */
    static long write(BundleManifest manifest, Storage source, OutputStream out) throws IOException {
        ByteArrayOutputStream manifestBytes = new ByteArrayOutputStream();
        ManifestCodec.write(manifest, manifestBytes);
        CountingStream counted = new CountingStream(new BufferedOutputStream(out, BUFFER));
        TarArchiveOutputStream tar = new TarArchiveOutputStream(counted, BundleLayout.RECORD);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_ERROR);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_ERROR);
        tar.putArchiveEntry(member(BundleManifest.MEMBER, manifestBytes.size(), manifest));
        manifestBytes.writeTo(tar);
        tar.closeArchiveEntry();

        Map<String, List<BundleEntry>> byPack = new LinkedHashMap<>();
        for (BundleEntry e : manifest.entries()) {
            if (!e.deleted()) {
                byPack.computeIfAbsent(e.member(), m -> new ArrayList<>()).add(e);
            }
        }
        byte[] buffer = new byte[BUFFER];
        for (BundleManifest.Pack pack : manifest.packs()) {
            tar.putArchiveEntry(member(pack.member(), pack.size(), manifest));
            for (BundleEntry e : byPack.getOrDefault(pack.member(), List.of())) {
                copy(source, e, tar, buffer);
            }
            tar.closeArchiveEntry();
        }
        tar.finish();
        // The tar stream does not pass flush() on; the buffered bytes must reach the volumes.
        counted.flush();
        long expected = BundleLayout.tarBytes(manifestBytes.size(), manifest.packs());
        if (counted.count != expected) {
            throw new IllegalStateException("wrote " + counted.count + " bytes of bundle, expected " + expected);
        }
        return counted.count;
    }

    private static void copy(Storage source, BundleEntry e, OutputStream tar, byte[] buffer) throws IOException {
        MessageDigest digest = Sha256.digest();
        long copied = 0;
        try (InputStream in = source.read(e.path())) {
            for (int n; (n = in.read(buffer, 0, (int) Math.min(buffer.length, e.size() - copied + 1))) > 0; ) {
                if (copied + n > e.size()) {
                    throw changed(source, e, "it grew beyond " + e.size() + " bytes");
                }
                tar.write(buffer, 0, n);
                digest.update(buffer, 0, n);
                copied += n;
            }
        }
        if (copied != e.size()) {
            throw changed(source, e, "it has " + copied + " bytes, not " + e.size());
        }
        String sha = Sha256.hex(digest);
        if (!sha.equals(e.sha256())) {
            throw changed(source, e, "its SHA-256 is " + sha + ", not " + e.sha256());
        }
    }

    private static ContentChangedException changed(Storage source, BundleEntry e, String detail) {
        return new ContentChangedException(e.path() + " in " + source.describe() + " differs from what the mirror's journal"
                + " recorded (" + detail + "): it was changed outside hexmirror");
    }

    /** A file's content is not what its manifest entry says. */
    static final class ContentChangedException extends IOException {
        ContentChangedException(String message) {
            super(message);
        }
    }

    private static TarArchiveEntry member(String name, long size, BundleManifest manifest) {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(size);
        entry.setMode(0100644);
        entry.setModTime(manifest.createdAt().toEpochMilli());
        return entry;
    }

    /** Counts what reaches the output, to check the bundle's length against its layout. */
    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
