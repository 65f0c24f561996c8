package io.hexmirror.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.internal.sync.RegistryLayout;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.testkit.storage.MemoryStorage;
import org.junit.jupiter.api.Test;

class RegistryModeTest {
    @Test
    void aMirrorThatKeepsUpstreamsNamesApartReSigns() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        storage.write("names", new byte[] {1}, WriteOptions.defaults());
        assertThat(RegistryMode.of(storage)).isEqualTo(RegistryMode.VERBATIM);

        storage.write(RegistryLayout.RESIGN.upstreamCopy("names"), new byte[] {1}, WriteOptions.defaults());

        assertThat(RegistryMode.of(storage)).isEqualTo(RegistryMode.RESIGN);
    }
}
