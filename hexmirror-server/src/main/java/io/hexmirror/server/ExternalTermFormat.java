package io.hexmirror.server;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Encodes the plain values an API document is made of into Erlang's external term format, as
 * {@code term_to_binary/1} would: what Hex clients decode when a response's content type is
 * {@code application/vnd.hex+erlang}.
 *
 * <p>Only the shapes hex.pm's API uses are supported: {@code null} is the atom {@code nil} (Elixir's),
 * booleans are the atoms {@code true} and {@code false}, strings are UTF-8 binaries, integral numbers
 * are integers, other numbers floats, maps (with string keys) are maps with binary keys, and lists are
 * proper lists. Anything else is a programming error. (The one Java library for the format,
 * Jinterface, was last published to Maven Central in 2016; these few tags are simpler to own.)
 */
final class ExternalTermFormat {
    static final int VERSION = 131;
    static final int NEW_FLOAT_EXT = 70;
    static final int SMALL_INTEGER_EXT = 97;
    static final int INTEGER_EXT = 98;
    static final int NIL_EXT = 106;
    static final int LIST_EXT = 108;
    static final int BINARY_EXT = 109;
    static final int SMALL_BIG_EXT = 110;
    static final int MAP_EXT = 116;
    static final int SMALL_ATOM_UTF8_EXT = 119;

    private ExternalTermFormat() {
    }

    /** The term, with the version byte in front. */
    static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(VERSION);
        write(out, value);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object value) {
        if (value == null) {
            atom(out, "nil");
        } else if (value instanceof Boolean bool) {
            atom(out, bool ? "true" : "false");
        } else if (value instanceof String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            out.write(BINARY_EXT);
            int32(out, bytes.length);
            out.writeBytes(bytes);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            integer(out, ((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            out.write(NEW_FLOAT_EXT);
            long bits = Double.doubleToLongBits(((Number) value).doubleValue());
            int32(out, (int) (bits >>> 32));
            int32(out, (int) bits);
        } else if (value instanceof Map<?, ?> map) {
            out.write(MAP_EXT);
            int32(out, map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String)) {
                    throw new IllegalArgumentException("map keys must be strings: " + entry.getKey());
                }
                write(out, entry.getKey());
                write(out, entry.getValue());
            }
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                out.write(NIL_EXT);
                return;
            }
            out.write(LIST_EXT);
            int32(out, list.size());
            for (Object element : list) {
                write(out, element);
            }
            out.write(NIL_EXT);
        } else {
            throw new IllegalArgumentException("no Erlang term for " + value.getClass().getName());
        }
    }

    private static void atom(ByteArrayOutputStream out, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        out.write(SMALL_ATOM_UTF8_EXT);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    private static void integer(ByteArrayOutputStream out, long value) {
        if (value >= 0 && value <= 255) {
            out.write(SMALL_INTEGER_EXT);
            out.write((int) value);
        } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            out.write(INTEGER_EXT);
            int32(out, (int) value);
        } else {
            // Little-endian magnitude with a sign byte.
            byte[] magnitude = BigInteger.valueOf(value).abs().toByteArray();
            int length = magnitude[0] == 0 ? magnitude.length - 1 : magnitude.length;
            out.write(SMALL_BIG_EXT);
            out.write(length);
            out.write(value < 0 ? 1 : 0);
            for (int i = magnitude.length - 1; i >= magnitude.length - length; i--) {
                out.write(magnitude[i]);
            }
        }
    }

    private static void int32(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }
}
