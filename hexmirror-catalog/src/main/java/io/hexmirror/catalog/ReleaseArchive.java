package io.hexmirror.catalog;

import io.hexmirror.MalformedDataException;
import io.hexmirror.tarball.MetadataConfig;
import io.hexmirror.tarball.TarballReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads what the catalog shows from a mirrored tarball: its {@code metadata.config} and, when asked,
 * the README at the top of {@code contents.tar.gz}. The tarball was verified when it was mirrored; this
 * only reads, within bounds, and stops as soon as it has what it needs ({@code metadata.config} comes
 * before {@code contents.tar.gz}, so metadata alone costs a few kilobytes of reading).
 */
final class ReleaseArchive {
    private static final String METADATA = "metadata.config";
    private static final String CONTENTS = "contents.tar.gz";
    /** README names in the order they are preferred. */
    private static final Set<String> README_NAMES = Set.of("readme.md", "readme.markdown", "readme", "readme.txt");
    /** Bytes of README read at most; the text is cut to {@link CatalogPackage#MAX_README_CHARS} after decoding. */
    private static final int MAX_README_BYTES = CatalogPackage.MAX_README_CHARS * 2;

    /**
     * What was read.
     *
     * @param readme the README, when asked for and found
     * @param readmeFailure why the tarball could not be read to its end for the README, after its metadata was
     *     read: the metadata stands, the README is not known
     */
    record Contents(MetadataConfig metadata, Optional<String> readme, Optional<IOException> readmeFailure) {
    }

    private ReleaseArchive() {
    }

    /**
     * Reads the tarball stream (not closed here).
     *
     * @param where names the tarball in error messages
     * @throws MalformedDataException when there is no readable {@code metadata.config}
     * @throws IOException when the tarball cannot be read up to its metadata
     */
    static Contents read(InputStream tarball, String where, boolean withReadme) throws IOException, MalformedDataException {
        TarArchiveInputStream tar = new TarArchiveInputStream(tarball);
        MetadataConfig metadata = null;
        Optional<String> readme = Optional.empty();
        try {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.getName().equals(METADATA)) {
                    metadata = MetadataConfig.parse(readBounded(tar, TarballReader.MAX_METADATA_BYTES, where + ": " + METADATA),
                            where + ": " + METADATA);
                    if (!withReadme) {
                        break;
                    }
                } else if (entry.getName().equals(CONTENTS) && withReadme) {
                    readme = readme(tar);
                }
            }
        } catch (IOException e) {
            if (metadata == null) {
                throw e;
            }
            return new Contents(metadata, Optional.empty(), Optional.of(e));
        }
        if (metadata == null) {
            throw new MalformedDataException(where + ": holds no " + METADATA);
        }
        return new Contents(metadata, readme, Optional.empty());
    }

    /** The top-level README in contents.tar.gz; a broken archive just has none. */
    private static Optional<String> readme(InputStream contents) {
        try (TarArchiveInputStream inner = new TarArchiveInputStream(new GzipCompressorInputStream(nonClosing(contents)))) {
            TarArchiveEntry entry;
            String best = null;
            int bestRank = Integer.MAX_VALUE;
            while ((entry = inner.getNextEntry()) != null) {
                String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
                String lower = name.toLowerCase(Locale.ROOT);
                if (!entry.isFile() || !README_NAMES.contains(lower)) {
                    continue;
                }
                int rank = lower.endsWith(".md") ? 0 : lower.endsWith(".markdown") ? 1 : 2;
                if (rank < bestRank) {
                    best = decode(readBoundedLenient(inner, MAX_README_BYTES));
                    bestRank = rank;
                }
            }
            return Optional.ofNullable(best).map(ReleaseArchive::cut);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String cut(String text) {
        return text.length() <= CatalogPackage.MAX_README_CHARS ? text : text.substring(0, CatalogPackage.MAX_README_CHARS);
    }

    /** UTF-8 with every malformed sequence replaced, so invalid bytes show as U+FFFD instead of failing. */
    static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder cannot fail", e);
        }
    }

    private static byte[] readBounded(InputStream in, int max, String where) throws IOException, MalformedDataException {
        byte[] bytes = in.readNBytes(max + 1);
        if (bytes.length > max) {
            throw new MalformedDataException(where + ": larger than " + max + " bytes");
        }
        return bytes;
    }

    private static byte[] readBoundedLenient(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(in.readNBytes(max));
        return out.toByteArray();
    }

    private static InputStream nonClosing(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() {
            }
        };
    }
}
