package io.hexmirror.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery as it looks with the storage API alone on the classpath: no provider at all. */
class StoragesTest {
    @TempDir
    Path dir;

    @Test
    void aPlainPathWithoutTheFilesystemModuleSaysWhichModuleServesFile() {
        String target = dir.resolve("mirror").toString();

        assertThatThrownBy(() -> Storages.open(target))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no storage provider for scheme 'file' in '" + dir.resolve("mirror").toUri())
                .hasMessageContaining("providers found: none")
                .hasMessageContaining("The file: storage lives in the module io.hexmirror:hexmirror-storage-fs");
    }

    @Test
    void anS3TargetWithoutTheS3ModuleNamesThatModuleAndNoSecret() {
        assertThatThrownBy(() -> Storages.open("S3://bucket/mirror?secret-key=hidden-value", Map.of(), StoragesTest.class.getClassLoader()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("io.hexmirror:hexmirror-storage-s3")
                .message().doesNotContain("hidden-value");
    }

    @Test
    void anUnknownSchemeListsWhatWasFoundAndNamesNoModule() {
        assertThatThrownBy(() -> Storages.open("webdav://host/mirror"))
                .hasMessage("no storage provider for scheme 'webdav' in 'webdav://host/mirror'; providers found: none");
    }

    @Test
    void aMalformedUriIsRefusedWithItsQueryValuesMasked() {
        assertThatThrownBy(() -> Storages.open("s3://bucket/a b?secret-key=hidden-value"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret-key=****")
                .message().doesNotContain("hidden-value");
    }

    @Test
    void anEmptyTargetIsRefused() {
        assertThatThrownBy(() -> Storages.open(" ")).hasMessage("storage target is empty");
    }
}
