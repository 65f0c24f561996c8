package io.hexmirror.erlang;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code file:consult} file: Erlang terms, each ended by a dot. It accepts the literal terms such
 * files hold (what Hex and hand-written configs produce), not expressions: atoms (bare and quoted), integers
 * (with {@code _} separators, {@code Base#Digits}, {@code $c} characters, a sign), floats, string literals
 * (adjacent ones joined), binaries of string and integer segments with an optional {@code /utf8} type,
 * lists, tuples, maps and {@code %} comments. Improper lists, variables, records, pids and sized binary
 * segments are refused with the line and column where they start.
 *
 * <p>The file is read as UTF-8, as {@code file:consult} does since OTP 17, or as Latin-1 when it is not
 * valid UTF-8. A string segment without {@code /utf8} contributes the bytes it was written with (so raw
 * UTF-8 text stays UTF-8, which is what old Hex versions meant) and its escapes contribute one byte each,
 * as in Erlang.
 *
 * <p>This is the project's one Erlang term parser: {@code metadata.config} in package tarballs and
 * {@code rebar.lock} files are both read with it. Nesting is bounded ({@value #MAX_DEPTH} levels), so a
 * hostile file gets a syntax error instead of overflowing the stack. Instances are not reused: each call
 * of a static method parses one text.
 */
public final class ErlangTermParser {
    private static final int EOF = -1;
    /** Real files nest a few levels; the bound keeps a hostile file from overflowing the stack. */
    public static final int MAX_DEPTH = 100;

    private final int[] text;
    private final String where;
    private int pos;
    private int depth;
    private int scannedTo;
    private int scannedLine = 1;
    private int scannedColumn = 1;
    /** The terms whose position a document can tell, and where each starts. */
    private Object[] placed = new Object[64];
    private int[] offsets = new int[64];
    private int placedCount;

    private ErlangTermParser(int[] text, String where) {
        this.text = text;
        this.where = where;
    }

    /**
     * Parses every term of a file read as bytes: UTF-8, or Latin-1 when it is not valid UTF-8.
     *
     * @param where names the file in error messages
     * @throws ErlangSyntaxException naming the line and column of the first syntax error
     */
    public static ErlangDocument parse(byte[] file, String where) throws ErlangSyntaxException {
        int[] ascii = asciiCodePoints(file);
        return ascii != null ? new ErlangTermParser(ascii, where).file() : parse(ErlangTerms.decodeText(file), where);
    }

    /**
     * The characters of a file that is all ASCII (as nearly every {@code metadata.config} is), which UTF-8 reads
     * byte for byte, without decoding it into a string first; null when a byte is not ASCII.
     */
    private static int[] asciiCodePoints(byte[] file) {
        int[] codePoints = new int[file.length];
        for (int i = 0; i < file.length; i++) {
            if (file[i] < 0) {
                return null;
            }
            codePoints[i] = file[i];
        }
        return codePoints;
    }

    /**
     * Parses every term of a text; a leading byte order mark is skipped.
     *
     * @param where names the text in error messages
     * @throws ErlangSyntaxException naming the line and column of the first syntax error
     */
    public static ErlangDocument parse(String text, String where) throws ErlangSyntaxException {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return new ErlangTermParser(body.codePoints().toArray(), where).file();
    }

    private ErlangDocument file() throws ErlangSyntaxException {
        List<Object> terms = new ArrayList<>();
        skipBlank();
        while (peek() != EOF) {
            Object term = term();
            skipBlank();
            if (peek() != '.') {
                throw error("expected '.' to end the term but found " + found());
            }
            pos++;
            terms.add(term);
            skipBlank();
        }
        return new ErlangDocument(terms, text, placed, offsets, placedCount);
    }

    /** A term, remembering where it starts so that callers can point at it in their own messages. */
    private Object term() throws ErlangSyntaxException {
        skipBlank();
        int start = pos;
        Object term = bareTerm();
        if (!(term instanceof Number)) {
            // Small boxed integers are shared objects, so an identity lookup could find another's place.
            if (placedCount == placed.length) {
                placed = Arrays.copyOf(placed, placedCount * 2);
                offsets = Arrays.copyOf(offsets, placedCount * 2);
            }
            placed[placedCount] = term;
            offsets[placedCount++] = start;
        }
        return term;
    }

    private Object bareTerm() throws ErlangSyntaxException {
        int c = peek();
        if (c == '{') {
            return tuple();
        } else if (c == '[') {
            return list();
        } else if (c == '<' && peekAt(1) == '<') {
            return binary();
        } else if (c == '#' && peekAt(1) == '{') {
            return map();
        } else if (c == '"') {
            return charList(strings());
        } else if (c == '\'') {
            return quotedAtom();
        } else if (c == '$') {
            return character();
        } else if (c == '-' || c == '+') {
            pos++;
            skipBlank();
            Object number = signable(c == '-');
            if (number == null) {
                throw error("expected a number after '" + Character.toString(c) + "' but found " + found());
            }
            return number;
        } else if (isDigit(c)) {
            return number(false);
        } else if (isAtomStart(c)) {
            return new ErlangAtom(atomName());
        } else if (c == '_' || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7)) {
            throw error("found the variable '" + word() + "': only literal terms are allowed");
        } else if (c == EOF) {
            throw error("expected a term but found the end of the file");
        } else {
            throw error("expected a term but found " + found());
        }
    }

    /** A number or character after a sign, or null when there is none. */
    private Object signable(boolean negative) throws ErlangSyntaxException {
        if (isDigit(peek())) {
            return number(negative);
        }
        if (peek() == '$') {
            long c = character();
            return negative ? -c : c;
        }
        return null;
    }

    private ErlangTuple tuple() throws ErlangSyntaxException {
        pos++;
        return new ErlangTuple(sequence('}', "tuple"));
    }

    private List<Object> list() throws ErlangSyntaxException {
        pos++;
        return Collections.unmodifiableList(sequence(']', "list"));
    }

    private List<Object> sequence(char close, String what) throws ErlangSyntaxException {
        enter();
        List<Object> elements = new ArrayList<>();
        skipBlank();
        if (peek() == close) {
            pos++;
            depth--;
            return elements;
        }
        while (true) {
            elements.add(term());
            skipBlank();
            int c = peek();
            if (c == ',') {
                pos++;
            } else if (c == close) {
                pos++;
                depth--;
                return elements;
            } else if (c == '|' && close == ']') {
                throw error("improper lists ('|') are not supported");
            } else {
                throw error("expected ',' or '" + close + "' in a " + what + " but found " + found());
            }
        }
    }

    private Map<Object, Object> map() throws ErlangSyntaxException {
        pos += 2;
        enter();
        Map<Object, Object> map = new LinkedHashMap<>();
        skipBlank();
        if (peek() == '}') {
            pos++;
            depth--;
            return Collections.unmodifiableMap(map);
        }
        while (true) {
            Object key = term();
            skipBlank();
            if (peek() != '=' || peekAt(1) != '>') {
                throw error("expected '=>' after a map key but found " + found());
            }
            pos += 2;
            map.put(key, term());
            skipBlank();
            int c = peek();
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                depth--;
                return Collections.unmodifiableMap(map);
            } else {
                throw error("expected ',' or '}' in a map but found " + found());
            }
        }
    }

    /** Called after the opening bracket of a list, tuple or map. */
    private void enter() throws ErlangSyntaxException {
        if (++depth > MAX_DEPTH) {
            throw errorAt(pos - 1, "terms are nested more than " + MAX_DEPTH + " levels deep");
        }
    }

    private String binary() throws ErlangSyntaxException {
        pos += 2;
        skipBlank();
        String plain = plainStringBinary();
        if (plain != null) {
            return plain;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (peek() == '>' && peekAt(1) == '>') {
            pos += 2;
            return new String(); // a distinct object, so that its position can be looked up
        }
        while (true) {
            segment(bytes);
            skipBlank();
            if (peek() == '>' && peekAt(1) == '>') {
                pos += 2;
                return ErlangTerms.decodeText(bytes.toByteArray());
            } else if (peek() == ',') {
                pos++;
            } else {
                throw error("expected ',' or '>>' in a binary but found " + found());
            }
        }
    }

    /**
     * The fast path for the binaries that make up nearly all of a {@code metadata.config}: one string without
     * escapes and without a type, {@code <<"text">>}. Its bytes are the UTF-8 of its characters, which decode
     * back to the same characters, so the value is the text between the quotes; no surrogate may be among
     * them (UTF-8 cannot encode one, the general path turns it into '?'). Returns null, having consumed
     * nothing, for any other binary; {@code pos} is at the first segment.
     */
    private String plainStringBinary() {
        if (peek() != '"') {
            return null;
        }
        int from = pos + 1;
        int end = from;
        while (end < text.length && text[end] != '"') {
            int c = text[end];
            if (c == '\\' || (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
                return null;
            }
            end++;
        }
        if (end == text.length) {
            return null;
        }
        int save = pos;
        pos = end + 1;
        skipBlank();
        if (peek() == '>' && peekAt(1) == '>') {
            pos += 2;
            return new String(text, from, end - from);
        }
        pos = save;
        return null;
    }

    private void segment(ByteArrayOutputStream bytes) throws ErlangSyntaxException {
        skipBlank();
        int start = pos;
        int c = peek();
        Chars chars = null;
        long integer = 0;
        if (c == '"') {
            chars = strings();
        } else if (c == '$') {
            integer = character();
        } else if (isDigit(c) || c == '-' || c == '+') {
            Object number = term();
            if (!(number instanceof Long value)) {
                throw errorAt(start, "only strings and integers of at most 64 bits are supported in binaries");
            }
            integer = value;
        } else {
            throw error("expected a string or an integer in a binary but found " + found());
        }
        skipBlank();
        if (peek() == ':') {
            throw error("binary segment sizes are not supported");
        }
        boolean utf8 = false;
        if (peek() == '/') {
            pos++;
            skipBlank();
            int typeAt = pos;
            String type = isAtomStart(peek()) ? atomName() : "";
            if (!type.equals("utf8")) {
                throw errorAt(typeAt, "unsupported binary segment type '" + type + "': only /utf8 is supported");
            }
            utf8 = true;
        }
        if (chars != null && utf8) {
            for (int i = 0; i < chars.count; i++) {
                writeUtf8(chars.codePoints[i], start, bytes);
            }
        } else if (chars != null) {
            if (chars.wideEscapeAt >= 0) {
                throw errorAt(chars.wideEscapeAt, "escaped character above 255 in a binary segment without /utf8");
            }
            bytes.writeBytes(chars.raw.toByteArray());
        } else if (utf8) {
            if (integer < 0 || integer > Character.MAX_CODE_POINT) {
                throw errorAt(start, "integer " + integer + " is not a Unicode code point");
            }
            writeUtf8((int) integer, start, bytes);
        } else {
            if (integer < 0 || integer > 255) {
                throw errorAt(start, "integer " + integer + " in a binary does not fit in a byte");
            }
            bytes.write((int) integer);
        }
    }

    private void writeUtf8(int codePoint, int at, ByteArrayOutputStream out) throws ErlangSyntaxException {
        if (codePoint >= 0xD800 && codePoint <= 0xDFFF) {
            throw errorAt(at, String.format("U+%04X is a surrogate, which UTF-8 cannot encode", codePoint));
        }
        out.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
    }

    /** The characters of one string literal or of several adjacent ones (Erlang joins them). */
    private static final class Chars {
        int[] codePoints = new int[16];
        int count;
        /** The bytes a binary segment without a type gets: literal text as written, escapes as bytes. */
        final ByteArrayOutputStream raw = new ByteArrayOutputStream();
        /** Where an escape above 255 is, which has no byte form; -1 when there is none. */
        int wideEscapeAt = -1;

        void add(int codePoint) {
            if (count == codePoints.length) {
                codePoints = Arrays.copyOf(codePoints, count * 2);
            }
            codePoints[count++] = codePoint;
        }
    }

    private Chars strings() throws ErlangSyntaxException {
        Chars chars = new Chars();
        quoted('"', chars);
        while (true) {
            int save = pos;
            skipBlank();
            if (peek() != '"') {
                pos = save;
                return chars;
            }
            quoted('"', chars);
        }
    }

    private static List<Object> charList(Chars chars) {
        List<Object> list = new ArrayList<>(chars.count);
        for (int i = 0; i < chars.count; i++) {
            list.add((long) chars.codePoints[i]);
        }
        return Collections.unmodifiableList(list);
    }

    private ErlangAtom quotedAtom() throws ErlangSyntaxException {
        Chars chars = new Chars();
        quoted('\'', chars);
        return new ErlangAtom(new String(chars.codePoints, 0, chars.count));
    }

    private void quoted(char quote, Chars into) throws ErlangSyntaxException {
        int start = pos;
        pos++;
        while (true) {
            int c = peek();
            if (c == EOF) {
                throw errorAt(start, "unterminated " + (quote == '"' ? "string" : "quoted atom"));
            }
            pos++;
            if (c == quote) {
                return;
            }
            if (c == '\\') {
                int escapeAt = pos - 1;
                int value = escape();
                into.add(value);
                if (value > 255) {
                    if (into.wideEscapeAt < 0) {
                        into.wideEscapeAt = escapeAt;
                    }
                } else {
                    into.raw.write(value);
                }
            } else {
                into.add(c);
                if (c < 0x80) {
                    into.raw.write(c);
                } else {
                    into.raw.writeBytes(new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    /** An escape sequence; {@code pos} is just after the backslash. */
    private int escape() throws ErlangSyntaxException {
        int start = pos - 1;
        int c = peek();
        if (c == EOF) {
            throw errorAt(start, "unterminated escape sequence");
        }
        pos++;
        switch (c) {
            case 'b': return '\b';
            case 'd': return 127;
            case 'e': return 27;
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 's': return ' ';
            case 't': return '\t';
            case 'v': return 11;
            case '^': {
                int control = peek();
                if (control == EOF) {
                    throw errorAt(start, "unterminated escape sequence");
                }
                pos++;
                return control & 31;
            }
            case 'x': {
                if (peek() == '{') {
                    pos++;
                    int digitsAt = pos;
                    while (Character.digit(peek(), 16) >= 0) {
                        pos++;
                    }
                    if (pos == digitsAt || peek() != '}') {
                        throw errorAt(start, "malformed escape: expected \\x{HEX}");
                    }
                    BigInteger value = new BigInteger(substring(digitsAt, pos), 16);
                    pos++;
                    if (value.compareTo(BigInteger.valueOf(Character.MAX_CODE_POINT)) > 0) {
                        throw errorAt(start, "escape \\x{" + value.toString(16).toUpperCase() + "} is beyond Unicode");
                    }
                    return value.intValue();
                }
                if (Character.digit(peek(), 16) < 0 || Character.digit(peekAt(1), 16) < 0) {
                    throw errorAt(start, "malformed escape: expected \\xHH or \\x{HEX}");
                }
                pos += 2;
                return Integer.parseInt(substring(pos - 2, pos), 16);
            }
            default:
                if (c >= '0' && c <= '7') {
                    int value = c - '0';
                    for (int i = 0; i < 2 && peek() >= '0' && peek() <= '7'; i++) {
                        value = value * 8 + (peek() - '0');
                        pos++;
                    }
                    return value;
                }
                // Erlang keeps any other escaped character as itself: \\ \" \' and the rest.
                return c;
        }
    }

    private long character() throws ErlangSyntaxException {
        int start = pos;
        pos++;
        int c = peek();
        if (c == EOF) {
            throw errorAt(start, "expected a character after '$'");
        }
        pos++;
        return c == '\\' ? escape() : c;
    }

    private Object number(boolean negative) throws ErlangSyntaxException {
        int start = pos;
        String digits = digits(10);
        BigInteger value;
        if (peek() == '#') {
            int base = digits.length() <= 2 ? Integer.parseInt(digits) : 0;
            if (base < 2 || base > 36) {
                throw errorAt(start, "integer base " + digits + " is not between 2 and 36");
            }
            pos++;
            String based = digits(base);
            if (based.isEmpty()) {
                throw error("expected base-" + base + " digits after '#' but found " + found());
            }
            value = new BigInteger(based, base);
        } else if (peek() == '.' && isDigit(peekAt(1))) {
            pos++;
            String fraction = digits(10);
            String exponent = "";
            if (peek() == 'e' || peek() == 'E') {
                int save = pos;
                pos++;
                String sign = "";
                if (peek() == '-' || peek() == '+') {
                    sign = Character.toString(peek());
                    pos++;
                }
                String power = digits(10);
                if (power.isEmpty()) {
                    pos = save;
                    throw error("expected the exponent's digits in a float");
                }
                exponent = "e" + sign + power;
            }
            double d = Double.parseDouble(digits + "." + fraction + exponent);
            if (Double.isInfinite(d)) {
                throw errorAt(start, "float is out of range");
            }
            return negative ? -d : d;
        } else {
            value = new BigInteger(digits);
        }
        if (negative) {
            value = value.negate();
        }
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    /** A run of digits in a base, without the {@code _} separators Erlang allows between digits. */
    private String digits(int base) {
        StringBuilder digits = new StringBuilder();
        while (true) {
            int c = peek();
            if (c < 128 && Character.digit(c, base) >= 0) {
                digits.append((char) c);
                pos++;
            } else if (c == '_' && digits.length() > 0 && peekAt(1) < 128 && Character.digit(peekAt(1), base) >= 0) {
                pos++;
            } else {
                return digits.toString();
            }
        }
    }

    private String atomName() {
        int start = pos;
        while (isAtomPart(peek())) {
            pos++;
        }
        return substring(start, pos);
    }

    private String word() {
        int start = pos;
        while (isAtomPart(peek())) {
            pos++;
        }
        String word = substring(start, pos);
        pos = start;
        return word;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** Erlang: a lowercase ASCII or Latin-1 letter. */
    private static boolean isAtomStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7);
    }

    private static boolean isAtomPart(int c) {
        return isAtomStart(c) || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_' || c == '@'
                || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
    }

    private void skipBlank() {
        while (pos < text.length) {
            int c = text[pos];
            if (c == '%') {
                while (pos < text.length && text[pos] != '\n') {
                    pos++;
                }
            } else if (c <= ' ' || c == 0xA0) {
                pos++;
            } else {
                return;
            }
        }
    }

    private int peek() {
        return peekAt(0);
    }

    private int peekAt(int offset) {
        return pos + offset < text.length ? text[pos + offset] : EOF;
    }

    private String substring(int from, int to) {
        return new String(text, from, to - from);
    }

    private String found() {
        int c = peek();
        if (c == EOF) {
            return "the end of the file";
        }
        if (c < ' ' || c == 127 || Character.isWhitespace(c)) {
            return String.format("U+%04X", c);
        }
        return "'" + Character.toString(c) + "'";
    }

    private ErlangSyntaxException error(String detail) {
        return errorAt(pos, detail);
    }

    private ErlangSyntaxException errorAt(int at, String detail) {
        int[] lineColumn = lineColumn(at);
        return new ErlangSyntaxException(where, lineColumn[0], lineColumn[1], detail);
    }

    /**
     * 1-based line and column (in code points) of a position. Positions asked for mostly grow, so the
     * scan resumes from the last one instead of restarting at the top of a large file.
     */
    private int[] lineColumn(int at) {
        if (at < scannedTo) {
            scannedTo = 0;
            scannedLine = 1;
            scannedColumn = 1;
        }
        for (; scannedTo < at && scannedTo < text.length; scannedTo++) {
            if (text[scannedTo] == '\n') {
                scannedLine++;
                scannedColumn = 1;
            } else {
                scannedColumn++;
            }
        }
        return new int[] {scannedLine, scannedColumn};
    }
}
