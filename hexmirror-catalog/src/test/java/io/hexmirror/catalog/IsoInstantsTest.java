package io.hexmirror.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {
    @Test
    void readsWhatInstantToStringWrites() {
        Random random = new Random(13);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(253_402_300_800L); // 0000-01-01 .. 9999-12-31, as four-digit years
            long sign = random.nextBoolean() ? 1 : -1;
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(sign * seconds % 62_167_219_200L, nanos);
            String text = instant.toString();
            assertThat(IsoInstants.parse(text)).as(text).isEqualTo(Instant.parse(text)).isEqualTo(instant);
        }
    }

    @Test
    void anyOtherTextGetsWhatInstantParseGives() {
        List<String> texts = List.of("2024-03-01T12:00:00.5Z", "2024-03-01T12:00:00.123456789Z", "2024-03-01T12:00:00.1234Z",
                "2024-03-01t12:00:00z", "2024-02-29T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "2016-12-31T23:59:60Z", "2024-03-01T24:00:00Z",
                "2024-03-01T12:00:00.Z",
                "2024-03-01T12:00:00+01:00");
        for (String text : texts) {
            assertThat(IsoInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void refusesWhatInstantParseRefuses() {
        List<String> texts = List.of("2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-00-10T00:00:00Z", "2024-04-31T00:00:00Z",
                "2024-03-01T12:60:00Z", "2024-03-01T12:00:00.1234567890Z",
                "2024-03-01T12:00:00", "2024-03-01 12:00:00Z", "2024-3-01T12:00:00Z", "２０２４-03-01T12:00:00Z", "", "Z");
        for (String text : texts) {
            Class<? extends Throwable> expected = thrownBy(() -> Instant.parse(text));
            assertThat(expected).as(text).isNotNull();
            assertThatThrownBy(() -> IsoInstants.parse(text)).as(text).isExactlyInstanceOf(expected);
        }
    }

    private static Class<? extends Throwable> thrownBy(Runnable run) {
        try {
            run.run();
            return null;
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }
}
