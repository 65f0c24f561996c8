package io.hexmirror.storage;

/**
 * The rules every key follows, whatever the store: relative, '/'-separated, no empty, '.' or '..'
 * segment, no backslash or control character. A key that breaks them could escape a store's root
 * or alias another key, so stores refuse it before doing anything.
 */
public final class StorageKeys {
    private StorageKeys() {
    }

    /**
     * Returns the key when valid.
     *
     * @throws IllegalArgumentException naming the key and what is wrong with it
     */
    public static String validate(String key) {
        if (key == null) {
            throw new IllegalArgumentException("key is null");
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key is empty");
        }
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("key '" + key + "' is absolute");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\' || c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("key '" + printable(key) + "' contains a backslash or control character");
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("key '" + key + "' has an empty segment");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("key '" + key + "' has a '" + segment + "' segment");
            }
        }
        return key;
    }

    /**
     * Returns the prefix when valid: empty, or a valid key optionally followed by '/'.
     */
    public static String validatePrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("prefix is null");
        }
        if (prefix.isEmpty()) {
            return prefix;
        }
        validate(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        return prefix;
    }

    private static String printable(String key) {
        StringBuilder out = new StringBuilder();
        for (char c : key.toCharArray()) {
            out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
