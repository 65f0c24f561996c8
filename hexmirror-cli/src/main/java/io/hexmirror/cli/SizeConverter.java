package io.hexmirror.cli;

import io.hexmirror.storage.config.Sizes;
import picocli.CommandLine;

/** Reads sizes such as {@code 700M}, {@code 4G} or {@code 4095MiB}, in the grammar of {@link Sizes}, shared with storage options. */
final class SizeConverter implements CommandLine.ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        try {
            return Sizes.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
