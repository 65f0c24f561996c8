package io.hexmirror.testkit.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RandomBytesTest {

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() {
        assertThat(RandomBytes.slice(7, 50_000)).isEqualTo(RandomBytes.slice(7, 50_000));
        assertThat(RandomBytes.slice(8, 50_000)).isNotEqualTo(RandomBytes.slice(7, 50_000));
        assertThat(RandomBytes.slice(7, 0)).isEmpty();
    }

    @Test
    void aSliceLongerThanTheBlockWrapsRoundIt() {
        int size = RandomBytes.BLOCK_BYTES + 1000;

        byte[] slice = RandomBytes.slice(3, size);

        assertThat(slice).hasSize(size);
        assertThat(Arrays.copyOfRange(slice, RandomBytes.BLOCK_BYTES, size)).isEqualTo(Arrays.copyOfRange(slice, 0, 1000));
        assertThat(Arrays.copyOfRange(slice, 1000, 2000)).isNotEqualTo(Arrays.copyOfRange(slice, 0, 1000));
    }
}
