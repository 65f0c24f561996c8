package io.hexmirror.internal.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.MalformedDataException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleVolumesTest {
    @TempDir
    Path dir;

    @Test
    void aSingleFileIsTheBundle() throws Exception {
        Path file = Files.writeString(dir.resolve("hex-8.bundle"), "x");

        assertThat(BundleVolumes.resolve(List.of(file))).containsExactly(file);
    }

    @Test
    void volumesAreFoundFromTheNameOrAnyVolumeAndPutInOrder() throws Exception {
        Path one = Files.writeString(dir.resolve("b.001"), "1");
        Path two = Files.writeString(dir.resolve("b.002"), "2");
        Path three = Files.writeString(dir.resolve("b.003"), "3");
        Files.writeString(dir.resolve("b.004.tmp"), "not a volume");

        assertThat(BundleVolumes.resolve(List.of(dir.resolve("b")))).containsExactly(one, two, three);
        assertThat(BundleVolumes.resolve(List.of(three, one))).containsExactly(one, two, three);
    }

    @Test
    void volumesMayLieOnSeveralDisks() throws Exception {
        Path one = Files.writeString(Files.createDirectories(dir.resolve("disk1")).resolve("b.001"), "1");
        Path two = Files.writeString(Files.createDirectories(dir.resolve("disk2")).resolve("b.002"), "2");

        assertThat(BundleVolumes.resolve(List.of(two, one))).containsExactly(one, two);
    }

    @Test
    void gapsDuplicatesAndMixturesAreRefused() throws Exception {
        Path one = Files.writeString(dir.resolve("b.001"), "1");
        Files.writeString(dir.resolve("b.003"), "3");
        Path other = Files.writeString(Files.createDirectories(dir.resolve("copy")).resolve("b.001"), "1");
        Path plain = Files.writeString(dir.resolve("plain.bundle"), "x");

        assertThatThrownBy(() -> BundleVolumes.resolve(List.of(one))).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("volume b.002 is missing");
        assertThatThrownBy(() -> BundleVolumes.resolve(List.of(one, other))).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("two volumes numbered 001");
        assertThatThrownBy(() -> BundleVolumes.resolve(List.of(one, plain))).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("are not the volumes of one bundle");
        assertThatThrownBy(() -> BundleVolumes.resolve(List.of(dir.resolve("nothing")))).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("nothing");
    }
}
