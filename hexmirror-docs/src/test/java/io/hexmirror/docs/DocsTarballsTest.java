package io.hexmirror.docs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

class DocsTarballsTest {
    private static final DocsRelease PLUG = new DocsRelease("plug", "1.14.0");

    private static DocsContents check(byte[] tarball) throws Exception {
        return check(tarball, DocsLimits.hexdocs());
    }

    private static DocsContents check(byte[] tarball, DocsLimits limits) throws Exception {
        return DocsTarballs.check(PLUG, new ByteArrayInputStream(tarball), limits);
    }

    private static void assertRefused(byte[] tarball, String problem) {
        assertRefused(tarball, DocsLimits.hexdocs(), problem);
    }

    private static void assertRefused(byte[] tarball, DocsLimits limits, String problem) {
        assertThatThrownBy(() -> check(tarball, limits))
                .isInstanceOf(DocsTarballException.class)
                .hasMessageStartingWith("docs of plug 1.14.0 refused: ")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((DocsTarballException) e).release()).isEqualTo(PLUG));
    }

    @Test
    void acceptsPlainFilesAndDirectoriesAndReportsThem() throws Exception {
        byte[] tarball = TestTars.create().file("./index.html", "<html></html>").directory("dist")
                .file("dist/app-ABCD1234.js", "app()").build();

        DocsContents contents = check(tarball);

        assertThat(contents.files()).extracting(DocsEntry::path).containsExactly("index.html", "dist/app-ABCD1234.js");
        assertThat(contents.filesSize()).isEqualTo(18);
        assertThat(contents.compressedSize()).isEqualTo(tarball.length);
        assertThat(contents.sha256()).isEqualTo(HexDocs.sha256(tarball));
    }

    @Test
    void scanHandsOnlyTheWantedFilesToTheVisitorAndNamesTheTarballsSha256() throws Exception {
        byte[] tarball = TestTars.create().file("index.html", "<html></html>").directory("dist")
                .file("dist/search_data-1.js", "searchData={}").file("readme.html", "<p>readme</p>").build();
        Map<String, String> visited = new LinkedHashMap<>();

        String sha256 = DocsTarballs.scan(PLUG, new ByteArrayInputStream(tarball), DocsLimits.hexdocs(),
                path -> path.startsWith("dist/"), (path, size, content) -> visited.put(path, new String(content.readAllBytes(), UTF_8)));

        assertThat(visited).containsExactly(Map.entry("dist/search_data-1.js", "searchData={}"));
        assertThat(sha256).isEqualTo(HexDocs.sha256(tarball)).isEqualTo(check(tarball).sha256());
    }

    @Test
    void scanRefusesWhatCheckRefusesPastTheWantedFiles() {
        byte[] tarball = TestTars.create().file("dist/search_data-1.js", "searchData={}").symlink("evil", "/etc/passwd").build();

        assertThatThrownBy(() -> DocsTarballs.scan(PLUG, new ByteArrayInputStream(tarball), DocsLimits.hexdocs(),
                path -> true, (path, size, content) -> { }))
                .isInstanceOf(DocsTarballException.class).hasMessageContaining("entry 'evil' is a symbolic link");
    }

    @Test
    void refusesWhatIsNotGzip() {
        assertRefused("<html>not a tarball</html>".getBytes(), "not a gzip file");
    }

    @Test
    void refusesGzipThatIsNotTar() {
        byte[] random = new byte[4096];
        new Random(1).nextBytes(random);
        assertRefused(TestTars.gzip(random), "not a valid tar archive");
    }

    @Test
    void refusesATruncatedTarball() {
        byte[] whole = TestTars.create().file("index.html", "x".repeat(50_000)).build();
        assertRefused(Arrays.copyOf(whole, whole.length / 2), "corrupt or truncated");
    }

    @Test
    void refusesParentDirectoryEntries() {
        assertRefused(TestTars.create().file("../../packages/plug", "evil").build(), "leaves its directory ('..')");
        assertRefused(TestTars.create().file("dist/../../x.html", "evil").build(), "leaves its directory");
    }

    @Test
    void refusesAbsolutePaths() {
        assertRefused(TestTars.create().file("/etc/passwd", "evil").build(), "'/etc/passwd' has an absolute path");
    }

    @Test
    void refusesBackslashesAndControlCharacters() {
        assertRefused(TestTars.create().file("a\\..\\b.html", "x").build(), "backslash or control character");
        assertRefused(TestTars.create().file("a\nb.html", "x").build(), "'a\\x0ab.html' contains");
    }

    @Test
    void refusesSymbolicLinks() {
        assertRefused(TestTars.create().symlink("index.html", "/etc/passwd").build(),
                "'index.html' is a symbolic link (to '/etc/passwd')");
    }

    @Test
    void refusesHardLinks() {
        assertRefused(TestTars.create().file("a.html", "x").hardLink("b.html", "a.html").build(),
                "'b.html' is a hard link (to 'a.html')");
    }

    @Test
    void refusesDevicesAndFifos() {
        assertRefused(TestTars.create().special("null", TarConstants.LF_CHR, null).build(), "'null' is a device");
        assertRefused(TestTars.create().special("disk", TarConstants.LF_BLK, null).build(), "'disk' is a device");
        assertRefused(TestTars.create().special("pipe", TarConstants.LF_FIFO, null).build(), "'pipe' is a FIFO");
    }

    @Test
    void refusesTheSamePathTwiceAndAFileThatIsAlsoADirectory() {
        assertRefused(TestTars.create().file("a.html", "1").file("./a.html", "2").build(), "'a.html' appears twice");
        assertRefused(TestTars.create().file("dist", "1").file("dist/app.js", "2").build(),
                "'dist' is both a file and a directory");
    }

    @Test
    void refusesTooManyEntries() {
        TestTars tars = TestTars.create();
        for (int i = 0; i < 11; i++) {
            tars.file("page" + i + ".html", "x");
        }
        assertRefused(tars.build(), new DocsLimits(1 << 20, 1 << 20, 10), "more than 10 entries");
    }

    @Test
    void refusesATarballOverTheCompressedLimit() {
        byte[] random = new byte[300_000];
        new Random(2).nextBytes(random);
        assertRefused(TestTars.create().file("big.bin", random).build(), new DocsLimits(200_000, 1 << 30, 100),
                "the tarball is larger than the limit of 200000 bytes");
    }

    @Test
    void stopsAGzipBombAtHexdocsUncompressedLimit() {
        // 129 MiB of zeros compress to a tiny file, well under the 16 MiB compressed limit.
        byte[] bomb = TestTars.create().zeros("zeros.bin", 129L << 20).build();
        assertThat(bomb.length).isLessThan(1 << 20);

        assertRefused(bomb, "the uncompressed content is larger than the limit of 134217728 bytes");
    }

    @Test
    void entryPathsDropLeadingDotSlash() throws Exception {
        assertThat(DocsTarballs.entryPath(PLUG, "./dist/x.js")).isEqualTo("dist/x.js");
        assertThat(DocsTarballs.entryPath(PLUG, "dir/")).isEqualTo("dir");
    }
}
