package io.hexmirror.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.storage.Storage;
import io.hexmirror.storage.Storages;
import io.hexmirror.testkit.storage.OpenFileDescriptors;
import io.hexmirror.testkit.storage.StorageContractTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem store, opened through its URI as any caller would, passes the storage contract. */
class FileSystemStorageContractTest extends StorageContractTest {
    @TempDir
    Path dir;

    private Path root;

    @Override
    protected Storage createStorage() throws IOException {
        Storage storage = Storages.open(dir.resolve("mirror").toUri().toString());
        root = dir.resolve("mirror").toRealPath();
        return storage;
    }

    @Override
    protected OptionalInt openHandleCount() throws IOException {
        return OpenFileDescriptors.countUnder(root);
    }

    @AfterEach
    void noTemporaryFileIsLeftBehind() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith(FileSystemStorage.TEMP_MARKER)))
                    .as("temporary files left in the store").isEmpty();
        }
    }
}
