package io.hexmirror.storage.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.storage.Storage;
import io.hexmirror.storage.StorageNotFoundException;
import io.hexmirror.storage.Storages;
import io.hexmirror.storage.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Storages} finds the file provider through ServiceLoader, for plain paths and file URIs. */
class FileSystemStorageProviderTest {
    @TempDir
    Path dir;

    @Test
    void anAbsolutePathOpensAFileStore() throws IOException {
        Path mirror = dir.resolve("mirror");
        try (Storage storage = Storages.open(mirror.toString())) {
            assertThat(storage).isInstanceOf(FileSystemStorage.class);
            assertThat(((FileSystemStorage) storage).root()).isEqualTo(mirror.toRealPath());
            storage.write("names", "names".getBytes(UTF_8), WriteOptions.defaults());
        }
        assertThat(mirror.resolve("names")).hasContent("names");
    }

    @Test
    void aRelativePathIsResolvedAgainstTheWorkingDirectory() throws IOException {
        Path mirror = dir.resolve("relative-mirror");
        String relative = Path.of("").toAbsolutePath().relativize(mirror).toString();
        assertThat(relative).doesNotStartWith("/");

        try (Storage storage = Storages.open(relative)) {
            assertThat(((FileSystemStorage) storage).root()).isEqualTo(mirror.toRealPath());
        }
    }

    @Test
    void fileUrisInBothSpellingsOpenTheSameStore() throws IOException {
        Path mirror = dir.resolve("mirror");
        try (Storage tripleSlash = Storages.open(mirror.toUri().toString());
                Storage singleSlash = Storages.open("file:" + mirror)) {
            assertThat(mirror.toUri().toString()).startsWith("file:///");
            tripleSlash.write("packages/decimal", "decimal".getBytes(UTF_8), WriteOptions.defaults());
            try (InputStream in = singleSlash.read("packages/decimal")) {
                assertThat(in.readAllBytes()).asString(UTF_8).isEqualTo("decimal");
            }
        }
    }

    @Test
    void theFsyncOptionIsAccepted() throws IOException {
        for (String value : new String[] {"true", "false", ""}) {
            try (Storage storage = Storages.open(dir.resolve("mirror").toUri() + "?fsync=" + value)) {
                assertThat(storage).isInstanceOf(FileSystemStorage.class);
            }
        }
        try (Storage storage = Storages.open(dir.resolve("mirror").toString(), Map.of("fsync", "false"),
                FileSystemStorageProviderTest.class.getClassLoader())) {
            assertThat(storage).isInstanceOf(FileSystemStorage.class);
        }
    }

    @Test
    void anUnknownSchemeListsTheProvidersFound() {
        assertThatThrownBy(() -> Storages.open("nosuch://bucket/mirror"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nosuch'")
                .hasMessageContaining("providers found: file");
    }

    @Test
    void anUnknownOptionIsRejectedByName() {
        assertThatThrownBy(() -> Storages.open(dir.resolve("mirror").toUri() + "?fsynk=false"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'fsynk'")
                .hasMessageContaining("known: fsync");
    }

    @Test
    void aBadOptionValueIsRejectedNamingOptionAndValue() {
        assertThatThrownBy(() -> Storages.open(dir.resolve("mirror").toUri() + "?fsync=sometimes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option fsync")
                .hasMessageContaining("'sometimes'");
    }

    @Test
    void fileUrisWithAHostOrARelativePathAreRejected() {
        assertThatThrownBy(() -> Storages.open("file://fileserver/srv/mirror"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("file://fileserver/srv/mirror")
                .hasMessageContaining("host");
        assertThatThrownBy(() -> Storages.open("file:relative/mirror"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("file:relative/mirror")
                .hasMessageContaining("not absolute");
    }

    @Test
    void openingAnExistingStoreCreatesNothingAndNamesTheMissingDirectory() {
        Path missing = dir.resolve("typo").resolve("mirror");

        assertThatThrownBy(() -> Storages.openExisting(missing.toString()))
                .isInstanceOf(StorageNotFoundException.class)
                .hasMessage(missing + ": no such directory");
        assertThatThrownBy(() -> Storages.openExisting(missing.toUri().toString()))
                .isInstanceOf(StorageNotFoundException.class);
        assertThat(dir.resolve("typo")).doesNotExist();
    }

    @Test
    void openingAnExistingStoreRefusesAFileAndOpensADirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> Storages.openExisting(file.toString()))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(StorageNotFoundException.class)
                .hasMessageContaining(file + ": it exists and is not a directory");

        Path mirror = Files.createDirectories(dir.resolve("mirror"));
        Files.writeString(mirror.resolve("names"), "names");
        try (Storage storage = Storages.openExisting(mirror.toString())) {
            assertThat(storage.stat("names")).isPresent();
        }
    }
}
