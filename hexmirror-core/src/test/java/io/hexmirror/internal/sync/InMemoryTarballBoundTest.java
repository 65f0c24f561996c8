package io.hexmirror.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InMemoryTarballBoundTest {
    @Test
    void eachTarballThreadGetsAShareOfTheMemoryUpToOneMebibyte() {
        assertThat(PackageSync.inMemoryTarballBytes(1)).isEqualTo(1024 * 1024);
        assertThat(PackageSync.inMemoryTarballBytes(16)).as("the default: --concurrency 8, two threads each").isEqualTo(1024 * 1024);
        assertThat(PackageSync.inMemoryTarballBytes(64)).isEqualTo(256 * 1024);
        assertThat(64 * PackageSync.inMemoryTarballBytes(64)).isEqualTo(PackageSync.TARBALLS_IN_MEMORY_BYTES);
    }

    @Test
    void veryManyThreadsStillHoldATypicalTarballInMemory() {
        assertThat(PackageSync.inMemoryTarballBytes(10_000)).isEqualTo(64 * 1024);
    }
}
