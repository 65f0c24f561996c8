package io.hexmirror.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.storage.WriteOptions;
import io.hexmirror.testkit.storage.MemoryStorage;
import org.junit.jupiter.api.Test;

class StoredObjectsTest {
    private final MemoryStorage storage = new MemoryStorage();

    @Test
    void readsAnObjectUpToItsLimit() throws Exception {
        storage.write("names", new byte[10], WriteOptions.defaults());

        assertThat(StoredObjects.readIfPresent(storage, "names", 10)).hasValueSatisfying(b -> assertThat(b).hasSize(10));
    }

    @Test
    void aMissingObjectIsEmpty() throws Exception {
        assertThat(StoredObjects.readIfPresent(storage, "names", 10)).isEmpty();
    }

    @Test
    void anObjectOverItsLimitIsRefusedNamingKeyStorageAndLimit() throws Exception {
        storage.write("names", new byte[11], WriteOptions.defaults());

        assertThatThrownBy(() -> StoredObjects.readIfPresent(storage, "names", 10))
                .isInstanceOfSatisfying(ObjectTooLargeException.class, e -> {
                    assertThat(e.key()).isEqualTo("names");
                    assertThat(e.limit()).isEqualTo(10);
                })
                .hasMessage("names in " + storage.describe() + " is larger than the limit of 10 bytes");
    }
}
