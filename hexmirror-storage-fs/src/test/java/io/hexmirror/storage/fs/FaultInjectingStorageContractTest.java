package io.hexmirror.storage.fs;

import io.hexmirror.storage.Storage;
import io.hexmirror.storage.StorageCapability;
import io.hexmirror.testkit.storage.FaultInjectingStorage;
import io.hexmirror.testkit.storage.OpenFileDescriptors;
import io.hexmirror.testkit.storage.StorageContractTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault-injecting decorator with no fault armed is a faithful store; with a capability hidden,
 * it is a store without that capability, which exercises the contract's other branch.
 */
class FaultInjectingStorageContractTest {

    @Nested
    class Transparent extends StorageContractTest {
        @TempDir
        Path dir;

        private FileSystemStorage fs;

        @Override
        protected Storage createStorage() throws IOException {
            fs = FileSystemStorage.open(dir.resolve("mirror"), false);
            return new FaultInjectingStorage(fs);
        }

        @Override
        protected OptionalInt openHandleCount() throws IOException {
            return OpenFileDescriptors.countUnder(fs.root());
        }

        @Override
        protected long largeObjectSize() {
            return 8L * 1024 * 1024;
        }
    }

    @Nested
    class WithoutCreateExclusive extends StorageContractTest {
        @TempDir
        Path dir;

        private FileSystemStorage fs;

        @Override
        protected Storage createStorage() throws IOException {
            fs = FileSystemStorage.open(dir.resolve("mirror"), false);
            return new FaultInjectingStorage(fs).hideCapability(StorageCapability.CREATE_EXCLUSIVE);
        }

        @Override
        protected OptionalInt openHandleCount() throws IOException {
            return OpenFileDescriptors.countUnder(fs.root());
        }

        @Override
        protected long largeObjectSize() {
            return 8L * 1024 * 1024;
        }
    }
}
