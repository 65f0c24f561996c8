package io.hexmirror.cli;

import io.hexmirror.storage.config.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Reads durations such as {@code 90s}, {@code 15m}, {@code 6h}, {@code 1d} or {@code PT1H}, in the grammar of {@link Durations}, shared with storage options. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
