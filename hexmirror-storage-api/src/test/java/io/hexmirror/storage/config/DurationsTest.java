package io.hexmirror.storage.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "30s, PT30S", "90s, PT1M30S", "5m, PT5M", "15M, PT15M", "6h, PT6H", "1d, PT24H",
        "'10 s', PT10S", "PT1H30M, PT1H30M", "pt30s, PT30S"})
    void durationsTakeAUnitOrIso8601(String text, String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "10", "1.5h", "-5s", "5 minutes", "10w"})
    void whatIsNotADurationIsRefusedQuotingIt(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a duration (examples: 500ms, 30s, 5m, 6h, 1d, PT1H30M)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "0ms", "PT0S", "PT-5S"})
    void zeroAndNegativeDurationsAreRefused(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).hasMessage("'" + text + "' is not a positive duration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"999999999999999999d", "999999999999999999h"})
    void durationsTooLongForJavaAreRefused(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }
}
