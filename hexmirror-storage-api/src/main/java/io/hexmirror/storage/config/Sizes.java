package io.hexmirror.storage.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one grammar for sizes, on the command line and in storage options: a whole number, optional
 * spaces, and an optional binary unit {@code K}, {@code M}, {@code G} or {@code T} (1024, 1024²,
 * ...), which may be written {@code KB}/{@code KiB} and so on, in any case. A plain number or
 * {@code B} means bytes. Examples: {@code 80k}, {@code 2M}, {@code 4095MiB}, {@code 4 GB}, {@code 512}.
 * Fractions and negative numbers are refused.
 */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*(?:([KMGT])(?:I?B)?|B)?");
    private static final String UNITS = "KMGT";

    private Sizes() {
    }

    /**
     * Reads a positive size in bytes.
     *
     * @throws IllegalArgumentException quoting the text, when it is not a size, is zero or does not fit in a long
     */
    public static long parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("size is null");
        }
        Matcher m = SIZE.matcher(text.trim().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (examples: 80k, 2M, 4G, 4095MiB, 512)");
        }
        int shift = m.group(2) == null ? 0 : 10 * (UNITS.indexOf(m.group(2)) + 1);
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw tooLarge(text);
        }
        if (amount == 0) {
            throw new IllegalArgumentException("'" + text + "' is not a positive size");
        }
        if (Long.numberOfLeadingZeros(amount) <= shift) {
            throw tooLarge(text);
        }
        return amount << shift;
    }

    private static IllegalArgumentException tooLarge(String text) {
        return new IllegalArgumentException("'" + text + "' is too large a size");
    }
}
