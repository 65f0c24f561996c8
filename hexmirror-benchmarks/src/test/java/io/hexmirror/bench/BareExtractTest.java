package io.hexmirror.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.testkit.upstream.FakeHexRepository;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BareExtractTest {

    @TempDir
    Path dir;

    @Test
    void writesEveryDocsTarballsFilesAsTarDoes() throws Exception {
        FakeHexRepository repository = FakeHexRepository.create();
        SyntheticRegistry.populate(repository, 12, 40, 3, true);
        repository.prebuild();
        List<Path> tarballs = new ArrayList<>();
        for (String path : repository.paths().stream().filter(p -> p.startsWith("docs/")).toList()) {
            Path tarball = dir.resolve("in").resolve(path);
            Files.createDirectories(tarball.getParent());
            Files.write(tarball, repository.file(path).orElseThrow());
            tarballs.add(tarball);
        }

        BareExtract.Result result = BareExtract.extractAll(tarballs, dir.resolve("ours"));

        long expectedFiles = 0;
        long expectedBytes = 0;
        for (int i = 0; i < tarballs.size(); i++) {
            Path byTar = dir.resolve("tar").resolve("t" + i);
            Files.createDirectories(byTar);
            Process tar = new ProcessBuilder("tar", "-xzf", tarballs.get(i).toString(), "-C", byTar.toString())
                    .redirectErrorStream(true).start();
            assertThat(tar.waitFor()).as(new String(tar.getInputStream().readAllBytes())).isZero();
            Map<String, byte[]> expected = filesUnder(byTar);
            assertThat(filesUnder(dir.resolve("ours").resolve("t" + i))).as(tarballs.get(i).toString())
                    .containsOnlyKeys(expected.keySet())
                    .allSatisfy((name, bytes) -> assertThat(bytes).isEqualTo(expected.get(name)));
            expectedFiles += expected.size();
            expectedBytes += expected.values().stream().mapToLong(b -> b.length).sum();
        }
        assertThat(result.tarballs()).isEqualTo(12);
        assertThat(result.files()).isEqualTo(expectedFiles).isGreaterThan(12);
        assertThat(result.bytes()).isEqualTo(expectedBytes);
    }

    @Test
    void refusesAnEntryThatLeavesItsDirectory() throws Exception {
        Path tarball = dir.resolve("evil.tar.gz");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            TarArchiveEntry entry = new TarArchiveEntry("../outside.html", true);
            entry.setSize(1);
            tar.putArchiveEntry(entry);
            tar.write('x');
            tar.closeArchiveEntry();
        }
        Files.write(tarball, bytes.toByteArray());

        assertThatThrownBy(() -> BareExtract.extractAll(List.of(tarball), dir.resolve("out")))
                .hasMessageContaining("../outside.html leaves its directory");
        assertThat(dir.resolve("out").resolve("outside.html")).doesNotExist();
    }

    private static Map<String, byte[]> filesUnder(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (var walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }
}
