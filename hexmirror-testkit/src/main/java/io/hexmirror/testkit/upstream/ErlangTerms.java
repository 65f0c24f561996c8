package io.hexmirror.testkit.upstream;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes the few Erlang term shapes that {@code metadata.config} and {@code .app.src} files hold,
 * in the syntax {@code file:consult/1} reads.
 */
final class ErlangTerms {
    private static final Pattern PLAIN_ATOM = Pattern.compile("[a-z][A-Za-z0-9_@]*");
    /** Reserved words that must be quoted to be read as atoms. */
    private static final Set<String> RESERVED = Set.of(
            "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case", "catch",
            "cond", "div", "else", "end", "fun", "if", "let", "maybe", "not", "of", "or", "orelse", "receive",
            "rem", "try", "when", "xor");

    private ErlangTerms() {
    }

    /** {@code <<"text">>}, or {@code <<"text"/utf8>>} when the text is not ASCII, as io_lib prints it. */
    static String binary(String text) {
        boolean ascii = text.chars().allMatch(ch -> ch < 0x80);
        return "<<" + quoted(text, '"') + (ascii ? "" : "/utf8") + ">>";
    }

    /** A string literal (a list of characters), as {@code .app.src} files use. */
    static String string(String text) {
        return quoted(text, '"');
    }

    static String atom(String name) {
        return PLAIN_ATOM.matcher(name).matches() && !RESERVED.contains(name) ? name : quoted(name, '\'');
    }

    static String bool(boolean value) {
        return value ? "true" : "false";
    }

    static String tuple(String... elements) {
        return "{" + String.join(",", elements) + "}";
    }

    static <T> String list(List<T> items, Function<T, String> term) {
        return items.stream().map(term).collect(Collectors.joining(",", "[", "]"));
    }

    /** One {@code {<<"key">>,Value}.} line of a consult file. */
    static String entry(String key, String value) {
        return tuple(binary(key), value) + ".\n";
    }

    private static String quoted(String text, char quote) {
        StringBuilder out = new StringBuilder(text.length() + 2).append(quote);
        text.codePoints().forEach(cp -> {
            switch (cp) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (cp == quote) {
                        out.append('\\').append(quote);
                    } else if (cp < 0x20 || cp == 0x7f) {
                        out.append(String.format("\\x{%X}", cp));
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.append(quote).toString();
    }
}
