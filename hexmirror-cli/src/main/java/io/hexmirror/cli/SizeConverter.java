package io.hexmirror.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads sizes such as {@code 700M}, {@code 4G} or {@code 4095MiB}: a whole number and an optional
 * binary unit (K, M, G, T: 1024, 1024², ...). A plain number is bytes.
 */
final class SizeConverter implements CommandLine.ITypeConverter<Long> {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*(?:([KMGT])(?:I?B)?|B)?");

    @Override
    public Long convert(String value) {
        Matcher m = SIZE.matcher(value.trim().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a size (examples: 700M, 4095M, 4G, 100K)");
        }
        long amount = Long.parseLong(m.group(1));
        int shift = m.group(2) == null ? 0 : 10 * ("KMGT".indexOf(m.group(2)) + 1);
        if (amount == 0 || Long.numberOfLeadingZeros(amount) <= shift) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a positive size that fits in 63 bits");
        }
        return amount << shift;
    }
}
