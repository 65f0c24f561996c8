package io.hexmirror.tarball;

import static io.hexmirror.tarball.TestTarballs.METADATA;
import static io.hexmirror.tarball.TestTarballs.contents;
import static io.hexmirror.tarball.TestTarballs.gzip;
import static io.hexmirror.tarball.TestTarballs.members;
import static io.hexmirror.tarball.TestTarballs.sha256;
import static io.hexmirror.tarball.TestTarballs.tar;
import static io.hexmirror.tarball.TestTarballs.tarball;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.hexmirror.ChecksumMismatchException;
import io.hexmirror.MalformedDataException;
import io.hexmirror.registry.proto.Release;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TarballReaderTest {
    private static final String WHERE = "tarballs/decimal-2.0.0.tar";
    private static final String DECIMAL_OUTER = "34666e9c55dea81013e77d9d87370fe6cb6291d1ef32f46a1600230b1d44f577";
    private static final String DECIMAL_INNER = "a78296e617b0f5dd4c6caf57c714431347912ffb1d0842e998e9792b5642d697";
    /** Layout of the real decimal 2.0.0 tarball: where its members' data start, and its length. */
    private static final int DECIMAL_CHECKSUM_DATA = 1536;
    private static final int DECIMAL_METADATA_DATA = 2560;
    private static final int DECIMAL_CONTENTS_DATA = 4096;
    private static final int DECIMAL_CONTENTS_END = DECIMAL_CONTENTS_DATA + 19243;
    private static final int DECIMAL_SIZE = 24576;

    private final TarballReader reader = TarballReader.withDefaultLimits();

    private static byte[] decimal() {
        return TestTarballs.resource("decimal-2.0.0.tar");
    }

    private PackageTarball read(byte[] tarball) throws Exception {
        return reader.read(new ByteArrayInputStream(tarball), WHERE);
    }

    private void assertMalformed(byte[] tarball, String... fragments) {
        assertMalformed(reader, tarball, fragments);
    }

    private static void assertMalformed(TarballReader reader, byte[] tarball, String... fragments) {
        assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(tarball), WHERE))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageStartingWith(WHERE + ": ")
                .hasMessageContainingAll(fragments);
    }

    @Test
    void readsTheRealDecimalTarball() throws Exception {
        PackageTarball tarball = read(decimal());

        assertThat(tarball.formatVersion()).isEqualTo("3");
        assertThat(tarball.outerChecksumHex()).isEqualTo(DECIMAL_OUTER);
        assertThat(tarball.innerChecksumHex()).isEqualTo(DECIMAL_INNER);
        assertThat(tarball.outerChecksum()).isEqualTo(HexFormat.of().parseHex(DECIMAL_OUTER));
        assertThat(tarball.innerChecksum()).isEqualTo(HexFormat.of().parseHex(DECIMAL_INNER));
        assertThat(tarball.size()).isEqualTo(DECIMAL_SIZE);

        MetadataConfig metadata = tarball.metadata();
        assertThat(metadata.name()).isEqualTo("decimal");
        assertThat(metadata.version()).isEqualTo("2.0.0");
        assertThat(metadata.app()).isEqualTo("decimal");
        assertThat(metadata.description()).isEqualTo("Arbitrary precision decimal arithmetic.");
        assertThat(metadata.buildTools()).containsExactly("mix");
        assertThat(metadata.elixirRequirement()).contains("~> 1.2");
        assertThat(metadata.licenses()).containsExactly("Apache-2.0");
        assertThat(metadata.links()).containsExactly(Map.entry("GitHub", "https://github.com/ericmj/decimal"));
        assertThat(metadata.files()).containsExactly(
                "lib", "lib/decimal", "lib/decimal/error.ex", "lib/decimal/context.ex", "lib/decimal/macros.ex",
                "lib/decimal.ex", ".formatter.exs", "mix.exs", "README.md", "LICENSE.txt", "CHANGELOG.md");
        assertThat(metadata.requirements()).isEmpty();
        assertThat(metadata.maintainers()).isEmpty();
        assertThat(metadata.raw()).containsOnlyKeys(
                "app", "build_tools", "description", "elixir", "files", "licenses", "links", "name", "requirements", "version");
    }

    @Test
    void readsAFileAndAgreesWithTheStream(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("decimal-2.0.0.tar");
        Files.write(file, decimal());

        PackageTarball fromFile = reader.read(file, WHERE);

        assertThat(fromFile).isEqualTo(read(decimal()));
        assertThat(fromFile.outerChecksumHex()).isEqualTo(DECIMAL_OUTER);
    }

    @Test
    void aMissingFileIsAnIoExceptionNamingIt(@TempDir Path dir) {
        Path file = dir.resolve("absent.tar");
        assertThatThrownBy(() -> reader.read(file, WHERE))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void verifiesAgainstTheRegistryRelease() throws Exception {
        PackageTarball tarball = read(decimal());
        Release release = Release.newBuilder()
                .setVersion("2.0.0")
                .setInnerChecksum(ByteString.fromHex(DECIMAL_INNER))
                .setOuterChecksum(ByteString.fromHex(DECIMAL_OUTER))
                .build();

        tarball.verifyAgainst(release, WHERE);
        tarball.verifyAgainst(release.toBuilder().clearOuterChecksum().build(), WHERE);

        String other = "00" + DECIMAL_OUTER.substring(2);
        assertThatThrownBy(() -> tarball.verifyAgainst(release.toBuilder().setOuterChecksum(ByteString.fromHex(other)).build(), WHERE))
                .isExactlyInstanceOf(ChecksumMismatchException.class)
                .hasMessage(WHERE + ": outer checksum " + DECIMAL_OUTER + " does not match the registry's " + other);
        String otherInner = "00" + DECIMAL_INNER.substring(2);
        assertThatThrownBy(() -> tarball.verifyAgainst(release.toBuilder().setInnerChecksum(ByteString.fromHex(otherInner)).build(), WHERE))
                .isExactlyInstanceOf(ChecksumMismatchException.class)
                .hasMessage(WHERE + ": inner checksum " + DECIMAL_INNER + " does not match the registry's " + otherInner);
    }

    @Test
    void theOuterChecksumCoversPaddingAfterTheEndOfArchiveMarker() throws Exception {
        byte[] padded = Arrays.copyOf(decimal(), DECIMAL_SIZE + 10240);

        PackageTarball tarball = read(padded);

        assertThat(tarball.outerChecksum()).isEqualTo(sha256(padded));
        assertThat(tarball.size()).isEqualTo(padded.length);
        assertThat(tarball.innerChecksumHex()).isEqualTo(DECIMAL_INNER);
    }

    @Test
    void readsATarballWrittenByCommonsCompress() throws Exception {
        byte[] bytes = TestTarballs.validTarball();

        PackageTarball tarball = read(bytes);

        assertThat(tarball.outerChecksum()).isEqualTo(sha256(bytes));
        assertThat(tarball.innerChecksum()).isEqualTo(sha256("3".getBytes(StandardCharsets.US_ASCII), METADATA, contents()));
        assertThat(tarball.metadata().name()).isEqualTo("tiny");
        assertThat(tarball.metadata().buildTools()).containsExactly("rebar3");
    }

    @Test
    void acceptsALowercaseChecksum() throws Exception {
        byte[] bytes = decimal();
        byte[] lower = DECIMAL_INNER.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(lower, 0, bytes, DECIMAL_CHECKSUM_DATA, lower.length);

        assertThat(read(bytes).innerChecksumHex()).isEqualTo(DECIMAL_INNER);
    }

    @Test
    void doesNotCloseTheCallersStream() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream in = new FilterInputStream(new ByteArrayInputStream(decimal())) {
            @Override
            public void close() {
                closed.set(true);
            }
        };

        reader.read(in, WHERE);

        assertThat(closed).isFalse();
    }

    @Test
    void anIoFailureOfTheSourceIsRethrownUnchanged() {
        IOException failure = new IOException("connection reset");
        InputStream in = new FilterInputStream(new ByteArrayInputStream(decimal())) {
            private int served;

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (served >= 5000) {
                    throw failure;
                }
                int n = super.read(buffer, offset, Math.min(length, 1000));
                served += n;
                return n;
            }
        };

        assertThatThrownBy(() -> reader.read(in, WHERE)).isSameAs(failure);
    }

    // ---- corruption ----

    @ParameterizedTest
    @ValueSource(ints = {DECIMAL_CONTENTS_DATA + 4, DECIMAL_CONTENTS_DATA + 9000, DECIMAL_CONTENTS_END - 1, DECIMAL_METADATA_DATA + 10})
    void aFlippedByteIsAnInnerChecksumMismatchNamingBothValues(int offset) throws Exception {
        byte[] bytes = decimal();
        bytes[offset] ^= 0x20;

        assertThatThrownBy(() -> read(bytes))
                .isExactlyInstanceOf(ChecksumMismatchException.class)
                .hasMessageStartingWith(WHERE + ": inner checksum mismatch: the CHECKSUM member says " + DECIMAL_INNER.toUpperCase()
                        + " but VERSION, metadata.config and contents.tar.gz hash to ")
                .hasMessageNotContaining(DECIMAL_INNER.toUpperCase() + " but VERSION, metadata.config and contents.tar.gz hash to "
                        + DECIMAL_INNER.toUpperCase());
    }

    @Test
    void aCorruptTarHeaderIsRefused() {
        byte[] bytes = decimal();
        bytes[DECIMAL_CHECKSUM_DATA - 512 + 505] = 1;

        assertMalformed(bytes, "the tar header of member 'CHECKSUM' is corrupt (its header checksum does not match)");
    }

    @Test
    void randomCorruptionOnlyEverFailsVerification() throws Exception {
        byte[] original = decimal();
        Random random = new Random(20240601);
        for (int i = 0; i < 500; i++) {
            byte[] bytes = original.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                // Half of the flips hit the headers and small members, where parsing is most involved.
                int offset = random.nextBoolean() ? random.nextInt(DECIMAL_CONTENTS_DATA) : random.nextInt(bytes.length);
                bytes[offset] = (byte) random.nextInt(256);
            }
            if (random.nextInt(4) == 0) {
                bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            try {
                PackageTarball tarball = read(bytes);
                // Tar readers ignore the padding that fills each member's last record: only changes
                // there (or none) can pass, and the outer checksum still tells them apart.
                assertThat(bytes).hasSameSizeAs(original);
                for (int offset = 0; offset < bytes.length; offset++) {
                    if (bytes[offset] != original[offset]) {
                        assertThat(isMemberPadding(offset)).as("changed byte %d is padding", offset).isTrue();
                    }
                }
                assertThat(tarball.innerChecksumHex()).isEqualTo(DECIMAL_INNER);
                assertThat(tarball.outerChecksum()).isEqualTo(sha256(bytes));
            } catch (ChecksumMismatchException | MalformedDataException e) {
                assertThat(e.getMessage()).startsWith(WHERE + ": ");
            }
        }
    }

    private static boolean isMemberPadding(int offset) {
        return (offset >= 512 + 1 && offset < 1024)
                || (offset >= DECIMAL_CHECKSUM_DATA + 64 && offset < 2048)
                || (offset >= DECIMAL_METADATA_DATA + 596 && offset < 3584)
                || (offset >= DECIMAL_CONTENTS_END && offset < 23552);
    }

    @Test
    void aWrongChecksumMemberIsAMismatchNamingBothValues() {
        byte[] bytes = decimal();
        String wrong = "0123456789ABCDEF".repeat(4);
        System.arraycopy(wrong.getBytes(StandardCharsets.US_ASCII), 0, bytes, DECIMAL_CHECKSUM_DATA, 64);

        assertThatThrownBy(() -> read(bytes))
                .isExactlyInstanceOf(ChecksumMismatchException.class)
                .hasMessage(WHERE + ": inner checksum mismatch: the CHECKSUM member says " + wrong
                        + " but VERSION, metadata.config and contents.tar.gz hash to " + DECIMAL_INNER.toUpperCase());
    }

    @Test
    void aChecksumMemberThatIsNotHexIsMalformed() {
        byte[] bytes = decimal();
        System.arraycopy("Z".repeat(64).getBytes(StandardCharsets.US_ASCII), 0, bytes, DECIMAL_CHECKSUM_DATA, 64);
        assertMalformed(bytes, "the CHECKSUM member holds 'ZZZZ", "not 64 hex digits");

        Map<String, byte[]> members = members(METADATA, contents());
        members.put("CHECKSUM", Arrays.copyOf(members.get("CHECKSUM"), 63));
        assertMalformed(tar(members), "not 64 hex digits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"VERSION", "CHECKSUM", "metadata.config", "contents.tar.gz"})
    void aMissingMemberIsNamed(String missing) {
        Map<String, byte[]> members = members(METADATA, contents());
        members.remove(missing);

        assertMalformed(tar(members), "missing member " + missing);
    }

    @ParameterizedTest
    @ValueSource(strings = {"extra.txt", "../VERSION", "/VERSION", "./VERSION", "lib/VERSION", "VERSION/", "version"})
    void anUnexpectedMemberIsNamed(String name) {
        byte[] bytes = new TestTarballs.Builder().members(members(METADATA, contents())).member(name, new byte[0]).build();

        assertMalformed(bytes, "unexpected member '" + name + "'", "a Hex tarball holds only VERSION, CHECKSUM, metadata.config and contents.tar.gz");
    }

    @Test
    void aDuplicateMemberIsRefused() {
        byte[] bytes = new TestTarballs.Builder().member("VERSION", new byte[] {'3'}).members(members(METADATA, contents())).build();

        assertMalformed(bytes, "duplicate member VERSION");
    }

    @Test
    void aMemberThatIsNotARegularFileIsRefused() {
        Map<String, byte[]> members = members(METADATA, contents());
        byte[] symlink = new TestTarballs.Builder()
                .special("VERSION", TarConstants.LF_SYMLINK, entry -> entry.setLinkName("/etc/passwd"))
                .build();
        assertMalformed(symlink, "member VERSION is not a regular file (tar type '2')");

        byte[] hardLink = new TestTarballs.Builder()
                .member("VERSION", members.get("VERSION"))
                .special("CHECKSUM", TarConstants.LF_LINK, entry -> entry.setLinkName("VERSION"))
                .build();
        assertMalformed(hardLink, "member CHECKSUM is not a regular file (tar type '1')");
    }

    @Test
    void theSmallMembersMayComeInAnyOrderBeforeContents() throws Exception {
        Map<String, byte[]> inOrder = members(METADATA, contents());
        Map<String, byte[]> members = new LinkedHashMap<>();
        for (String name : List.of("metadata.config", "CHECKSUM", "VERSION", "contents.tar.gz")) {
            members.put(name, inOrder.get(name));
        }

        assertThat(read(tar(members)).innerChecksum()).isEqualTo(read(tar(inOrder)).innerChecksum());
    }

    @Test
    void contentsBeforeMetadataIsRefusedAsOutOfOrder() {
        Map<String, byte[]> inOrder = members(METADATA, contents());
        Map<String, byte[]> members = new LinkedHashMap<>();
        for (String name : List.of("VERSION", "CHECKSUM", "contents.tar.gz", "metadata.config")) {
            members.put(name, inOrder.get(name));
        }

        assertMalformed(tar(members), "member contents.tar.gz comes before metadata.config; Hex tarballs put it last");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100, 511, 512, 513, 600, 1024, 1100, 1536, 2000, 2048, 2600, 3584, 4000, 4096, 4100, 12000,
        DECIMAL_CONTENTS_END - 1, DECIMAL_CONTENTS_END, DECIMAL_CONTENTS_END + 1, 23552, 23553, 24064, 24575})
    void aTruncatedTarballSaysTruncated(int length) {
        assertMalformed(Arrays.copyOf(decimal(), length), "truncated");
    }

    @Test
    void anEmptyStreamIsRefused() {
        assertMalformed(new byte[0], "is empty");
    }

    @Test
    void somethingElseThanATarIsRefused() {
        byte[] html = "<html><body>Service unavailable</body></html>\n".repeat(50).getBytes(StandardCharsets.US_ASCII);

        assertMalformed(html, "not a valid tar archive");
    }

    @Test
    void dataAfterTheEndOfArchiveMarkerIsRefused() {
        byte[] bytes = Arrays.copyOf(decimal(), DECIMAL_SIZE + 512);
        bytes[DECIMAL_SIZE + 7] = 'x';

        assertMalformed(bytes, "unexpected data after the end-of-archive marker");
    }

    // ---- limits ----

    @Test
    void aTarballOverTheSizeLimitIsRefused() throws Exception {
        assertMalformed(new TarballReader(10_000, TarballReader.DEFAULT_MAX_UNCOMPRESSED_BYTES), decimal(),
                "exceeds the limit of 10000 bytes");
        // Only the end-of-archive marker is over this one: the limit holds to the last byte.
        assertMalformed(new TarballReader(DECIMAL_SIZE - 1, TarballReader.DEFAULT_MAX_UNCOMPRESSED_BYTES), decimal(),
                "exceeds the limit of " + (DECIMAL_SIZE - 1) + " bytes");

        PackageTarball exact = new TarballReader(DECIMAL_SIZE, TarballReader.DEFAULT_MAX_UNCOMPRESSED_BYTES)
                .read(new ByteArrayInputStream(decimal()), WHERE);
        assertThat(exact.size()).isEqualTo(DECIMAL_SIZE);
    }

    @Test
    void aTarballFileOverTheSizeLimitIsRefusedBeforeReading(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.tar");
        Files.write(file, decimal());

        assertThatThrownBy(() -> new TarballReader(10_000, 1_000_000).read(file, WHERE))
                .isExactlyInstanceOf(MalformedDataException.class)
                .hasMessage(WHERE + ": exceeds the limit of 10000 bytes (24576 bytes)");
    }

    @Test
    void contentsOverTheUncompressedLimitAreRefused() throws Exception {
        assertMalformed(new TarballReader(TarballReader.DEFAULT_MAX_TARBALL_BYTES, 1000), decimal(),
                "contents.tar.gz exceeds the limit of 1000 bytes when inflated");

        // A small gzip bomb: 8 MiB of zeros in a few KB.
        byte[] bomb = tarball(METADATA, gzip(new byte[8 * 1024 * 1024]));
        assertThat(bomb.length).isLessThan(64 * 1024);
        assertMalformed(new TarballReader(TarballReader.DEFAULT_MAX_TARBALL_BYTES, 1024 * 1024), bomb,
                "contents.tar.gz exceeds the limit of 1048576 bytes when inflated");
        assertThat(new TarballReader(TarballReader.DEFAULT_MAX_TARBALL_BYTES, 8 * 1024 * 1024)
                .read(new ByteArrayInputStream(bomb), WHERE).metadata().name()).isEqualTo("tiny");
    }

    @Test
    void metadataOverItsLimitIsRefused() {
        byte[] huge = new byte[TarballReader.MAX_METADATA_BYTES + 1];
        Arrays.fill(huge, (byte) ' ');

        assertMalformed(tarball(huge, contents()), "member metadata.config is 1048577 bytes, which exceeds the limit of 1048576 bytes");
    }

    // ---- bad members ----

    @Test
    void olderFormatVersionsAreRefusedClearly() {
        for (String old : List.of("1", "2")) {
            Map<String, byte[]> members = members(METADATA, contents());
            members.put("VERSION", old.getBytes(StandardCharsets.US_ASCII));

            assertMalformed(tar(members), "tarball format version " + old + " is not supported; only version 3 is");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"4", "3\n", " 3", "", "three"})
    void aBadVersionIsRefused(String version) {
        Map<String, byte[]> members = members(METADATA, contents());
        members.put("VERSION", version.getBytes(StandardCharsets.US_ASCII));

        assertMalformed(tar(members), "the VERSION member holds '" + version.replace("\n", "\\x0A") + "', not a tarball format version");
    }

    @Test
    void contentsThatAreNotGzipAreRefused() {
        assertMalformed(tarball(METADATA, "plain text, not gzip".getBytes(StandardCharsets.US_ASCII)),
                "contents.tar.gz is not valid gzip (Not in GZIP format)");
        assertMalformed(tarball(METADATA, new byte[0]), "contents.tar.gz is not valid gzip");

        byte[] cut = contents();
        cut = Arrays.copyOf(cut, cut.length - 12);
        assertMalformed(tarball(METADATA, cut), "contents.tar.gz is not valid gzip");

        byte[] badCrc = contents();
        badCrc[badCrc.length - 6] ^= 1;
        assertMalformed(tarball(METADATA, badCrc), "contents.tar.gz is not valid gzip (Corrupt GZIP trailer)");
    }

    @Test
    void malformedMetadataIsRefusedWithLineAndColumn() {
        byte[] metadata = "{<<\"name\">>,<<\"tiny\">>}.\n{<<\"version\">>, <<\"1.0.0\">>\n".getBytes(StandardCharsets.UTF_8);

        assertMalformed(tarball(metadata, contents()),
                WHERE + ": metadata.config: line 3, column 1: expected ',' or '}' in a tuple but found the end of the file");
    }

    @Test
    void metadataWithoutANameIsRefused() {
        byte[] metadata = "{<<\"version\">>,<<\"1.0.0\">>}.\n".getBytes(StandardCharsets.UTF_8);

        assertMalformed(tarball(metadata, contents()), "metadata.config: the required key 'name' is missing");
    }
}
