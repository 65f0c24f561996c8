package io.hexmirror.storage.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.storage.ObjectAlreadyExistsException;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.StorageCapability;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.testkit.storage.FaultInjectingStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The faults of {@link FaultInjectingStorage}, over the real filesystem store. */
class FaultInjectingStorageTest {
    @TempDir
    Path dir;

    private FileSystemStorage fs;
    private FaultInjectingStorage storage;

    @BeforeEach
    void open() throws IOException {
        fs = FileSystemStorage.open(dir.resolve("mirror"), false);
        storage = new FaultInjectingStorage(fs);
    }

    @Test
    void theNthCommitFailsOnceAndLeavesThePreviousObject() throws IOException {
        storage.write("packages/b", bytes("old b"), WriteOptions.defaults());
        storage.failCommit(2);

        storage.write("packages/a", bytes("a"), WriteOptions.defaults());
        assertThatThrownBy(() -> storage.write("packages/b", bytes("new b"), WriteOptions.defaults()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("'packages/b'")
                .hasMessageContaining("injected");
        storage.write("packages/c", bytes("c"), WriteOptions.defaults());
        storage.write("packages/b", bytes("newer b"), WriteOptions.defaults());

        assertThat(storage.committedKeys()).containsExactly("packages/b", "packages/a", "packages/c", "packages/b");
        assertThat(storage.commitCount()).isEqualTo(4);
        assertThat(read("packages/b")).isEqualTo("newer b");
        assertNoTemporaryFiles();
    }

    @Test
    void aFailedCommitPublishesNothing() throws IOException {
        storage.failCommit(1);

        assertThatThrownBy(() -> storage.write("names", bytes("names"), WriteOptions.defaults()))
                .isInstanceOf(IOException.class);

        assertThat(fs.stat("names")).isEmpty();
        assertThat(storage.committedKeys()).isEmpty();
        assertNoTemporaryFiles();
    }

    @Test
    void severalCommitFailuresCanBeArmed() throws IOException {
        storage.failCommit(1).failCommit(3);

        List<String> failed = new ArrayList<>();
        for (String key : List.of("k1", "k2", "k3", "k4")) {
            try {
                storage.write(key, bytes(key), WriteOptions.defaults());
            } catch (IOException e) {
                failed.add(key);
            }
        }

        assertThat(failed).containsExactly("k1", "k3");
        assertThat(storage.committedKeys()).containsExactly("k2", "k4");
    }

    @Test
    void aLostCommitResponseFailsAnExclusiveWriteThatLandedAndLeavesPlainWritesAlone() throws IOException {
        storage.loseCommitResponse(1).loseCommitResponse(2);

        assertThatThrownBy(() -> storage.write("packages/a", bytes("a"), WriteOptions.exclusiveCreate()))
                .isInstanceOfSatisfying(ObjectAlreadyExistsException.class, e -> assertThat(e.key()).isEqualTo("packages/a"));
        storage.write("packages/b", bytes("b"), WriteOptions.defaults());
        storage.write("packages/c", bytes("c"), WriteOptions.exclusiveCreate());

        assertThat(read("packages/a")).as("the exclusive write landed").isEqualTo("a");
        assertThat(read("packages/b")).isEqualTo("b");
        assertThat(read("packages/c")).as("the fault fires once").isEqualTo("c");
        assertThat(storage.committedKeys()).containsExactly("packages/a", "packages/b", "packages/c");
        assertNoTemporaryFiles();
    }

    @Test
    void theNthDeleteFailsOnce() throws IOException {
        storage.write("a", bytes("a"), WriteOptions.defaults());
        storage.write("b", bytes("b"), WriteOptions.defaults());
        storage.failDelete(2);

        assertThat(storage.delete("a")).isTrue();
        assertThatThrownBy(() -> storage.delete("b"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("'b'");
        assertThat(fs.stat("b")).isPresent();
        assertThat(storage.delete("b")).isTrue();
        assertThat(storage.deletedKeys()).containsExactly("a", "b");
    }

    @Test
    void writesFailOnceTheyPassTheByteLimitAndCannotBeCommitted() throws IOException {
        storage.write("tarballs/x.tar", bytes("old"), WriteOptions.defaults());
        storage.failWritesAfterBytes(100);

        storage.write("small", new byte[100], WriteOptions.defaults());
        try (ObjectWrite write = storage.write("tarballs/x.tar", WriteOptions.defaults())) {
            write.stream().write(new byte[60]);
            assertThatThrownBy(() -> write.stream().write(new byte[60]))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("'tarballs/x.tar'")
                    .hasMessageContaining("after 100 bytes");
            assertThatThrownBy(write::commit)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("failed earlier");
        }

        assertThat(read("tarballs/x.tar")).isEqualTo("old");
        assertThat(fs.stat("small")).map(ObjectInfo::size).contains(100L);
        storage.clearFaults();
        storage.write("tarballs/x.tar", new byte[500], WriteOptions.defaults());
        assertThat(fs.stat("tarballs/x.tar")).map(ObjectInfo::size).contains(500L);
        assertNoTemporaryFiles();
    }

    @Test
    void aFullDiskFailsEveryWriteUntilCleared() throws IOException {
        storage.diskFullAfterBytes(1000);

        storage.write("a", new byte[600], WriteOptions.defaults());
        assertThatThrownBy(() -> storage.write("b", new byte[600], WriteOptions.defaults()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("'b'")
                .hasMessageEndingWith("No space left on device");
        assertThatThrownBy(() -> storage.write("c", new byte[1], WriteOptions.defaults()))
                .isInstanceOf(IOException.class)
                .hasMessageEndingWith("No space left on device");
        storage.write("empty", new byte[0], WriteOptions.defaults());

        assertThat(keys()).containsExactly("a", "empty");
        storage.clearFaults();
        storage.write("c", new byte[1], WriteOptions.defaults());
        assertThat(keys()).containsExactly("a", "c", "empty");
        assertNoTemporaryFiles();
    }

    @Test
    void aHiddenCapabilityIsNeitherDeclaredNorUsable() throws IOException {
        assertThat(storage.capabilities()).contains(StorageCapability.CREATE_EXCLUSIVE);
        storage.hideCapability(StorageCapability.CREATE_EXCLUSIVE);

        assertThat(storage.capabilities()).doesNotContain(StorageCapability.CREATE_EXCLUSIVE);
        assertThatThrownBy(() -> storage.write("names", WriteOptions.exclusiveCreate()))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("'names'")
                .hasMessageContaining("CREATE_EXCLUSIVE");
        assertThat(fs.capabilities()).as("the wrapped store is untouched").contains(StorageCapability.CREATE_EXCLUSIVE);
    }

    @Test
    void committedKeysIsASnapshot() throws IOException {
        storage.write("a", bytes("a"), WriteOptions.defaults());
        List<String> snapshot = storage.committedKeys();
        storage.write("b", bytes("b"), WriteOptions.defaults());

        assertThat(snapshot).containsExactly("a");
        assertThatThrownBy(() -> snapshot.add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void faultArgumentsAreChecked() {
        assertThatThrownBy(() -> storage.failCommit(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.failDelete(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.failWritesAfterBytes(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.diskFullAfterBytes(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    private void assertNoTemporaryFiles() throws IOException {
        try (Stream<Path> files = Files.walk(fs.root())) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith(FileSystemStorage.TEMP_MARKER))).isEmpty();
        }
    }

    private List<String> keys() throws IOException {
        try (Stream<ObjectInfo> listing = storage.list("")) {
            return listing.map(ObjectInfo::key).toList();
        }
    }

    private String read(String key) throws IOException {
        try (InputStream in = storage.read(key)) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}
