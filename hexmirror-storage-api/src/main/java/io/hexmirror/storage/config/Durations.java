package io.hexmirror.storage.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one grammar for durations, on the command line and in storage options: a whole number,
 * optional spaces and a unit, {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}, in any
 * case; or an ISO-8601 duration such as {@code PT1H30M}. Examples: {@code 500ms}, {@code 30s},
 * {@code 5m}, {@code 6h}, {@code 1d}. Fractions, negative and zero durations are refused.
 */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,18})\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Reads a positive duration.
     *
     * @throws IllegalArgumentException quoting the text, when it is not a duration, or not a positive one
     */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("duration is null");
        }
        String trimmed = text.trim();
        Matcher m = SHORT.matcher(trimmed.toLowerCase(Locale.ROOT));
        Duration duration;
        try {
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                duration = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            } else {
                duration = Duration.parse(trimmed.toUpperCase(Locale.ROOT));
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 500ms, 30s, 5m, 6h, 1d, PT1H30M)");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("'" + text + "' is not a positive duration");
        }
        return duration;
    }
}
