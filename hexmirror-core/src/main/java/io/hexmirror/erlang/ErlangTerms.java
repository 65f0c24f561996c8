package io.hexmirror.erlang;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Helpers over the Java values that stand for Erlang terms (see the package documentation). */
public final class ErlangTerms {
    private static final Pattern BARE_ATOM = Pattern.compile("[a-z][A-Za-z0-9_@]*");
    private static final int ABBREVIATE_AT = 80;

    private ErlangTerms() {
    }

    /**
     * The text a term stands for, or null when it is not text: a binary, or a list of code points (an
     * Erlang string literal; {@code []} is the empty string, as in Erlang).
     */
    public static String asText(Object term) {
        if (term instanceof String s) {
            return s;
        }
        if (term instanceof List<?> list) {
            StringBuilder text = new StringBuilder(list.size());
            for (Object element : list) {
                if (!(element instanceof Long codePoint) || codePoint < 0 || codePoint > Character.MAX_CODE_POINT) {
                    return null;
                }
                text.appendCodePoint((int) (long) codePoint);
            }
            return text.toString();
        }
        return null;
    }

    public static boolean isAtom(Object term, String name) {
        return term instanceof ErlangAtom atom && atom.name().equals(name);
    }

    /**
     * Binary bytes as text. Hex writes UTF-8; bytes that are not valid UTF-8 are read as Latin-1, which is
     * how Erlang would print them, so that no byte is silently replaced.
     */
    public static String decodeText(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** A short description of a term for "expected X, found Y" messages: its kind, and its value when short. */
    public static String describe(Object term) {
        if (term instanceof String s) {
            return "the binary " + abbreviate(s);
        } else if (term instanceof ErlangAtom atom) {
            return "the atom " + atom;
        } else if (term instanceof ErlangTuple tuple) {
            return "a tuple of " + tuple.size() + (tuple.size() == 1 ? " element" : " elements");
        } else if (term instanceof List<?> list) {
            String text = list.isEmpty() ? null : asText(list);
            return text != null ? "the string " + abbreviate(text.codePoints().mapToObj(c -> (Object) (long) c).toList())
                    : "a list";
        } else if (term instanceof Map<?, ?>) {
            return "a map";
        } else {
            return "the number " + term;
        }
    }

    /** A term in Erlang syntax, cut short for an error message. */
    public static String abbreviate(Object term) {
        String text = format(term);
        return text.length() <= ABBREVIATE_AT ? text : text.substring(0, ABBREVIATE_AT) + "...";
    }

    /** A term in Erlang syntax (binaries with non-ASCII text get {@code /utf8}). */
    public static String format(Object term) {
        StringBuilder out = new StringBuilder();
        format(term, out);
        return out.toString();
    }

    private static void format(Object term, StringBuilder out) {
        if (term instanceof String s) {
            boolean ascii = s.chars().allMatch(c -> c < 128);
            out.append("<<");
            quote(s, '"', out);
            out.append(ascii ? ">>" : "/utf8>>");
        } else if (term instanceof ErlangAtom atom) {
            if (BARE_ATOM.matcher(atom.name()).matches()) {
                out.append(atom.name());
            } else {
                quote(atom.name(), '\'', out);
            }
        } else if (term instanceof ErlangTuple tuple) {
            out.append('{');
            join(tuple.elements().iterator(), out);
            out.append('}');
        } else if (term instanceof List<?> list) {
            out.append('[');
            join(list.iterator(), out);
            out.append(']');
        } else if (term instanceof Map<?, ?> map) {
            out.append("#{");
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                format(entry.getKey(), out);
                out.append(" => ");
                format(entry.getValue(), out);
            }
            out.append('}');
        } else {
            out.append(term);
        }
    }

    private static void join(Iterator<?> elements, StringBuilder out) {
        while (elements.hasNext()) {
            format(elements.next(), out);
            if (elements.hasNext()) {
                out.append(',');
            }
        }
    }

    private static void quote(String text, char quote, StringBuilder out) {
        out.append(quote);
        text.codePoints().forEach(c -> {
            if (c == quote || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c < 32 || c == 127) {
                out.append(String.format("\\x{%X}", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        out.append(quote);
    }
}
