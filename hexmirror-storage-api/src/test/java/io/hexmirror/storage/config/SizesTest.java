package io.hexmirror.storage.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

    @ParameterizedTest
    @CsvSource({"512, 512", "512B, 512", "80k, 81920", "100K, 102400", "6144 KiB, 6291456", "2M, 2097152",
        "8m, 8388608", "700M, 734003200", "4095MiB, 4293918720", "2 GB, 2147483648", "4G, 4294967296",
        "1gib, 1073741824", "1T, 1099511627776", "' 5MiB ', 5242880"})
    void sizesUseBinaryUnitsInAnyCase(String text, long bytes) {
        assertThat(Sizes.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "lots", "-5M", "1.5G", "8E", "5 M B", "M", "5MBi"})
    void whatIsNotASizeIsRefusedQuotingIt(String text) {
        assertThatThrownBy(() -> Sizes.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a size (examples: 80k, 2M, 4G, 4095MiB, 512)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0K"})
    void zeroIsRefused(String text) {
        assertThatThrownBy(() -> Sizes.parse(text)).hasMessage("'" + text + "' is not a positive size");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9999999999999T", "9223372036854775807K", "99999999999999999999"})
    void whatDoesNotFitInALongIsRefused(String text) {
        assertThatThrownBy(() -> Sizes.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @ParameterizedTest
    @CsvSource({"9223372036854775807, 9223372036854775807", "8191P, -1"})
    void theLargestSizeFits(String text, long bytes) {
        if (bytes < 0) {
            assertThatThrownBy(() -> Sizes.parse(text)).isInstanceOf(IllegalArgumentException.class);
        } else {
            assertThat(Sizes.parse(text)).isEqualTo(bytes);
        }
    }
}
