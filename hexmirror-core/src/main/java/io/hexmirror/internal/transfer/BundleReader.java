package io.hexmirror.internal.transfer;

import io.hexmirror.ChecksumMismatchException;
import io.hexmirror.MalformedDataException;
import io.hexmirror.VerificationException;
import io.hexmirror.generation.Sha256;
import io.hexmirror.transfer.BundleEntry;
import io.hexmirror.transfer.BundleManifest;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a bundle from its files in one pass: the manifest first, then every pack, copying each
 * file the manifest lists to a staging directory and checking its length and SHA-256 on the way.
 * Not thread-safe.
 */
final class BundleReader implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(BundleReader.class);
    private static final int BUFFER = 256 * 1024;

    private final List<Path> files;
    private final TarArchiveInputStream tar;
    private BundleManifest manifest;
    private long manifestBytes;

    private BundleReader(List<Path> files, TarArchiveInputStream tar) {
        this.files = files;
        this.tar = tar;
    }

    /** Opens the bundle's files, in order, as one stream. */
    static BundleReader open(List<Path> files) throws IOException {
        List<InputStream> streams = new ArrayList<>();
        try {
            for (Path file : files) {
                streams.add(Files.newInputStream(file));
            }
        } catch (IOException e) {
            for (InputStream in : streams) {
                in.close();
            }
            throw e;
        }
        InputStream joined = new SequenceInputStream(Collections.enumeration(streams));
        return new BundleReader(files, new TarArchiveInputStream(new BufferedInputStream(joined, BUFFER), BundleLayout.RECORD));
    }

    /**
     * Reads and checks the manifest, and checks the files' lengths against it.
     *
     * @throws MalformedDataException when this is not a bundle, the manifest is invalid, or a volume
     *     is missing, surplus or truncated
     */
    BundleManifest readManifest() throws IOException, MalformedDataException {
        TarArchiveEntry first = nextMember("the manifest");
        if (first == null || !first.getName().equals(BundleManifest.MEMBER)) {
            throw new MalformedDataException(where() + " is not a hexmirror bundle: it does not begin with " + BundleManifest.MEMBER
                    + (first == null ? "" : " but with '" + first.getName() + "'"));
        }
        manifest = ManifestCodec.read(tar);
        manifestBytes = first.getSize();
        BundleVolumes.checkSizes(files, manifest, BundleLayout.tarBytes(manifestBytes, manifest.packs()));
        return manifest;
    }

    /**
     * Copies every file of the bundle into {@code dir}, checking each against the manifest.
     *
     * @throws ChecksumMismatchException when a file's content does not match its manifest entry
     * @throws MalformedDataException when the members do not follow the manifest
     */
    StagedBundle stage(Path dir) throws IOException, VerificationException {
        if (manifest == null) {
            throw new IllegalStateException("read the manifest first");
        }
        Map<String, List<BundleEntry>> byPack = new LinkedHashMap<>();
        for (BundleEntry e : manifest.entries()) {
            if (!e.deleted()) {
                byPack.computeIfAbsent(e.member(), m -> new ArrayList<>()).add(e);
            }
        }
        Map<String, Path> staged = new HashMap<>();
        byte[] buffer = new byte[BUFFER];
        for (BundleManifest.Pack pack : manifest.packs()) {
            TarArchiveEntry member = nextMember(pack.member());
            if (member == null || !member.getName().equals(pack.member()) || member.getSize() != pack.size()) {
                throw new MalformedDataException(where() + ": expected member " + pack.member() + " of " + pack.size() + " bytes, found "
                        + (member == null ? "the end of the archive" : "'" + member.getName() + "' of " + member.getSize() + " bytes"));
            }
            for (BundleEntry e : byPack.getOrDefault(pack.member(), List.of())) {
                Path file = dir.resolve(String.format("%08d", staged.size() + 1));
                copy(e, file, buffer);
                staged.put(e.path(), file);
            }
            LOG.debug("staged {} ({} bytes)", pack.member(), pack.size());
        }
        TarArchiveEntry extra = nextMember("the end of the archive");
        if (extra != null) {
            throw new MalformedDataException(where() + ": member '" + extra.getName() + "' follows the last pack the manifest lists");
        }
        return new StagedBundle(manifest, staged);
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }

    private void copy(BundleEntry e, Path file, byte[] buffer) throws IOException, VerificationException {
        MessageDigest digest = Sha256.digest();
        long left = e.size();
        try (OutputStream out = Files.newOutputStream(file)) {
            while (left > 0) {
                int n = tar.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new MalformedDataException(where() + ": " + e.member() + " ends inside " + e.path() + ": the bundle is truncated");
                }
                out.write(buffer, 0, n);
                digest.update(buffer, 0, n);
                left -= n;
            }
        }
        String sha = Sha256.hex(digest);
        if (!sha.equals(e.sha256())) {
            throw new ChecksumMismatchException(where() + ": " + e.path() + " (in " + e.member() + " at offset " + e.offset()
                    + ") has SHA-256 " + sha + ", but the manifest says " + e.sha256() + ": the bundle is damaged");
        }
    }

    /** The next member; a damaged header is reported as such rather than as a read error. */
    private TarArchiveEntry nextMember(String expected) throws MalformedDataException {
        try {
            return tar.getNextEntry();
        } catch (IOException e) {
            throw new MalformedDataException(where() + ": damaged tar data where " + expected + " should start (" + e.getMessage() + ")", e);
        }
    }

    private String where() {
        return files.size() == 1 ? "bundle " + files.get(0) : "bundle " + files.get(0) + " (" + files.size() + " volumes)";
    }
}
