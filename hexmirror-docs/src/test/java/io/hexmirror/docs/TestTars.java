package io.hexmirror.docs;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds docs tarballs entry by entry, including every kind of entry a tarball should not hold. */
final class TestTars {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    private TestTars() {
        try {
            tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    static TestTars create() {
        return new TestTars();
    }

    TestTars file(String name, String content) {
        return file(name, content.getBytes(UTF_8));
    }

    TestTars file(String name, byte[] content) {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(content.length);
        return entry(e, out -> write(out, content));
    }

    TestTars directory(String name) {
        return entry(new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true), out -> { });
    }

    TestTars special(String name, byte linkFlag, String linkName) {
        TarArchiveEntry e = new TarArchiveEntry(name, linkFlag, true);
        if (linkName != null) {
            e.setLinkName(linkName);
        }
        return entry(e, out -> { });
    }

    TestTars symlink(String name, String target) {
        return special(name, TarConstants.LF_SYMLINK, target);
    }

    TestTars hardLink(String name, String target) {
        return special(name, TarConstants.LF_LINK, target);
    }

    /** A file whose content is {@code size} zero bytes, streamed (for gzip bombs). */
    TestTars zeros(String name, long size) {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(size);
        return entry(e, out -> {
            byte[] block = new byte[1 << 16];
            for (long left = size; left > 0; left -= block.length) {
                write(out, block, (int) Math.min(block.length, left));
            }
        });
    }

    byte[] build() {
        try {
            tar.finish();
            tar.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private TestTars entry(TarArchiveEntry e, Consumer<OutputStream> content) {
        try {
            tar.putArchiveEntry(e);
            content.accept(tar);
            tar.closeArchiveEntry();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return this;
    }

    private static void write(OutputStream out, byte[] content) {
        write(out, content, content.length);
    }

    private static void write(OutputStream out, byte[] content, int length) {
        try {
            out.write(content, 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
