package io.hexmirror.testkit.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.storage.WriteOptions;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What the in-memory store offers tests beyond the contract. */
class MemoryStorageTest {
    private final MemoryStorage storage = new MemoryStorage();

    @Test
    void itTellsTheContentTypeAnObjectWasWrittenWith() throws IOException {
        storage.write("docs/x/index.html", bytes("<p>"), WriteOptions.defaults().withContentType("text/html; charset=utf-8"));
        storage.write("names", bytes("n"), WriteOptions.defaults());

        assertThat(storage.contentType("docs/x/index.html")).contains("text/html; charset=utf-8");
        assertThat(storage.contentType("names")).isEmpty();
        assertThat(storage.contentType("missing")).isEmpty();
    }

    @Test
    void changesOfAChosenKeyFailUntilClearedAndChangesAreListedInOrder() throws IOException {
        storage.failChangesOf("versions");
        storage.write("names", bytes("n"), WriteOptions.defaults());

        assertThatThrownBy(() -> storage.write("versions", bytes("v"), WriteOptions.defaults()))
                .isInstanceOf(IOException.class).hasMessageContaining("versions");
        assertThat(storage.get("versions")).isEmpty();

        storage.clearFailures();
        storage.write("versions", bytes("v"), WriteOptions.defaults());
        storage.delete("names");
        storage.put("planted", "not a change");

        assertThat(storage.changes()).containsExactly("names", "versions", "names");
        assertThat(storage.snapshot()).containsOnlyKeys("planted", "versions");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}
