package io.hexmirror.tarball;

import io.hexmirror.ChecksumMismatchException;
import io.hexmirror.MalformedDataException;
import io.hexmirror.VerificationException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** One pass over one tarball: the state {@link TarballReader#read(InputStream, String)} needs while streaming. */
final class TarballScan {
    static final String VERSION = "VERSION";
    static final String CHECKSUM = "CHECKSUM";
    static final String METADATA = "metadata.config";
    static final String CONTENTS = "contents.tar.gz";
    static final String SUPPORTED_FORMAT = "3";
    /** metadata.config is the one member held in memory; real ones are a few KB. */
    static final int MAX_METADATA_BYTES = 1024 * 1024;

    private static final List<String> MEMBERS = List.of(VERSION, CHECKSUM, METADATA, CONTENTS);
    private static final int MAX_VERSION_BYTES = 16;
    private static final int CHECKSUM_HEX_DIGITS = 64;
    /** More than the 64 digits, so that a slightly wrong CHECKSUM gets a message about its content. */
    private static final int MAX_CHECKSUM_BYTES = 256;
    private static final int RECORD = 512;
    /** POSIX ends a tar archive with two zero records; erl_tar, which Hex uses, writes both. */
    private static final int END_MARKER = 2 * RECORD;
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    /** The inflater's input buffer for a large contents.tar.gz; a smaller member gets one its own size. */
    private static final int MAX_GZIP_BUFFER_BYTES = 8192;

    private final String where;
    private final long maxUncompressedBytes;
    private final FailureLatch latch = new FailureLatch();
    private final MeteredInputStream source;
    private final MessageDigest inner = MeteredInputStream.sha256();
    private final Set<String> seen = new HashSet<>();
    /**
     * The one buffer for bytes that are only counted, hashed or inflated and then dropped: most tarballs
     * are a few KiB, so a buffer per step would cost more to allocate and clear than the data to hash.
     */
    private final byte[] scratch = new byte[8192];
    private byte[] version;
    private byte[] checksum;
    private byte[] metadata;
    /** Offset just past the last member's data and its padding. */
    private long dataEnd;
    /** The member contents.tar.gz came before, or null. */
    private String contentsCameBefore;
    /**
     * Why contents.tar.gz is not valid gzip, or null. Reported only when the inner checksum matches: a
     * corrupted download is a checksum mismatch first, whatever it did to the gzip data.
     */
    private MalformedDataException contentsFailure;

    TarballScan(InputStream in, String where, long maxTarballBytes, long maxUncompressedBytes) {
        this.where = where;
        this.maxUncompressedBytes = maxUncompressedBytes;
        this.source = new MeteredInputStream(in, maxTarballBytes, latch, where);
    }

    /** What a scan found: both checksums, the size, and the raw {@code metadata.config}. */
    record Scanned(byte[] innerChecksum, byte[] outerChecksum, long size, byte[] metadata) {
    }

    Scanned run() throws IOException, VerificationException {
        Scanned tarball;
        try {
            tarball = scan();
        } catch (IOException e) {
            if (source.sourceFailure() != null) {
                throw source.sourceFailure();
            }
            if (latch.failure() != null) {
                throw latch.failure();
            }
            if (source.ended()) {
                throw new MalformedDataException(where + ": truncated: ends at byte " + source.count() + " (" + reason(e) + ")", e);
            }
            throw new MalformedDataException(where + ": not a valid tar archive (" + reason(e) + ")", e);
        } catch (VerificationException e) {
            throw latch.failure() != null ? latch.failure() : e;
        }
        if (latch.failure() != null) {
            throw latch.failure();
        }
        return tarball;
    }

    private Scanned scan() throws IOException, VerificationException {
        TarArchiveInputStream tar = new TarArchiveInputStream(source, StandardCharsets.UTF_8.name());
        for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
            checkMember(entry);
            MemberStream member = new MemberStream(tar, entry.getName(), entry.getSize());
            switch (entry.getName()) {
                case VERSION -> version = checkVersion(readSmall(member, MAX_VERSION_BYTES));
                case CHECKSUM -> checksum = parseChecksum(readSmall(member, MAX_CHECKSUM_BYTES));
                case METADATA -> metadata = readSmall(member, MAX_METADATA_BYTES);
                default -> contents(member);
            }
            dataEnd = (source.count() + RECORD - 1) / RECORD * RECORD;
        }
        // The outer checksum is over the whole file, padding after the end-of-archive marker included.
        source.drain(scratch);
        checkEnd();
        for (String name : MEMBERS) {
            if (!seen.contains(name)) {
                throw new MalformedDataException(where + ": missing member " + name);
            }
        }
        if (contentsCameBefore != null) {
            // The inner checksum hashes VERSION and metadata.config first; holding contents.tar.gz back
            // until they arrive would mean buffering it. Hex writes the members in checksum order.
            throw new MalformedDataException(where + ": member " + CONTENTS + " comes before " + contentsCameBefore
                    + "; Hex tarballs put it last");
        }
        byte[] computed = inner.digest();
        if (!MessageDigest.isEqual(computed, checksum)) {
            throw new ChecksumMismatchException(where + ": inner checksum mismatch: the CHECKSUM member says " + HEX.formatHex(checksum)
                    + " but VERSION, metadata.config and contents.tar.gz hash to " + HEX.formatHex(computed));
        }
        if (contentsFailure != null) {
            throw contentsFailure;
        }
        return new Scanned(computed, source.checksum(), source.count(), metadata);
    }

    private void checkMember(TarArchiveEntry entry) throws MalformedDataException {
        String name = entry.getName();
        // commons-compress records a header's checksum but reads on; erl_tar and GNU tar refuse it.
        if (!entry.isCheckSumOK()) {
            throw new MalformedDataException(where + ": the tar header of member '" + printable(name)
                    + "' is corrupt (its header checksum does not match)");
        }
        if (!MEMBERS.contains(name)) {
            throw new MalformedDataException(where + ": unexpected member '" + printable(name)
                    + "': a Hex tarball holds only VERSION, CHECKSUM, metadata.config and contents.tar.gz");
        }
        if (!seen.add(name)) {
            throw new MalformedDataException(where + ": duplicate member " + name);
        }
        byte type = entry.getLinkFlag();
        if ((type != TarConstants.LF_NORMAL && type != TarConstants.LF_OLDNORM) || entry.isSparse()) {
            throw new MalformedDataException(where + ": member " + name + " is not a regular file (tar type '"
                    + printable(Character.toString((char) (type & 0xFF))) + "')");
        }
        if (entry.getSize() > source.limit()) {
            throw new MalformedDataException(where + ": member " + name + " declares " + entry.getSize()
                    + " bytes, which exceeds the limit of " + source.limit() + " bytes");
        }
    }

    private byte[] readSmall(MemberStream member, int max) throws IOException, MalformedDataException {
        if (member.size > max) {
            throw new MalformedDataException(where + ": member " + member.name + " is " + member.size
                    + " bytes, which exceeds the limit of " + max + " bytes");
        }
        // The member's size is known: read exactly that, without readAllBytes' growing buffers. A
        // member that ends early is refused by MemberStream as truncated.
        byte[] bytes = new byte[(int) member.size];
        member.readNBytes(bytes, 0, bytes.length);
        return bytes;
    }

    private byte[] checkVersion(byte[] bytes) throws MalformedDataException {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.equals(SUPPORTED_FORMAT)) {
            return bytes;
        }
        if (text.equals("1") || text.equals("2")) {
            throw new MalformedDataException(where + ": tarball format version " + text
                    + " is not supported; only version " + SUPPORTED_FORMAT + " is");
        }
        throw new MalformedDataException(where + ": the VERSION member holds '" + printable(text)
                + "', not a tarball format version (expected '" + SUPPORTED_FORMAT + "')");
    }

    private byte[] parseChecksum(byte[] bytes) throws MalformedDataException {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.length() != CHECKSUM_HEX_DIGITS || !text.chars().allMatch(c -> c < 128 && Character.digit(c, 16) >= 0)) {
            throw new MalformedDataException(where + ": the CHECKSUM member holds '" + printable(text)
                    + "', not " + CHECKSUM_HEX_DIGITS + " hex digits");
        }
        return HexFormat.of().parseHex(text);
    }

    private void contents(MemberStream member) throws IOException, MalformedDataException {
        if (version == null || metadata == null) {
            // Read on: the error is clearer once it is known whether the member is missing or late.
            contentsCameBefore = version == null ? VERSION : METADATA;
            discard(member);
            return;
        }
        inner.update(version);
        inner.update(metadata);
        DigestInputStream hashed = new DigestInputStream(member, inner);
        long inflated = 0;
        // Closing the gzip stream ends its Inflater; MemberStream ignores close, so the tar stays open.
        int gzipBuffer = (int) Math.max(1, Math.min(MAX_GZIP_BUFFER_BYTES, member.size));
        try (InputStream gzip = new GZIPInputStream(hashed, gzipBuffer)) {
            for (int n; (n = gzip.read(scratch)) >= 0; ) {
                inflated += n;
                if (inflated > maxUncompressedBytes) {
                    throw new MalformedDataException(where + ": " + CONTENTS + " exceeds the limit of " + maxUncompressedBytes
                            + " bytes when inflated");
                }
            }
        } catch (IOException e) {
            if (latch.failure() != null || source.sourceFailure() != null) {
                throw e;
            }
            contentsFailure = new MalformedDataException(where + ": " + CONTENTS + " is not valid gzip (" + reason(e) + ")", e);
        }
        // gzip stops at the end of its data; bytes after it are still part of the member and its checksum.
        discard(hashed);
    }

    /** Reads {@code in} to its end, through the scratch buffer. */
    private void discard(InputStream in) throws IOException {
        while (in.read(scratch) >= 0) {
            // counted and hashed by the streams below
        }
    }

    /** The tar reader takes a cut at a record boundary or inside a header for a clean end: tell them apart. */
    private void checkEnd() throws MalformedDataException {
        long total = source.count();
        if (total == 0) {
            throw new MalformedDataException(where + ": is empty");
        }
        if (total < dataEnd + END_MARKER) {
            throw new MalformedDataException(where + ": truncated: ends at byte " + total
                    + (seen.isEmpty() ? " without a complete tar header" : ", before the end-of-archive marker"));
        }
        if (source.nonZeroEnd() > dataEnd) {
            throw new MalformedDataException(where + ": unexpected data after the end-of-archive marker, up to byte " + source.nonZeroEnd());
        }
    }

    private static String reason(IOException e) {
        if (e instanceof EOFException && e.getMessage() == null) {
            return "unexpected end of data";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Text from the tarball, safe to print: control and non-ASCII characters escaped, long text cut. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 100; i++) {
            char c = text.charAt(i);
            if (c >= 32 && c < 127 && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\x%02X", (int) c));
            }
        }
        return out.length() < 100 ? out.toString() : out + "...";
    }

    /**
     * One member's data, checked for truncation: the tar reader reports a cut as a bare IOException, or
     * not at all when it falls on the member's end.
     */
    private final class MemberStream extends InputStream {
        private final TarArchiveInputStream tar;
        private final String name;
        private final long size;
        private final byte[] one = new byte[1];
        private long read;

        MemberStream(TarArchiveInputStream tar, String name, long size) {
            this.tar = tar;
            this.name = name;
            this.size = size;
        }

        @Override
        public int read() throws IOException {
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = tar.read(buffer, offset, length);
            } catch (IOException e) {
                if (source.ended() && source.sourceFailure() == null) {
                    throw latch.fail(truncated());
                }
                throw e;
            }
            if (n < 0) {
                if (read < size) {
                    throw latch.fail(truncated());
                }
                return -1;
            }
            read += n;
            return n;
        }

        @Override
        public int available() {
            return (int) Math.min(size - read, Integer.MAX_VALUE);
        }

        /** The tar stream reads on to the next member. */
        @Override
        public void close() {
        }

        private String truncated() {
            return where + ": truncated: ends inside member " + name + " after " + read + " of its " + size + " bytes";
        }
    }
}
