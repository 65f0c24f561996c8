package io.hexmirror.docs;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.generation.Sha256;
import io.hexmirror.storage.ForwardingStorage;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Derived trees of ExDoc-shaped docs are byte for byte what the regular expression rewriter
 * ({@link RegexLinkRewriter}) made of each page, with the same links recorded, whether a version shares its
 * {@code dist/} or keeps it; and every SHA-256 handed to the storage with a page is that of the bytes written.
 */
class DocsTreeRewriteTest {
    @TempDir
    Path dir;

    @Test
    void everyDerivedFileIsWhatTheRegularExpressionRewriterMade() throws Exception {
        HashCheckingStorage storage = new HashCheckingStorage(FileSystemStorage.open(dir.resolve("mirror"), false));
        HexDocs docs = new HexDocs(storage);
        SplittableRandom random = new SplittableRandom(2026);
        Map<DocsRelease, Map<String, byte[]>> versions = new LinkedHashMap<>();
        versions.put(new DocsRelease("mime", "1.5.0"), exDocFiles("mime", "1.5.0", "app-1.js", random));
        versions.put(new DocsRelease("mime", "1.6.0"), exDocFiles("mime", "1.6.0", "app-1.js", random));
        versions.put(new DocsRelease("plug", "1.0.0"), exDocFiles("plug", "1.0.0", "app-1.js", random));
        Map<String, byte[]> clash = exDocFiles("clash", "1.0.0", "app-1.js", random);
        clash.put("dist/app-1.js", "other bytes under the same name".getBytes(ISO_8859_1));
        versions.put(new DocsRelease("clash", "1.0.0"), clash);
        FakeHexRepository upstream = FakeHexRepository.create();
        upstream.release("elixir", "1.15.0").withDocs().publish();
        upstream.release("telemetry", "1.2.1").dependsOn("elixir", "~> 1.0").withDocs().publish();
        List<DocsRelease> all = new ArrayList<>(versions.keySet());
        for (DocsRelease release : versions.keySet()) {
            docs.store(release, tarball(versions.get(release)));
        }
        for (String name : List.of("elixir", "telemetry")) {
            DocsRelease release = new DocsRelease(name, name.equals("elixir") ? "1.15.0" : "1.2.1");
            byte[] bytes = upstream.file(release.tarballKey()).orElseThrow();
            docs.store(release, bytes);
            versions.put(release, files(release, bytes));
            all.add(release);
        }

        HexDocs.TreeUpdate update = docs.refresh(all, List.of());

        assertThat(update.refused()).isEmpty();
        MirroredDocs mirrored = docs.mirrored();
        Storage links = FileSystemStorage.open(dir.resolve("links"), false);
        int pages = 0;
        for (DocsTree.Derived derived : update.derived()) {
            DocsRelease release = derived.release();
            RegexLinkRewriter reference = new RegexLinkRewriter(mirrored, derived.sharedDist());
            for (Map.Entry<String, byte[]> file : versions.get(release).entrySet()) {
                String path = file.getKey();
                byte[] expected = file.getValue();
                String key = release.treePrefix() + path;
                if (derived.sharedDist() && path.startsWith("dist/")) {
                    key = DocsPaths.SHARED_DIST + path.substring("dist/".length());
                } else if (DocsTree.isHtml(path)) {
                    expected = reference.rewrite(path, new String(expected, ISO_8859_1)).getBytes(ISO_8859_1);
                    pages++;
                }
                assertThat(bytes(storage, key)).as("%s of %s", key, release).isEqualTo(expected);
            }
            new DocsLinks(links).record(release, reference.links(), mirrored);
            String record = DocsLinks.FORWARD + release.name() + "-" + release.version();
            assertThat(bytes(storage, record)).as(record).isEqualTo(bytes(links, record));
        }
        assertThat(update.derived()).extracting(DocsTree.Derived::sharedDist).containsExactly(true, true, true, false, true, true);
        assertThat(pages).isGreaterThan(30);
        assertThat(storage.hashesChecked).isGreaterThan(30);
        assertThat(storage.wrongHashes).isEmpty();
    }

    /** The files of an ExDoc-shaped version: module pages at several depths, tricky markup, shared dist/ files. */
    private static Map<String, byte[]> exDocFiles(String name, String version, String app, SplittableRandom random) {
        String module = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("index.html", ("<meta http-equiv=\"refresh\" content=\"0; url=" + module + ".html\">").getBytes(ISO_8859_1));
        files.put(module + ".html", ExDocPages.modulePage(name, version, module, 20, random));
        files.put(module + ".Conn.html", ExDocPages.modulePage(name, version, module + ".Conn", 5, random));
        files.put("guides/intro.html", ExDocPages.modulePage(name, version, module, 2, random));
        files.put("guides/deep/dist/page.HTM", ExDocPages.tricky());
        files.put("tricky.html", ExDocPages.tricky());
        files.put("fuzz.html", ExDocPages.fuzz(random, 400));
        files.put("search.html", ("<script src=\"dist/search_data-" + version + ".js\"></script><script src=\"docs_config.js\">"
                + "</script>").getBytes(ISO_8859_1));
        files.put("dist/" + app, "// app".getBytes(ISO_8859_1));
        files.put("dist/search_data-" + version + ".js", ("searchData={\"items\":[\"" + name + "\"]}").getBytes(ISO_8859_1));
        files.put("dist/page.html", "<a href=\"../index.html\"> <a href=\"x.js\">".getBytes(ISO_8859_1));
        files.put(".build", String.join("\n", files.keySet()).getBytes(ISO_8859_1));
        return files;
    }

    private static byte[] tarball(Map<String, byte[]> files) {
        TestTars tar = TestTars.create();
        files.forEach(tar::file);
        return tar.build();
    }

    private static Map<String, byte[]> files(DocsRelease release, byte[] tarball) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        DocsTarballs.read(release, new ByteArrayInputStream(tarball), DocsLimits.hexdocs(),
                (path, size, content) -> files.put(path, content.readAllBytes()));
        return files;
    }

    private static byte[] bytes(Storage storage, String key) throws IOException {
        try (InputStream in = storage.read(key)) {
            return in.readAllBytes();
        }
    }

    /** Checks the SHA-256 handed with each write of bytes against the bytes. */
    private static final class HashCheckingStorage extends ForwardingStorage {
        final List<String> wrongHashes = new ArrayList<>();
        int hashesChecked;

        HashCheckingStorage(Storage delegate) {
            super(delegate);
        }

        @Override
        public void write(String key, byte[] content, WriteOptions options) throws IOException {
            Optional<String> sha256 = options.sha256();
            if (sha256.isPresent()) {
                synchronized (this) {
                    hashesChecked++;
                    if (!sha256.get().equals(Sha256.hex(content))) {
                        wrongHashes.add(key);
                    }
                }
            }
            super.write(key, content, options);
        }
    }
}
