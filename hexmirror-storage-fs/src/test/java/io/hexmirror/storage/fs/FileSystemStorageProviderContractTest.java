package io.hexmirror.storage.fs;

import io.hexmirror.storage.StorageProvider;
import io.hexmirror.testkit.storage.StorageProviderContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileSystemStorageProviderContractTest extends StorageProviderContractTest {
    @TempDir
    Path dir;

    @Override
    protected StorageProvider provider() {
        return new FileSystemStorageProvider();
    }

    @Override
    protected String target() {
        return dir.resolve("mirror").toString();
    }
}
